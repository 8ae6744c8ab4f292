from datetime import date

import pytest

from tests.foi.factories import ev, register_case
from zwgk.reports.supervision import supervision_overview

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


@pytest.fixture
def cases(agency, admin_user):
    on_time = register_case(
        agency, admin_user, received_on="2026-03-02", today="2026-03-20",
        history=[ev("replied", "2026-03-20", outcome="3.1")],
    )  # fmt: skip
    # Received 06-01: due 2026-06-30 (20 WD, 端午 06-19); replied 07-20, late, then overturned.
    late = register_case(
        agency, admin_user, received_on="2026-06-01", today="2026-09-15",
        history=[
            ev("replied", "2026-07-20", outcome="3.3.5"),
            ev("reconsideration_filed", "2026-08-01"),
            ev("reconsideration_decided", "2026-09-15", result="corrected"),
        ],
    )  # fmt: skip
    # Received 09-24: due 10-29 across 中秋+国庆; still open on 11-27, so overdue.
    overdue = register_case(agency, admin_user, received_on="2026-09-24", today=TODAY)
    return on_time, late, overdue


def test_overview_counts_each_agency_from_its_timelines(cases, make_staff, city, agency, other_agency):
    overview = supervision_overview(make_staff(city, "supervisor"), year=2026, today=TODAY)
    rows = {r.organization.code: r for r in overview.rows}
    sfj = rows["dl-sfj"]
    assert (sfj.received, sfj.open, sfj.overdue, sfj.closed, sfj.closed_on_time) == (3, 1, 1, 2, 1)
    assert sfj.on_time_rate == 50.0
    # 03-02→03-20: 14 working days; 06-01→07-20: 34 working days (端午 06-19).
    assert sorted(sfj.reply_workdays) == [14, 34]
    assert sfj.median_workdays == 24
    assert (sfj.appeals_filed, sfj.appeals_corrected) == (1, 1)
    assert sfj.outcomes == {"3.1": 1, "3.3.5": 1}
    assert rows["dl-mzj"].received == 0 and not rows["dl-mzj"].leader_filed
    assert overview.monthly_received[2] == 1 and overview.monthly_received[5] == 1
    assert overview.monthly_received[8] == 1 and sum(overview.monthly_closed) == 2
    assert overview.totals["overdue"] == 1


def test_an_agency_supervisor_sees_only_its_subtree(cases, make_staff, agency, other_agency):
    rows = supervision_overview(make_staff(other_agency, "supervisor"), year=2026, today=TODAY).rows
    assert [r.organization.code for r in rows] == ["dl-mzj"]


def test_dashboard_page_drills_down_and_is_for_supervisors_only(
    cases, client, make_staff, city, agency, django_assert_max_num_queries
):
    client.force_login(make_staff(agency, "editor"))
    assert client.get("/staff/supervision/").status_code == 403
    client.force_login(make_staff(city, "supervisor"))
    with django_assert_max_num_queries(40):
        page = client.get("/staff/supervision/?year=2026").content.decode()
    assert "监督总览" in page and "市司法局" in page
    assert "/staff/foi/?organization=dl-sfj&amp;view=overdue" in page
    assert "supervision-chart-data" in page


def test_website_inspection_status_comes_from_the_latest_round(agency, other_agency, make_staff, city):
    from datetime import datetime, timedelta

    from zwgk.monitoring.models import InspectionRound, Site

    site = Site.objects.create(organization=agency, name="市司法局网站", home_url="https://sfj.dl.gov.cn/")
    now = datetime(2026, 11, 20, 10, 0).astimezone()
    for days, d2 in ((2, 1.0), (1, 0.85)):  # the newer round misses the 90% IPv6 target
        InspectionRound.objects.create(
            site=site, status="done", trigger="schedule", queued_at=now - timedelta(days=days),
            finished_at=now - timedelta(days=days), passed=True, depth2_ratio=d2, depth3_ratio=0.95, score=90,
        )  # fmt: skip
    rows = {
        r.organization.code: r
        for r in supervision_overview(make_staff(city, "supervisor"), year=2026, today=TODAY).rows
    }
    latest = InspectionRound.objects.latest("finished_at")
    assert rows["dl-sfj"].site == {
        "ok": False, "site": "市司法局网站", "score": 90, "site_id": site.pk, "round_id": latest.pk,
        "sites": 1, "failing": 1,
    }  # fmt: skip
    assert rows["dl-sfj"].sites_failing == 1
    assert rows["dl-mzj"].site is None


def test_a_past_year_counts_open_and_overdue_as_they_stood_at_its_end(agency, admin_user, make_staff, city):
    # Received 2025-12-01: due 2025-12-29 (20 working days); answered only on 2026-01-20.
    register_case(
        agency, admin_user, received_on="2025-12-01", today="2026-01-20",
        history=[ev("replied", "2026-01-20", outcome="3.1")],
    )  # fmt: skip
    # Received 2025-12-22: due in 2026, so open but not overdue at the end of 2025; still open now.
    register_case(agency, admin_user, received_on="2025-12-22", today=TODAY)
    # Received this year: no part of 2025.
    register_case(agency, admin_user, received_on="2026-09-24", today=TODAY)
    supervisor = make_staff(city, "supervisor")
    past = {r.organization.code: r for r in supervision_overview(supervisor, year=2025, today=TODAY).rows}
    assert (past["dl-sfj"].received, past["dl-sfj"].open, past["dl-sfj"].overdue) == (2, 2, 1)
    now = {r.organization.code: r for r in supervision_overview(supervisor, year=2026, today=TODAY).rows}
    assert (now["dl-sfj"].received, now["dl-sfj"].open, now["dl-sfj"].overdue) == (1, 2, 2)
