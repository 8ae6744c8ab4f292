"""Applicants' identity numbers and contacts: only the handling agency sees them (ARCHITECTURE)."""

import logging

import pytest
from django.urls import reverse

from tests.factories import altcha_solved
from tests.foi.factories import ApplicantFactory, register_case

pytestmark = pytest.mark.django_db

SECRET = {
    "id_number": "210202198001010008",
    "phone": "13912345678",
    "email": "zhang.ming@example.cn",
    "address": "辽宁省大连市中山区人民路10号3单元",
}


@pytest.fixture
def case(agency, handler, on_day):
    on_day("2026-03-02")
    return register_case(
        agency, handler, received_on="2026-03-02", applicant=ApplicantFactory(name="张明", **SECRET)
    )


def leaked(text: str) -> list[str]:
    return [v for v in SECRET.values() if v in text]


def test_the_handling_agency_sees_the_full_record(api_client, case, handler):
    body = api_client(handler).get(f"/api/v1/staff/applications/{case.pk}").json()
    assert body["applicant"]["id_number"] == SECRET["id_number"]
    assert body["applicant"]["masked"] is False


def test_a_supervisor_sees_the_case_masked(api_client, case, supervisor):
    body = api_client(supervisor).get(f"/api/v1/staff/applications/{case.pk}").json()
    assert body["applicant"]["masked"] is True
    assert body["applicant"]["id_number"] == "2102**********0008"
    assert body["applicant"]["phone"] == "139****5678"
    assert leaked(str(body)) == []


def test_a_platform_administrator_sees_the_case_masked(api_client, case, admin_user):
    body = api_client(admin_user).get(f"/api/v1/staff/applications/{case.pk}").json()
    assert leaked(str(body)) == []


def test_lists_are_masked_even_for_the_agency(api_client, case, handler):
    body = api_client(handler).get("/api/v1/staff/applications").json()
    row = body["results"][0]
    assert row["applicant_id_number"] == "2102**********0008"
    assert row["applicant_phone"] == "139****5678"
    assert leaked(str(body)) == []


def test_workbench_list_page_is_masked(client, case, handler):
    client.force_login(handler)
    text = client.get(reverse("backoffice:foi_workbench")).content.decode()
    assert "2102**********0008" in text
    assert leaked(text) == []


def test_case_page_shows_personal_data_only_to_the_agency(client, case, handler, supervisor):
    client.force_login(handler)
    assert SECRET["id_number"] in client.get(reverse("backoffice:foi_case", args=[case.pk])).content.decode()
    client.force_login(supervisor)
    text = client.get(reverse("backoffice:foi_case", args=[case.pk])).content.decode()
    assert leaked(text) == [] and "张明" not in text


def test_tracking_answer_has_no_personal_data(api_client, client, case):
    body = api_client().get(f"/api/v1/applications/track/{case.tracking_code}").text
    assert leaked(body) == [] and "张明" not in body
    page = client.post(
        reverse("portal:foi_track"), {"code": case.tracking_code, "altcha": altcha_solved(client)}
    ).content.decode()
    assert "办理中" in page
    assert leaked(page) == [] and "张明" not in page


def test_nothing_personal_reaches_the_logs(api_client, client, agency, caplog, settings, on_day):
    caplog.set_level(logging.DEBUG)
    body = {
        "organization": "dl-sfj",
        "applicant": {
            "type": "natural_person",
            "name": "张明",
            **SECRET,
            "id_number": "bad-" + SECRET["id_number"],
        },
        "description": "x",
    }
    api_client().post("/api/v1/applications", body)  # a 400 is logged by Django
    body["applicant"]["id_number"] = SECRET["id_number"]
    api_client().post("/api/v1/applications", body)
    client.post(
        reverse("portal:foi_apply"), {"applicant_name": "张明", **SECRET, "altcha": altcha_solved(client)}
    )
    api_client().get("/api/v1/applications/track/7KQ2-M9XD-3FHT")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert leaked(text) == []


def test_audit_rows_hold_no_personal_data(case, handler):
    from zwgk.core.models import AuditEntry

    rows = " ".join(str((e.target_repr, e.data, e.before, e.after)) for e in AuditEntry.objects.all())
    assert leaked(rows) == [] and "张明" not in rows


def test_identity_proof_downloads_only_for_the_agency(client, agency, handler, supervisor, on_day):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.foi.factories import RequestFactory
    from zwgk.foi import services

    proof = SimpleUploadedFile("张明身份证.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    app = services.application_submit(
        organization=agency, applicant=ApplicantFactory(), request=RequestFactory(), identity_proof=proof
    )
    attachment = app.attachments.get()
    assert attachment.content_type == "image/png"
    assert "张明" not in attachment.file.name  # stored under a random name
    client.force_login(handler)
    response = client.get(reverse("backoffice:foi_file", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    client.force_login(supervisor)
    assert client.get(reverse("backoffice:foi_file", args=[attachment.pk])).status_code == 404


def test_identity_proof_of_the_wrong_type_is_refused(agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.foi.factories import RequestFactory
    from zwgk.core.errors import ValidationFailed
    from zwgk.foi import services
    from zwgk.foi.models import Application

    fake = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            organization=agency, applicant=ApplicantFactory(), request=RequestFactory(), identity_proof=fake
        )
    assert "identity_proof" in exc.value.fields
    assert not Application.objects.exists()
