from datetime import date

import pytest

from zwgk.core.calendars import calendar_current
from zwgk.core.models import AuditEntry

pytestmark = pytest.mark.django_db

OFFICIAL_2026_WORKDAYS = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def test_2026_schedule_is_the_official_one(api_client):
    body = api_client().get("/api/v1/calendar/2026").json()
    assert body["provisional"] is False
    assert body["workdays"] == OFFICIAL_2026_WORKDAYS
    holidays = set(body["holidays"])
    assert {"2026-02-15", "2026-02-23", "2026-10-01", "2026-10-07", "2026-09-25"} <= holidays
    assert "2026-10-08" not in holidays and "2026-02-24" not in holidays
    assert len(holidays) == 33


def test_2025_schedule_is_the_official_one(api_client):
    body = api_client().get("/api/v1/calendar/2025").json()
    assert body["workdays"] == ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
    assert {"2025-01-28", "2025-02-04", "2025-10-08", "2025-05-31", "2025-06-02"} <= set(body["holidays"])


def test_year_without_schedule_is_provisional(api_client):
    # RULES §1: the 2027 provisional calendar, typed from its list (days off besides weekends).
    body = api_client().get("/api/v1/calendar/2027").json()
    assert body == {
        "year": 2027,
        "holidays": [
            "2027-01-01",
            "2027-02-05",
            "2027-02-08",
            "2027-02-09",
            "2027-02-10",
            "2027-04-05",
            "2027-05-03",
            "2027-05-04",
            "2027-06-09",
            "2027-09-15",
            "2027-10-01",
            "2027-10-04",
            "2027-10-05",
        ],
        "workdays": [],
        "provisional": True,
    }
    assert calendar_current().is_provisional(date(2027, 1, 4))
    assert not calendar_current().is_workday(date(2027, 1, 1))


def test_loading_the_official_year_replaces_the_provisional_one(api_client, admin_user):
    # A made-up official 2027 (not yet published): only the replacement matters here.
    body = (
        api_client(admin_user)
        .put(
            "/api/v1/staff/calendar/2027",
            {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03"], "workdays": ["2027-01-09"]},
        )
        .json()
    )
    assert body["provisional"] is False
    assert body["holidays"] == ["2027-01-01", "2027-01-02", "2027-01-03"]
    assert calendar_current().is_workday(date(2027, 2, 9))  # the law's 补假 is gone with it
    assert calendar_current().is_workday(date(2027, 1, 9))


def test_put_of_a_year_without_holidays_is_refused(api_client, admin_user):
    response = api_client(admin_user).put("/api/v1/staff/calendar/2027", {"holidays": [], "workdays": []})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert "holidays" in error["fields"]
    assert api_client().get("/api/v1/calendar/2027").json()["provisional"] is True


def test_out_of_range_year_is_a_400_in_the_error_format(api_client):
    response = api_client().get("/api/v1/calendar/1800")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_failed"


def test_put_replaces_the_year_and_changes_add_workdays(api_client, admin_user):
    cal = calendar_current()
    # 2027-01-04 is a Monday; with no schedule, the 1st working day after Fri 2027-01-01 is Mon 01-04.
    assert cal.add_workdays(date(2027, 1, 1), 1) == date(2027, 1, 4)
    response = api_client(admin_user).put(
        "/api/v1/staff/calendar/2027",
        {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"], "workdays": ["2027-01-09"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["provisional"] is False
    cal = calendar_current()
    assert not cal.is_provisional(date(2027, 6, 1))
    assert cal.add_workdays(date(2027, 1, 1), 1) == date(2027, 1, 5)
    assert cal.add_workdays(date(2027, 1, 8), 1) == date(2027, 1, 9)  # make-up Saturday
    assert AuditEntry.objects.filter(verb="calendar.replace", target_id__isnull=False).exists()


def test_put_needs_a_token(api_client):
    response = api_client().put("/api/v1/staff/calendar/2027", {"holidays": []})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_put_by_non_administrator_is_refused(api_client, make_staff, agency):
    editor = make_staff(agency, "editor", "supervisor")
    response = api_client(editor).put("/api/v1/staff/calendar/2027", {"holidays": []})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body, field",
    [
        ({"holidays": ["2027-13-01"]}, "holidays"),
        ({"holidays": ["2026-12-31"]}, None),  # a day outside the year
        ({"holidays": [], "workdays": ["2027-01-05"]}, None),  # a Tuesday cannot be a make-up day
        ({"holidays": "not a list"}, "holidays"),
    ],
)
def test_put_with_bad_dates_is_a_clear_400(api_client, admin_user, body, field):
    response = api_client(admin_user).put("/api/v1/staff/calendar/2027", body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"]
    if field:
        assert field in error["fields"]
