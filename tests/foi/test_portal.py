"""The public pages: the application form with its captcha, the confirmation, tracking."""

import pytest
from django.urls import reverse

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
    "captcha_answer": "7",
}


def token_from(page: str) -> str:
    import re

    return re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)


def test_apply_page_has_the_guide_and_a_captcha(client, agency):
    response = client.get(reverse("portal:foi_apply"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "怎样写好一份申请" in text and "data:image/svg+xml;base64," in text
    assert "csrfmiddlewaretoken" in text
    assert agency.name in text


def test_apply_stores_and_shows_the_tracking_code(client, agency, settings):
    settings.ZWGK_CAPTCHA_FIXED = (3, 4)
    token = token_from(client.get(reverse("portal:foi_apply")).content.decode())
    response = client.post(reverse("portal:foi_apply"), {**FORM, "captcha_token": token})
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert application.tracking_code in page
    assert reverse("portal:foi_track") in page


def test_apply_with_a_wrong_captcha_stores_nothing(client, agency, settings):
    settings.ZWGK_CAPTCHA_FIXED = (3, 4)
    token = token_from(client.get(reverse("portal:foi_apply")).content.decode())
    response = client.post(
        reverse("portal:foi_apply"), {**FORM, "captcha_token": token, "captcha_answer": "8"}
    )
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert not Application.objects.exists()


def test_apply_replay_of_a_used_captcha_is_refused(client, agency, settings):
    settings.ZWGK_CAPTCHA_FIXED = (3, 4)
    token = token_from(client.get(reverse("portal:foi_apply")).content.decode())
    client.post(reverse("portal:foi_apply"), {**FORM, "captcha_token": token})
    response = client.post(reverse("portal:foi_apply"), {**FORM, "captcha_token": token})
    assert response.status_code == 400
    assert Application.objects.count() == 1


def test_apply_needs_csrf(agency):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("portal:foi_apply"), FORM)
    assert response.status_code == 403


def test_apply_is_rate_limited(client, agency, settings):
    settings.ZWGK_RATE_LIMITS = {**settings.ZWGK_RATE_LIMITS, "public_form": (2, 3600)}
    codes = [client.post(reverse("portal:foi_apply"), FORM).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_tracking_page_unknown_code(client, agency):
    response = client.post(reverse("portal:foi_track"), {"code": "7KQ2-M9XD-3FHT"})
    assert response.status_code == 404
    assert "没有找到" in response.content.decode()


def test_apply_page_preselects_the_agency_linked_from_its_guide(client, agency):
    page = client.get("/apply/", {"organization": agency.code}).content.decode()
    assert f'<option value="{agency.code}" selected>' in page
