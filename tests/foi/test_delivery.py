"""Postal delivery needs a postal address (issue 20 item 7; Art. 29(3)): the service, the API,
the public form and the staff form refuse it without one, and letters state the delivery only
as the case records it."""

from datetime import date

import pytest
from django.urls import reverse

from tests.foi.factories import ApplicantFactory, RequestFactory, register_case
from tests.foi.test_api import BODY
from tests.foi.test_portal import FORM, solved
from zwgk.core.errors import ValidationFailed
from zwgk.foi import services
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db

ADDRESS_ERROR = "选择邮寄方式获取信息的，请填写通信地址"


def test_submission_by_post_without_an_address_is_refused(agency):
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            organization=agency,
            applicant=ApplicantFactory(address=""),
            request=RequestFactory(delivery="post"),
        )
    assert exc.value.fields == {"applicant.address": ADDRESS_ERROR}
    assert not Application.objects.exists()


def test_registration_by_post_without_an_address_is_refused(agency, handler):
    with pytest.raises(ValidationFailed) as exc:
        services.application_register(
            actor=handler,
            organization=agency,
            applicant=ApplicantFactory(address="  "),
            request=RequestFactory(delivery="post"),
            channel="letter",
            received_on=date(2026, 3, 2),
            today=date(2026, 3, 2),
        )
    assert "applicant.address" in exc.value.fields


def test_post_with_an_address_and_other_ways_without_one_are_accepted(agency, handler):
    by_post = register_case(agency, handler, received_on="2026-03-02", applicant=ApplicantFactory())
    assert by_post.address
    online = services.application_submit(
        organization=agency, applicant=ApplicantFactory(address=""), request=RequestFactory(delivery="email")
    )
    assert online.delivery == "email" and online.address == ""


def test_api_submission_by_post_without_an_address_is_a_400_naming_the_field(api_client, agency):
    body = {**BODY, "delivery": "post", "applicant": {**BODY["applicant"], "address": ""}}
    response = api_client().post("/api/v1/applications", body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"] == {"applicant.address": ADDRESS_ERROR}


def test_api_registration_by_post_without_an_address_is_a_400(api_client, agency, handler, on_day):
    on_day("2026-03-02")
    body = {
        **BODY,
        "delivery": "post",
        "applicant": {**BODY["applicant"], "address": ""},
        "channel": "post",
        "received_on": "2026-03-02",
    }
    response = api_client(handler).post("/api/v1/staff/applications", body)
    assert response.status_code == 400
    assert "applicant.address" in response.json()["error"]["fields"]
    assert not Application.objects.exists()


def test_public_form_asks_for_the_address_when_post_is_chosen(client, agency):
    response = client.post(
        reverse("portal:foi_apply"), {**FORM, "delivery": "post", "altcha": solved(client)}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["address"] == [ADDRESS_ERROR]
    assert ADDRESS_ERROR in response.content.decode()
    assert not Application.objects.exists()


def test_staff_registration_form_asks_for_the_address_when_post_is_chosen(client, handler, agency, on_day):
    on_day("2026-03-26")
    client.force_login(handler)
    data = {
        "organization": agency.pk,
        "channel": "letter",
        "received_on": "2026-03-20",
        "applicant_type": "natural_person",
        "applicant_name": "刘建国",
        "id_type": "resident_id",
        "phone": "0411-83630000",
        "description": "请提供本局2025年行政复议案件数量。",
        "info_form": "paper",
        "delivery": "post",
    }
    response = client.post(reverse("backoffice:foi_register"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["address"] == [ADDRESS_ERROR]
    assert not Application.objects.exists()
