"""The monitoring JSON API: visible sites with their latest round; one site's full result."""

from datetime import datetime, timedelta

import pytest

from zwgk.monitoring.models import InspectionRound, Site

pytestmark = pytest.mark.django_db

RESULT = {
    "url": "https://sfj.dl.gov.cn/",
    "checked_at": "2026-11-19T10:00:00+08:00",
    "home": {"ipv4": {"ok": True, "status": 200, "ms": 12}, "ipv6": {"ok": True, "status": 200, "ms": 15},
             "aaaa": True, "content_consistent": True},
    "depth": {"2": {"links": 20, "ipv6_ok": 17, "ratio": 0.85},
              "3": {"links": 40, "ipv6_ok": 38, "ratio": 0.95}},
    "broken_links": [],
    "ipv6_compliant": False,
}  # fmt: skip


@pytest.fixture
def site(agency):
    site = Site.objects.create(organization=agency, name="市司法局网站", home_url="https://sfj.dl.gov.cn/")
    now = datetime(2026, 11, 20, 10, 0).astimezone()
    for days, d2, result in ((2, 1.0, None), (1, 0.85, RESULT)):  # the newer one misses the 90% target
        InspectionRound.objects.create(
            site=site, status="done", trigger="schedule", queued_at=now - timedelta(days=days),
            finished_at=now - timedelta(days=days), passed=True, depth2_ratio=d2, depth3_ratio=0.95,
            score=90, ipv6_compliant=d2 >= 0.9, result=result,
        )  # fmt: skip
    return site


def test_sites_list_the_latest_round(api_client, site, make_staff, city):
    body = api_client(make_staff(city, "supervisor")).get("/api/v1/staff/monitoring/sites")
    assert body.status_code == 200
    (row,) = body.json()
    assert (row["organization"], row["name"], row["round_running"]) == ("dl-sfj", "市司法局网站", False)
    assert row["latest"]["depth2_ratio"] == 0.85 and row["latest"]["ipv6_compliant"] is False
    assert row["latest"]["finished_at"].startswith("2026-11-19")


def test_site_detail_has_the_check_result(api_client, site, make_staff, agency):
    body = api_client(make_staff(agency, "editor")).get(f"/api/v1/staff/monitoring/sites/{site.pk}").json()
    assert body["result"] == RESULT


def test_other_agencies_and_anonymous_callers_see_nothing(api_client, site, make_staff, other_agency):
    outsider = api_client(make_staff(other_agency, "supervisor"))
    assert outsider.get("/api/v1/staff/monitoring/sites").json() == []
    assert outsider.get(f"/api/v1/staff/monitoring/sites/{site.pk}").status_code == 404
    assert api_client().get("/api/v1/staff/monitoring/sites").status_code == 401


def test_a_site_never_inspected_has_no_round(api_client, agency, make_staff):
    fresh = Site.objects.create(organization=agency, name="新网站", home_url="https://new.dl.gov.cn/")
    body = api_client(make_staff(agency, "editor")).get(f"/api/v1/staff/monitoring/sites/{fresh.pk}").json()
    assert body["latest"] is None and body["result"] is None
