"""GET /api/v1/reports/annual/{year}: exactly the JSON of API.md, to the right people."""

import pytest

from tests.reports.conftest import EXPECTED_PART2, EXPECTED_PART3, EXPECTED_PART4, full_part3, full_part4

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/annual/2025"


def test_an_agencys_report_is_exactly_the_api_md_json(api_client, agency, sfj_year, make_staff):
    response = api_client(make_staff(agency, "handler")).get(URL, organization="dl-sfj")
    assert response.status_code == 200, response.content
    body = response.json()
    assert list(body) == ["year", "organization", "part2", "part3", "part4", "checks"]
    assert body["year"] == 2025 and body["organization"] == "dl-sfj"
    assert body["part2"] == EXPECTED_PART2
    assert body["part3"]["columns"] == [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "public_interest_organization",
        "legal_service_institution",
        "other_organization",
        "total",
    ]
    assert body["part3"]["rows"] == full_part3(EXPECTED_PART3)
    assert list(body["part3"]["rows"])[:3] == ["1", "2", "3.1"]
    assert body["part4"] == full_part4(EXPECTED_PART4)
    assert list(body["part4"]["reconsideration"]) == ["upheld", "corrected", "other", "pending", "total"]
    assert body["checks"] == {"balanced": True, "problems": []}


def test_without_organization_the_caller_gets_its_governments_consolidation(
    api_client, city, agency, sfj_year, make_staff
):
    body = api_client(make_staff(city, "supervisor")).get(URL).json()
    assert body["organization"] == "dl"
    assert body["part3"]["rows"]["1"]["total"] == 5


def test_administrators_get_the_root_government(api_client, admin_user, city, agency, sfj_year):
    assert api_client(admin_user).get(URL).json()["organization"] == "dl"


def test_a_department_user_without_organization_is_told_to_name_one(api_client, agency, make_staff):
    response = api_client(make_staff(agency, "editor")).get(URL)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "organization_required"


def test_a_supervisor_sees_the_agencies_below(api_client, city, agency, sfj_year, make_staff):
    assert api_client(make_staff(city, "supervisor")).get(URL, organization="dl-sfj").status_code == 200


def test_another_agencys_staff_are_refused(api_client, agency, other_agency, make_staff):
    response = api_client(make_staff(other_agency, "office_head")).get(URL, organization="dl-sfj")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_a_department_cannot_read_its_governments_consolidation(api_client, city, agency, make_staff):
    assert api_client(make_staff(agency, "office_head")).get(URL, organization="dl").status_code == 403


def test_without_a_token_the_answer_is_401(api_client, agency):
    assert api_client().get(URL, organization="dl-sfj").status_code == 401


def test_an_unknown_agency_is_404(api_client, admin_user):
    assert api_client(admin_user).get(URL, organization="nope").status_code == 404


@pytest.mark.parametrize("year", [1999, 2099])
def test_a_year_out_of_range_is_400(api_client, admin_user, agency, year):
    response = api_client(admin_user).get(f"/api/v1/reports/annual/{year}", organization="dl-sfj")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_year"


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/reports/annual/{year}" in schema["paths"]
