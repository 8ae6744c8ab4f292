"""Issue 21.3: bad input is a 4xx at the edge, never a 500 (PostgreSQL rejects NUL bytes in text;
both databases reject integers beyond 64 bits)."""

import json

import pytest

from tests.foi.factories import register_case
from tests.foi.test_api import BODY as APPLICATION
from zwgk.api.tokens import api_token_issue
from zwgk.foi.domain.fees import MAX_QUANTITY
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db


def _api_error(response, status=400):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    return error


@pytest.mark.parametrize("year", ["10000", "-1", "99999999999999999999", "0"])
def test_document_list_year_out_of_range_is_a_400(client, year):
    error = _api_error(client.get("/api/v1/documents", {"year": year}))
    assert "year" in error["fields"]


def test_document_list_year_in_range_works(client):
    assert client.get("/api/v1/documents", {"year": "2026"}).status_code == 200


def test_calendar_page_with_a_non_numeric_year_shows_this_year(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/staff/calendar/", {"year": "abc"}).status_code == 200


@pytest.mark.parametrize(
    "param",
    ["q", "organization", "genre", "subject", "column", "kind", "validity"],
)
def test_nul_byte_in_a_public_filter_is_a_400(client, param):
    error = _api_error(client.get("/api/v1/documents", {param: "市\x00政府"}))
    assert error["code"] == "validation_failed" and param in error["fields"]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_in_a_public_submission_are_refused(client, agency, char):
    body = {**APPLICATION, "applicant": {**APPLICATION["applicant"], "name": f"张{char}明"}}
    response = client.post("/api/v1/applications", json.dumps(body), content_type="application/json")
    error = _api_error(response)
    assert error["fields"] == {"applicant.name": "不得含有控制字符（制表、换行、回车除外）"}
    assert not Application.objects.exists()


def test_tab_newline_and_return_are_allowed(api_client, agency):
    body = {**APPLICATION, "description": "第一行\r\n第二行\t附注"}
    response = api_client().post("/api/v1/applications", body)  # with a solved challenge
    assert response.status_code == 201


def test_nul_byte_in_portal_pages_and_forms_is_a_400_page(client, agency):
    assert client.get("/search/", {"q": "a\x00b"}).status_code == 400
    response = client.post("/apply/", {"name": "张\x00明"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()


def test_nul_byte_in_a_path_is_refused(client):
    assert client.get("/api/v1/applications/track/AB%00CD").status_code == 400


def test_id_beyond_64_bits_in_a_path_is_a_404(client):
    assert _api_error(client.get("/api/v1/documents/99999999999999999999"), 404)["code"] == "not_found"
    assert client.get("/documents/99999999999999999999/").status_code == 404


@pytest.fixture
def case(agency, handler, on_day):
    on_day("2026-03-02")
    return register_case(agency, handler, received_on="2026-03-02", today="2026-03-02")


def _fee(client, handler, case, quantity):
    # Raw JSON: 1e30 and 2**63 as the numbers a hostile client writes, not as Python would.
    raw = f'{{"type": "fee_notice_sent", "on": "2026-03-05", "basis": "per_page", "quantity": {quantity}}}'
    token = api_token_issue(actor=None, user=handler)
    return client.post(
        f"/api/v1/staff/applications/{case.pk}/events",
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )


@pytest.mark.parametrize("quantity", ["1e30", str(2**63), str(MAX_QUANTITY + 1), "0", "-5"])
def test_fee_quantity_out_of_range_is_a_400(client, handler, case, on_day, quantity):
    on_day("2026-03-05")
    _api_error(_fee(client, handler, case, quantity))
    case.refresh_from_db()
    assert case.state == "in_progress"


def test_fee_quantity_at_the_bound_is_charged(client, handler, case, on_day):
    on_day("2026-03-05")
    response = _fee(client, handler, case, str(MAX_QUANTITY))
    assert response.status_code == 200, response.content
    assert response.json()["fee"]["quantity"] == MAX_QUANTITY


def test_nul_byte_in_a_back_office_form_is_a_400_back_office_page(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/staff/calendar/?year=2027", {"year": "2027", "holidays": "2027-01-01\x00"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()
