"""Progress push and lookup exactly as API.md writes them, and on-time against the guide."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import altcha_solved
from tests.services.factories import published_guide
from zwgk.core.models import AuditEntry
from zwgk.services.models import CaseMilestone, GuideVersion, LimitUnit
from zwgk.services.progress import due_on, on_time

URL = "/api/v1/staff/services/progress"
TODAY = date(2026, 11, 30)


@pytest.fixture
def guide(agency, editor, reviewer):
    return published_guide(agency, editor, reviewer, "SFJ-FLYZ")


@pytest.fixture
def system(make_staff, city):
    return make_staff(city, "service_system", username="service_system")


def push(api, milestone, on, *, case_no="DL2026000001", code="123456", unit="市司法局法律援助中心"):
    return api.post(
        URL,
        {
            "case_no": case_no,
            "item_code": "SFJ-FLYZ",
            "organization": "dl-sfj",
            "milestone": milestone,
            "on": on,
            "unit": unit,
            "verification_code": code,
        },
    )


def test_push_is_idempotent_and_corrections_are_logged(api_client, guide, system):
    api = api_client(system)
    first = push(api, "received", "2026-11-02")
    assert first.status_code == 201
    again = push(api, "received", "2026-11-02")
    assert again.status_code == 200 and again.json() == first.json()
    assert CaseMilestone.objects.count() == 1
    assert AuditEntry.objects.filter(verb="services.progress.push").count() == 1

    corrected = push(api, "received", "2026-11-03")
    assert corrected.status_code == 200 and corrected.json()["milestones"][0]["on"] == "2026-11-03"
    assert CaseMilestone.objects.count() == 1
    log = AuditEntry.objects.get(verb="services.progress.correct")
    assert log.before["on"] == "2026-11-02" and log.after["on"] == "2026-11-03"

    skipped = push(api, "decided", "2026-11-06")  # accepted and in_review skipped
    assert skipped.status_code == 201
    assert [m["milestone"] for m in skipped.json()["milestones"]] == ["received", "decided"]


def test_out_of_order_and_future_are_422(api_client, guide, system):
    api = api_client(system)
    assert push(api, "accepted", "2026-11-05").status_code == 201
    before = push(api, "decided", "2026-11-04")
    assert before.status_code == 422
    assert (
        "2026-11-04" in before.json()["error"]["message"]
        and "2026-11-05" in before.json()["error"]["message"]
    )
    assert push(api, "received", "2026-11-06").status_code == 422  # after a later milestone
    assert push(api, "decided", "2099-01-01").status_code == 422
    assert push(api, "accepted", "2026-11-04").status_code == 200  # correcting earlier is fine
    assert CaseMilestone.objects.count() == 1


def test_only_the_service_system_pushes(api_client, guide, system, reviewer, admin_user):
    assert api_client().post(URL, {}).status_code == 401
    for user in (reviewer, admin_user):
        assert push(api_client(user), "received", "2026-11-02").status_code == 403
    assert not CaseMilestone.objects.exists()
    bad = api_client(system).post(
        URL,
        {
            "case_no": "x",
            "item_code": "SFJ-FLYZ",
            "organization": "dl-sfj",
            "milestone": "approved",
            "on": "2026-11-02",
            "verification_code": "1",
        },
    )
    assert bad.status_code == 400 and bad.json()["error"]
    unknown = push(api_client(system), "received", "2026-11-02") and api_client(system).post(
        URL,
        {
            "case_no": "y",
            "item_code": "NOPE",
            "organization": "dl-sfj",
            "milestone": "received",
            "on": "2026-11-02",
            "verification_code": "1",
        },
    )
    assert unknown.status_code == 400 and unknown.json()["error"]["fields"]["item_code"]


def test_public_lookup_needs_the_code(api_client, guide, system):
    push(api_client(system), "accepted", "2026-11-02")
    ok = api_client().get("/api/v1/services/progress/DL2026000001", code="123456")
    assert ok.status_code == 200
    body = ok.json()
    assert set(body) == {"case_no", "item", "organization", "milestones", "on_time"}
    assert body["item"] == {"item_code": "SFJ-FLYZ", "name": "法律援助申请"}
    unknown = api_client().get("/api/v1/services/progress/NOPE", code="123456")
    wrong = api_client().get("/api/v1/services/progress/DL2026000001", code="654321")
    missing = api_client().get("/api/v1/services/progress/DL2026000001")
    assert unknown.status_code == wrong.status_code == missing.status_code == 404
    assert unknown.json() == wrong.json() == missing.json()
    assert "123456" not in ok.content.decode()


def test_portal_lookup_shows_milestone_without_personal_data(client, api_client, guide, system):
    api = api_client(system)
    push(api, "accepted", "2026-11-02")
    push(api, "accepted", "2026-11-02")  # twice: nothing changes
    page = client.post(
        reverse("portal:service_progress"),
        {"case_no": "DL2026000001", "code": "123456", "altcha": altcha_solved(client)},
    )
    text = page.content.decode()
    assert page.status_code == 200 and text.count("已受理</strong> 2026-11-02") == 1
    assert "市司法局法律援助中心" in text and "123456" not in text
    wrong = client.post(
        reverse("portal:service_progress"),
        {"case_no": "DL2026000001", "code": "000000", "altcha": altcha_solved(client)},
    )
    assert wrong.status_code == 404 and "已受理" not in wrong.content.decode()
    no_proof = client.post(reverse("portal:service_progress"), {"case_no": "DL2026000001", "code": "123456"})
    assert "已受理" not in no_proof.content.decode()


def _version(limit, unit):
    return GuideVersion(promised_limit=limit, statutory_limit=None, limit_unit=unit)


@pytest.mark.parametrize(
    ("accepted", "limit", "unit", "due"),
    [
        # 2025 National Day and Mid-Autumn: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
        (date(2025, 9, 26), 2, LimitUnit.WORKDAYS, date(2025, 9, 29)),  # Sun 28 counts
        (date(2025, 9, 29), 3, LimitUnit.WORKDAYS, date(2025, 10, 10)),  # 30 Sep, 9 and 10 Oct
        (date(2025, 9, 30), 1, LimitUnit.WORKDAYS, date(2025, 10, 9)),
        (date(2025, 10, 9), 2, LimitUnit.WORKDAYS, date(2025, 10, 11)),  # Sat 11 is a working day
        # 2026 Spring Festival: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
        (date(2026, 2, 13), 1, LimitUnit.WORKDAYS, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, LimitUnit.WORKDAYS, date(2026, 2, 24)),
        (date(2026, 2, 14), 10, LimitUnit.DAYS, date(2026, 2, 24)),  # calendar days ignore holidays
    ],
)
def test_due_on_counts_as_the_guide_states(db, accepted, limit, unit, due):
    assert due_on(accepted, _version(limit, unit)) == due


def test_on_time_verdicts(db):
    version = _version(5, LimitUnit.WORKDAYS)  # accepted Mon 2026-11-02 → due Mon 2026-11-09
    accepted = date(2026, 11, 2)
    assert on_time({"accepted": accepted, "decided": date(2026, 11, 9)}, version, today=TODAY) is True
    assert on_time({"accepted": accepted, "decided": date(2026, 11, 10)}, version, today=TODAY) is False
    assert on_time({"accepted": accepted}, version, today=date(2026, 11, 9)) is None
    assert on_time({"accepted": accepted}, version, today=date(2026, 11, 10)) is False
    assert on_time({"received": accepted}, version, today=TODAY) is None
    assert on_time({"accepted": accepted}, _version(None, LimitUnit.DAYS), today=TODAY) is None


def test_the_service_system_account_reads_nothing_else(client, api_client, make_staff, city, guide, system):
    """Held at the city government, it still sees none of the city's cases, drafts or reports."""
    from tests.casework.steps import new_case

    handler = make_staff(city, "handler")
    new_case(city, handler)
    assert api_client(handler).get("/api/v1/staff/applications").json()["count"] == 1
    api = api_client(system)
    assert api.get("/api/v1/staff/applications").json()["count"] == 0
    assert api.get("/api/v1/staff/services/statistics").json() == []
    assert api.put(f"/api/v1/staff/guides/{guide.pk}", {"name": "改"}).status_code == 404
    assert api.get("/api/v1/reports/annual/2025", organization="dl").status_code in (403, 404)
    client.force_login(system)
    assert "办事指南" not in client.get(reverse("backoffice:dashboard")).content.decode()
