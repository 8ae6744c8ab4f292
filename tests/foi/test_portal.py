"""The public pages: the application form with its proof of work, the confirmation, tracking."""

import pytest
from django.urls import reverse

from zwgk.core import proof_of_work
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db

FORM = {
    "organization": "dl-sfj",
    "applicant_type": "natural_person",
    "applicant_name": "李华",
    "id_type": "resident_id",
    "id_number": "",
    "phone": "13800001111",
    "title": "大连市2025年法律援助经费使用情况",
    "description": "请提供2025年度法律援助经费的预算和支出明细。",
    "info_form": "electronic",
    "delivery": "email",
}


def solved(client) -> str:
    """What the page's ALTCHA widget posts as `altcha` once it has solved a challenge."""
    return proof_of_work.solve(client.get(reverse("api:challenge")).json())


def test_apply_page_has_the_guide_and_a_proof_of_work_widget(client, agency):
    response = client.get(reverse("portal:foi_apply"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "怎样写好一份申请" in text
    assert f'<altcha-widget name="altcha" challengeurl="{reverse("api:challenge")}"' in text
    assert "vendor/altcha/altcha.umd.js" in text and "vendor/altcha/worker.js" in text
    assert "csrfmiddlewaretoken" in text
    assert agency.name in text


def test_apply_stores_and_shows_the_tracking_code(client, agency):
    response = client.post(reverse("portal:foi_apply"), {**FORM, "altcha": solved(client)})
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert application.tracking_code in page
    assert reverse("portal:foi_track") in page


@pytest.mark.parametrize("altcha", ["", "bm9wZQ=="])
def test_apply_without_a_solved_challenge_stores_nothing(client, agency, altcha):
    response = client.post(reverse("portal:foi_apply"), {**FORM, "altcha": altcha})
    assert response.status_code == 400
    assert "人机验证" in response.content.decode()
    assert not Application.objects.exists()


def test_apply_replay_of_a_used_challenge_is_refused(client, agency):
    payload = solved(client)
    client.post(reverse("portal:foi_apply"), {**FORM, "altcha": payload})
    response = client.post(reverse("portal:foi_apply"), {**FORM, "altcha": payload})
    assert response.status_code == 400
    assert "已使用" in response.content.decode()
    assert Application.objects.count() == 1


def test_an_invalid_form_keeps_its_challenge_unused(client, agency):
    payload = solved(client)
    response = client.post(reverse("portal:foi_apply"), {**FORM, "applicant_name": "", "altcha": payload})
    assert response.status_code == 400
    assert client.post(reverse("portal:foi_apply"), {**FORM, "altcha": payload}).status_code == 302


def test_apply_needs_csrf(agency):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("portal:foi_apply"), FORM)
    assert response.status_code == 403


def test_apply_is_rate_limited(client, agency, settings):
    settings.ZWGK_RATE_LIMITS = {**settings.ZWGK_RATE_LIMITS, "public_form": (2, 3600)}
    codes = [client.post(reverse("portal:foi_apply"), FORM).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_tracking_page_unknown_code(client, agency):
    response = client.post(reverse("portal:foi_track"), {"code": "7KQ2-M9XD-3FHT", "altcha": solved(client)})
    assert response.status_code == 404
    assert "没有找到" in response.content.decode()


def test_tracking_page_needs_a_solved_challenge(client, agency):
    response = client.post(reverse("portal:foi_track"), {"code": "7KQ2-M9XD-3FHT"})
    assert response.status_code == 200
    assert "人机验证" in response.content.decode() and "没有找到" not in response.content.decode()


def test_apply_page_preselects_the_agency_linked_from_its_guide(client, agency):
    page = client.get("/apply/", {"organization": agency.code}).content.decode()
    assert f'<option value="{agency.code}" selected>' in page
