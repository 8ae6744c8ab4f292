"""The applications API and tracking answer carry the letters (API.md: letters, tracking)."""

import pytest

from tests.casework.steps import new_case

pytestmark = pytest.mark.django_db


def test_a_step_event_through_the_api_generates_its_letter(api_client, make_staff, agency):
    handler = make_staff(agency, "handler")
    case = new_case(agency, handler, received_on="2026-03-02")
    api = api_client(handler)
    response = api.post(
        f"/api/v1/staff/applications/{case.pk}/events",
        {
            "type": "correction_requested",
            "on": "2026-03-04",
            "period_workdays": 10,
            "note": "1. 请写明文件名称",
        },
    )
    assert response.status_code == 200, response.content
    letters = api.get(f"/api/v1/staff/applications/{case.pk}").json()["letters"]
    assert [(letter["kind"], letter["state"]) for letter in letters] == [("correction_notice", "draft")]
    # Not signed off, so the applicant sees nothing yet.
    tracked = api_client().get(f"/api/v1/applications/track/{case.tracking_code}").json()
    assert tracked["letters"] == []
