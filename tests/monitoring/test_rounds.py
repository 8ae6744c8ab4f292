"""Rounds, probes and veto alerts against real test sites on 127.0.0.1 and ::1 (pins, no DNS)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.monitoring import sites
from tests.monitoring.sites import Running
from zwgk.core import schedule
from zwgk.monitoring import services, tasks
from zwgk.monitoring.models import InspectionRound, Probe, RoundStatus, Site, VetoAlert, WatchedColumn


@dataclass
class World:
    dual: Running
    v4only: Running
    columns: Running
    partner: Running

    def pins(self) -> list[str]:
        return [
            self.dual.pin(),
            self.dual.pin("news.gov-a.test"),
            self.v4only.pin(),
            self.columns.pin(),
            self.partner.pin(),
        ]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with sites.serve_all(
        (sites.dual_stack_site(), (4, 6)),
        (sites.ipv4_only_site(), (4,)),
        (sites.columns_site(), (4, 6)),
        (sites.partner_site(), (4, 6)),  # last: its port is {BPORT}
    ) as (dual, v4only, columns, partner):
        yield World(dual, v4only, columns, partner)


@pytest.fixture(autouse=True)
def _no_dns(settings, world):
    # Only pinned names resolve: nothing in these tests may reach real DNS. The pins are the
    # operator's (environment), the only ones the SSRF guard trusts with loopback.
    settings.ZWGK_MONITOR_RESOLVER = "none"
    settings.ZWGK_MONITOR_PINS = [*world.pins(), "gone.test:9:127.0.0.1"]


def make_site(org, running: Running, world: World, **kw) -> Site:
    return Site.objects.create(
        organization=org,
        name=kw.pop("name", f"{running.site.name} 网站"),
        home_url=running.url(),
        contacts=kw.pop("contacts", ["wzjc@example.gov.cn"]),
        **kw,
    )


def run_now(actor, site: Site, capture) -> InspectionRound:
    with capture(execute=True):
        rnd = services.round_request(actor=actor, site_id=site.pk)
    rnd.refresh_from_db()
    return rnd


def test_a_requested_round_runs_through_the_task_and_keeps_the_api_result(
    world, agency, admin_user, django_capture_on_commit_callbacks
):
    site = make_site(agency, world.dual, world)
    rnd = run_now(admin_user, site, django_capture_on_commit_callbacks)
    assert rnd.status == RoundStatus.DONE, rnd.error
    assert set(rnd.result) == {"url", "checked_at", "home", "depth", "broken_links", "ipv6_compliant"}
    assert rnd.result["depth"]["2"] == {"links": 10, "ipv6_ok": 9, "ratio": 0.9}
    assert rnd.result["depth"]["3"] == {"links": 20, "ipv6_ok": 18, "ratio": 0.9}
    assert (rnd.depth2_ratio, rnd.depth3_ratio, rnd.ipv6_compliant) == (0.9, 0.9, True)
    assert rnd.broken_links == len(rnd.result["broken_links"])
    assert rnd.pages_done == rnd.pages_total == 31
    assert rnd.attempts == 1 and rnd.started_at and rnd.finished_at
    assert rnd.score is not None and rnd.passed is not None


def test_a_second_request_while_one_is_open_returns_the_same_round(world, agency, admin_user):
    site = make_site(agency, world.dual, world)
    first = services.round_request(actor=admin_user, site_id=site.pk)  # on_commit never runs here
    second = services.round_request(actor=admin_user, site_id=site.pk)
    assert first.pk == second.pk
    assert site.rounds.count() == 1


def test_a_round_enqueued_twice_runs_once(world, agency):
    site = make_site(agency, world.v4only, world)
    rnd = InspectionRound.objects.create(site=site, trigger="manual", queued_at=timezone.now())
    tasks.run_round.enqueue(rnd.pk)
    tasks.run_round.enqueue(rnd.pk)
    rnd.refresh_from_db()
    assert (rnd.status, rnd.attempts) == (RoundStatus.DONE, 1)
    assert rnd.depth2_ratio == 0.0 and rnd.ipv6_compliant is False  # IPv4 only


def test_a_round_whose_worker_died_is_queued_again_and_run_from_the_start(world, agency):
    site = make_site(agency, world.v4only, world)
    long_ago = timezone.now() - timedelta(minutes=30)
    rnd = InspectionRound.objects.create(
        site=site,
        trigger="schedule",
        queued_at=long_ago,
        status=RoundStatus.RUNNING,
        started_at=long_ago,
        heartbeat_at=long_ago,
        attempts=1,
        pages_done=3,
        pages_total=9,
    )
    enqueued = services.rounds_schedule()
    assert rnd.pk in enqueued
    rnd.refresh_from_db()
    assert (rnd.status, rnd.attempts) == (RoundStatus.DONE, 2)
    assert "中断" in rnd.error
    assert rnd.pages_done == 10  # the whole site again, not the 3 pages of the dead attempt


def test_the_schedule_queues_due_sites_only(world, agency, django_capture_on_commit_callbacks):
    due = make_site(agency, world.v4only, world, name="到期")
    fresh = make_site(agency, world.v4only, world, name="刚巡检")
    InspectionRound.objects.create(
        site=fresh, trigger="schedule", queued_at=timezone.now() - timedelta(hours=1), status=RoundStatus.DONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.rounds_schedule()
    assert due.rounds.done().count() == 1
    assert fresh.rounds.count() == 1


def test_periodic_jobs_are_registered():
    assert schedule.JOBS["monitoring.schedule_rounds"].task is tasks.schedule_rounds
    assert schedule.JOBS["monitoring.probe_sites"].task is tasks.probe_sites


def test_probes_are_stored_when_due(world, agency):
    up = make_site(agency, world.v4only, world, name="正常")
    down = Site.objects.create(organization=agency, name="停机", home_url="http://gone.test:9/")
    assert services.probes_run() == 2
    assert Probe.objects.get(site=up).ok is True
    failed = Probe.objects.get(site=down)
    assert (failed.ok, failed.error) == (False, "connect")
    assert services.probes_run() == 0  # not due again for an hour


def test_unreachable_veto_from_stored_probes_is_mailed_once(
    world, agency, admin_user, django_capture_on_commit_callbacks
):
    site = make_site(agency, world.v4only, world, contacts=["a@example.gov.cn", "b@example.gov.cn"])
    now = timezone.now()
    Probe.objects.bulk_create(
        [Probe(site=site, at=now - timedelta(hours=h), ok=h % 10 != 0, ms=120) for h in range(40)]
    )  # 4 of 40 failed: 10% ≥ 5%
    first = run_now(admin_user, site, django_capture_on_commit_callbacks)
    assert "unreachable" in first.vetoes and first.passed is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.gov.cn", "b@example.gov.cn"]
    assert site.name in mail.outbox[0].subject and "无法访问" in mail.outbox[0].body

    second = run_now(admin_user, site, django_capture_on_commit_callbacks)
    assert "unreachable" in second.vetoes
    assert len(mail.outbox) == 1  # still the same condition: not mailed again
    assert VetoAlert.objects.filter(site=site, veto="unreachable", cleared_at__isnull=True).count() == 1

    Probe.objects.filter(site=site).update(ok=True)
    third = run_now(admin_user, site, django_capture_on_commit_callbacks)
    assert "unreachable" not in third.vetoes
    assert not VetoAlert.objects.filter(site=site, veto="unreachable", cleared_at__isnull=True).exists()


def test_empty_columns_are_found_and_counted(world, agency, admin_user, django_capture_on_commit_callbacks):
    site = make_site(agency, world.columns, world)
    WatchedColumn.objects.bulk_create(
        [
            WatchedColumn(site=site, name=f"空栏目{i}", url=world.columns.url(f"/col/empty{i}/"))
            for i in range(1, 6)
        ]
        + [WatchedColumn(site=site, name="要闻", url=world.columns.url("/col/news1/"), kind="news")]
    )
    rnd = run_now(admin_user, site, django_capture_on_commit_callbacks)
    assert rnd.empty_columns == 5
    assert "columns_empty" in rnd.vetoes
    empty = [c["name"] for c in rnd.details["columns"] if c["empty"]]
    assert empty == [f"空栏目{i}" for i in range(1, 6)]
    assert len(mail.outbox) == 1 and "空白栏目" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_round_runs_in_the_database_worker(world, agency, admin_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    site = make_site(agency, world.dual, world)
    rnd = services.round_request(actor=admin_user, site_id=site.pk)
    assert InspectionRound.objects.get(pk=rnd.pk).status == RoundStatus.QUEUED  # only queued so far
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.DONE, rnd.error
    assert rnd.result["depth"]["2"]["ratio"] == 0.9


def test_a_round_that_cannot_open_the_home_page_is_a_failed_probe_and_has_no_score(
    world, agency, city, admin_user, make_staff, client, django_capture_on_commit_callbacks
):
    # Issue 20 item 2: such a round once scored 95 with no veto, 0 dead links and 0 empty columns.
    site = Site.objects.create(organization=agency, name="停机", home_url="http://gone.test:9/")
    WatchedColumn.objects.create(site=site, name="要闻", url="http://gone.test:9/col/news/", kind="news")
    rnd = run_now(admin_user, site, django_capture_on_commit_callbacks)
    assert rnd.status == RoundStatus.DONE and rnd.unreachable
    assert (rnd.score, rnd.passed, rnd.deductions) == (None, False, [])
    assert rnd.vetoes == ["unreachable"]  # its only stored probe, this one, failed: 100 % ≥ 5 %
    assert (rnd.broken_links, rnd.empty_columns, rnd.stale_columns, rnd.ipv6_compliant) == (None,) * 4
    probe = Probe.objects.get(site=site)
    assert (probe.ok, probe.error) == (False, "connect")  # toward the weekly 5 % (RULES §5.1)

    client.force_login(make_staff(city, "supervisor"))
    page = client.get("/staff/monitoring/")
    assert page.context["unreachable"] == 1
    assert "首页无法打开，未评分" in page.content.decode() and "95.0" not in page.content.decode()
    from zwgk.reports.supervision import supervision_overview

    today = timezone.localdate()
    rows = supervision_overview(make_staff(city, "supervisor"), year=today.year, today=today).rows
    row = next(r for r in rows if r.organization == agency)
    assert row.sites_failing == 1


def test_the_overview_card_counts_what_the_rows_say(agency, city, make_staff, client):
    # A round with no AAAA record: ratios unmeasured (no links over IPv6), "IPv6 达标" 否.
    site = Site.objects.create(organization=agency, name="无IPv6", home_url="http://v4.test/")
    now = timezone.now()
    InspectionRound.objects.create(
        site=site, status="done", trigger="schedule", queued_at=now, finished_at=now, passed=True,
        score=95, ipv6_compliant=False, depth2_ratio=None, depth3_ratio=None, home_reachable=True,
    )  # fmt: skip
    client.force_login(make_staff(city, "supervisor"))
    page = client.get("/staff/monitoring/")
    assert page.context["failing"] == 1
    assert [r.site for r in client.get("/staff/monitoring/?failing=1").context["rows"]] == [site]
