"""Back-office monitoring pages over stored rounds (no network)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.backoffice import NAV_TODO_QUERIES
from zwgk.monitoring.models import (
    HarvestPage,
    HarvestRun,
    InspectionRound,
    RoundStatus,
    Site,
    VetoAlert,
    WatchedColumn,
)

pytestmark = pytest.mark.django_db


def stored_round(
    site: Site, *, d2: float | None, d3: float | None, days_ago: int = 0, **kw
) -> InspectionRound:
    finished = timezone.now() - timedelta(days=days_ago)
    return InspectionRound.objects.create(
        site=site,
        trigger="schedule",
        status=RoundStatus.DONE,
        queued_at=finished,
        finished_at=finished,
        depth2_ratio=d2,
        depth3_ratio=d3,
        ipv6_compliant=bool(d2 and d3 and d2 >= 0.9 and d3 >= 0.9),
        score=kw.pop("score", 92.5),
        passed=kw.pop("passed", True),
        broken_links=kw.pop("broken_links", 0),
        stale_columns=0,
        empty_columns=0,
        result={
            "url": site.home_url,
            "checked_at": finished.isoformat(),
            "home": {
                "ipv4": {"ok": True, "status": 200, "ms": 80},
                "ipv6": {"ok": True, "status": 200, "ms": 90},
                "aaaa": True,
                "content_consistent": True,
            },
            "depth": {
                "2": {"links": 10, "ipv6_ok": 9, "ratio": d2},
                "3": {"links": 10, "ipv6_ok": 8, "ratio": d3},
            },
            "broken_links": [],
            "ipv6_compliant": False,
        },
        **kw,
    )


@pytest.fixture
def good(agency) -> Site:
    site = Site.objects.create(
        organization=agency, name="市司法局网站", home_url="https://sfj.example.gov.cn/"
    )
    stored_round(site, d2=0.95, d3=0.97, days_ago=1)
    stored_round(site, d2=1.0, d3=0.99)
    return site


@pytest.fixture
def failing(other_agency) -> Site:
    site = Site.objects.create(
        organization=other_agency, name="市民政局网站", home_url="https://mzj.example.gov.cn/"
    )
    stored_round(site, d2=0.86, d3=0.78, score=55.0, passed=False)
    VetoAlert.objects.create(site=site, veto="columns_empty", opened_at=timezone.now())
    return site


def test_the_dashboard_lists_every_site_and_marks_those_below_the_90_percent_target(
    client, make_staff, city, good, failing, django_assert_max_num_queries
):
    client.force_login(make_staff(city, "supervisor"))
    with django_assert_max_num_queries(12 + NAV_TODO_QUERIES):
        response = client.get(reverse("backoffice:monitoring_dashboard"))
    html = response.content.decode()
    assert "市司法局网站" in html and "市民政局网站" in html
    row = html[html.index("市民政局网站") - 400 : html.index("市民政局网站")]
    assert 'class="row-warn"' in row
    assert "78%" in html and "未达 90%" in html
    assert "空白栏目 ≥ 5 个" in html
    assert response.context["failing"] == 1

    only = client.get(reverse("backoffice:monitoring_dashboard"), {"failing": "1"}).content.decode()
    assert "市民政局网站" in only and "市司法局网站" not in only


def test_dashboard_query_count_does_not_grow_with_sites(
    client, make_staff, city, agency, django_assert_max_num_queries
):
    for i in range(15):
        site = Site.objects.create(
            organization=agency, name=f"网站{i}", home_url=f"https://s{i}.example.gov.cn/"
        )
        stored_round(site, d2=0.5, d3=0.5)
    client.force_login(make_staff(city, "supervisor"))
    with django_assert_max_num_queries(12 + NAV_TODO_QUERIES):
        assert client.get(reverse("backoffice:monitoring_dashboard")).status_code == 200


def test_agency_staff_see_only_their_own_sites(client, make_staff, agency, good, failing):
    client.force_login(make_staff(agency, "editor"))
    html = client.get(reverse("backoffice:monitoring_dashboard")).content.decode()
    assert "市司法局网站" in html and "市民政局网站" not in html
    assert client.get(reverse("backoffice:monitoring_site", args=[failing.pk])).status_code == 404
    assert client.get(reverse("backoffice:monitoring_site_new")).status_code == 404


def test_the_site_page_has_charts_with_a_table_of_the_same_numbers(client, make_staff, city, good):
    client.force_login(make_staff(city, "supervisor"))
    response = client.get(reverse("backoffice:monitoring_site", args=[good.pk]))
    html = response.content.decode()
    assert 'id="monitoring-chart-data"' in html and "echarts.min.js" in html
    assert response.context["chart"]["depth2"] == [95.0, 100.0]
    assert "历次巡检结果" in html and "97%" in html


def test_a_supervisor_registers_a_site_and_its_columns(client, make_staff, city, agency):
    client.force_login(make_staff(city, "supervisor"))
    response = client.post(
        reverse("backoffice:monitoring_site_new"),
        {
            "organization": agency.pk,
            "name": "市司法局网站",
            "home_url": "https://sfj.example.gov.cn/",
            "contacts": "xxzx@sfj.example.gov.cn\n",
            "active": "on",
            "round_every_hours": 24,
            "probe_every_minutes": 60,
            "extra_hosts": "",
            "pins": "",
        },
    )
    site = Site.objects.get()
    assert response.status_code == 302 and site.contacts == ["xxzx@sfj.example.gov.cn"]
    client.post(
        reverse("backoffice:monitoring_column_new", args=[site.pk]),
        {"name": "通知公告", "url": "https://sfj.example.gov.cn/tzgg/", "kind": "notice", "sort_order": 10},
    )
    assert WatchedColumn.objects.get().kind == "notice"


def test_probing_less_than_20_times_a_day_is_refused(client, make_staff, city, agency):
    client.force_login(make_staff(city, "supervisor"))
    response = client.post(
        reverse("backoffice:monitoring_site_new"),
        {
            "organization": agency.pk,
            "name": "x",
            "home_url": "https://x.example.gov.cn/",
            "round_every_hours": 24,
            "probe_every_minutes": 90,
        },
    )
    assert response.status_code == 200 and not Site.objects.exists()


def test_round_detail_shows_broken_links_and_stale_columns(client, make_staff, city, failing):
    rnd = failing.rounds.get()
    rnd.details = {
        "broken": [
            {
                "url": "https://mzj.example.gov.cn/a.html",
                "status": 404,
                "found_on": "https://mzj.example.gov.cn/",
                "internal": True,
                "depth": 2,
                "error": None,
            },
        ],
        "columns": [
            {
                "name": "通知公告",
                "url": "https://mzj.example.gov.cn/tzgg/",
                "kind": "notice",
                "latest": "2025-01-01",
                "items": 3,
                "empty": False,
                "stale": True,
                "long_stale": True,
                "status": 200,
                "error": None,
            },
        ],
    }
    rnd.broken_links = 1
    rnd.save()
    client.force_login(make_staff(city, "supervisor"))
    html = client.get(reverse("backoffice:monitoring_round", args=[rnd.pk])).content.decode()
    assert "https://mzj.example.gov.cn/a.html" in html and "HTTP 404" in html
    assert "长期未更新" in html


def test_progress_of_an_open_round_is_served_as_json(client, make_staff, city, good):
    rnd = InspectionRound.objects.create(
        site=good,
        trigger="manual",
        queued_at=timezone.now(),
        status=RoundStatus.RUNNING,
        pages_done=40,
        pages_total=120,
    )
    client.force_login(make_staff(city, "supervisor"))
    assert (
        "monitoring-progress.js"
        in client.get(reverse("backoffice:monitoring_round", args=[rnd.pk])).content.decode()
    )
    data = client.get(reverse("backoffice:monitoring_round_progress", args=[rnd.pk])).json()
    assert data == {
        "status": "running",
        "status_label": "巡检中",
        "pages_done": 40,
        "pages_total": 120,
        "finished": False,
    }


def test_run_now_queues_one_round(client, make_staff, agency, good):
    client.force_login(make_staff(agency, "editor"))
    for _ in range(2):
        response = client.post(reverse("backoffice:monitoring_site_run", args=[good.pk]))
        assert response.status_code == 302
    assert good.rounds.open().count() == 1


def test_the_harvest_report_lists_what_could_not_be_parsed(client, make_staff, agency, good):
    run = HarvestRun.objects.create(
        site=good,
        start_url="https://sfj.example.gov.cn/zcwj/",
        queued_at=timezone.now(),
        status="done",
        unparsed=1,
    )
    HarvestPage.objects.create(
        run=run, url="https://sfj.example.gov.cn/a.html", outcome="unparsed", reason="未找到正文"
    )
    client.force_login(make_staff(agency, "editor"))
    html = client.get(reverse("backoffice:monitoring_harvest", args=[run.pk])).content.decode()
    assert "无法解析的页面" in html and "未找到正文" in html
