"""Running one inspection round in the worker: claim it, crawl, judge, store, alert.

Idempotent: a round is claimed by one conditional UPDATE (queued → running), so a task enqueued
twice, or by two schedulers, runs it once. Resumable by re-running (docs/decisions/0010): a round
whose worker died stops beating; the periodic sweep puts it back in the queue and it runs again
from the start. A round is a snapshot of the site at one moment — continuing a half-done crawl
hours later would mix two states of the site in one result, and a full round of 10,000 pages
takes well under a minute, so starting over costs little.

The crawl runs on an event loop in a thread of its own; the task's thread keeps the database
work (progress, heartbeat, results), so no ORM call ever happens inside the event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zwgk.core.http import (
    DnsResolver,
    Guard,
    HttpSettings,
    OutboundClient,
    Pins,
    Resolver,
    StaticResolver,
    SystemResolver,
)
from zwgk.monitoring import alerts, veto_sources
from zwgk.monitoring.checks import (
    ColumnKind,
    Findings,
    FreshnessVeto,
    Item,
    Probe,
    Veto,
    availability,
    home_stale,
    inspection_score,
)
from zwgk.monitoring.inspect import (
    SHANGHAI,
    ColumnSpec,
    ColumnsReport,
    CrawlProgress,
    CrawlSettings,
    Inspection,
    inspect_columns,
    run_inspection,
)
from zwgk.monitoring.models import InspectionRound, RoundStatus, Site, VetoAlert
from zwgk.monitoring.models import Probe as ProbeRow
from zwgk.monitoring.standins import demo_pins

log = logging.getLogger(__name__)
T = TypeVar("T")

HEARTBEAT_SECONDS = 2.0
# A running round whose heartbeat is older than this is taken for dead and queued again.
STALL_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 3

_FRESHNESS_VETO = {
    FreshnessVeto.HOME_STALE: Veto.HOME_STALE,
    FreshnessVeto.COLUMNS_STALE: Veto.COLUMNS_STALE,
    FreshnessVeto.COLUMNS_LONG_STALE: Veto.COLUMNS_LONG_STALE,
    FreshnessVeto.COLUMNS_EMPTY: Veto.COLUMNS_EMPTY,
}


def run_beside(make: Callable[[], Coroutine[Any, Any, T]], *, tick: float, on_tick: Callable[[], None]) -> T:
    """Run a coroutine on an event loop in another thread, calling `on_tick` here every `tick` s."""
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="zwgk-monitor") as pool:
        future = pool.submit(asyncio.run, make())
        while True:
            try:
                return future.result(timeout=tick)
            except concurrent.futures.TimeoutError:
                on_tick()


def resolver() -> Resolver:
    """ZWGK_MONITOR_RESOLVER: "system" (getaddrinfo, default), "dns" (dnspython, tells NXDOMAIN
    apart reliably) or "none" (only pinned names resolve: closed networks and tests)."""
    kind = getattr(settings, "ZWGK_MONITOR_RESOLVER", "system")
    if kind == "none":
        return StaticResolver()
    if kind == "dns":
        return DnsResolver()
    return SystemResolver()


def client_for(
    site: Site, *, http: HttpSettings | None = None, hosts: Iterable[str] | None = None
) -> OutboundClient:
    """The outbound client for one site's work. Without `hosts` any public host may be fetched
    (a round checks outbound links too); with them, only those (a harvest). Private addresses
    only where the deployment allows them or the operator pinned them (`operator_pins`); the
    site's own pins, set in the back office, pass the public-address check like DNS answers
    (issue 21 item 2)."""
    allow_private = bool(getattr(settings, "ZWGK_MONITOR_ALLOW_PRIVATE", False))
    guard = (
        Guard(allow_private=allow_private)
        if hosts is None
        else Guard.for_sites(hosts, allow_private=allow_private)
    )
    pins = Pins.parse(site.pins, trusted=False) | operator_pins()
    return OutboundClient(guard=guard, pins=pins, resolver=resolver(), settings=http)


def operator_pins() -> Pins:
    """ZWGK_MONITOR_PINS: the deployment's curl-style pins, trusted by the SSRF guard (the
    operator chose them, like `zwgk monitor check --resolve`). The demo pins its stand-in sites
    to loopback here (zwgk.monitoring.standins)."""
    pins = Pins.parse(getattr(settings, "ZWGK_MONITOR_PINS", ()))
    if settings.DEMO_MODE:
        pins = Pins.parse(demo_pins(settings.ZWGK_DEMO_SITES_PORT)) | pins
    return pins


def column_specs(site: Site) -> list[ColumnSpec]:
    specs = [ColumnSpec("首页", site.home_url, ColumnKind.HOME)]
    specs.extend(ColumnSpec(c.name, c.url, ColumnKind(c.kind)) for c in site.columns.all())
    return specs


@dataclass
class _Outcome:
    inspection: Inspection
    columns: ColumnsReport


def execute_round(round_id: int) -> None:
    """The task body: run round `round_id` if it is still queued, else do nothing."""
    now = timezone.now()
    claimed = InspectionRound.objects.filter(pk=round_id, status=RoundStatus.QUEUED).update(
        status=RoundStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        pages_done=0,
        pages_total=0,
    )
    if not claimed:
        return  # already run, running elsewhere, or gone: a repeated enqueue is harmless
    rnd = InspectionRound.objects.select_related("site").get(pk=round_id)
    site = rnd.site
    specs = column_specs(site)
    other_days = {c.name: c.max_age_days for c in site.columns.all() if c.max_age_days}
    today = timezone.localdate()
    progress = CrawlProgress()

    async def crawl() -> _Outcome:
        async with client_for(site) as client:
            inspection = await run_inspection(
                site.home_url,
                client=client,
                settings=CrawlSettings(),
                now=datetime.now(SHANGHAI),
                progress=progress,
            )
            columns = await inspect_columns(specs, client=client, today=today)
        return _Outcome(inspection, columns)

    def beat() -> None:
        InspectionRound.objects.filter(pk=round_id, status=RoundStatus.RUNNING).update(
            heartbeat_at=timezone.now(), pages_done=progress.done, pages_total=progress.found
        )

    try:
        outcome = run_beside(crawl, tick=HEARTBEAT_SECONDS, on_tick=beat)
    except Exception as exc:
        log.exception("inspection round %s failed", round_id)
        InspectionRound.objects.filter(pk=round_id, status=RoundStatus.RUNNING).update(
            status=RoundStatus.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return
    store_result(rnd, outcome.inspection, outcome.columns, today=today, other_days=other_days)


def _availability(site: Site, today: date) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=8)
    rows = ProbeRow.objects.filter(site=site, at__gte=since).values_list("at", "ok", "ms")
    probes = [Probe(at.astimezone(SHANGHAI), ok, ms) for at, ok, ms in rows]
    report = availability(probes, last_day=today)
    return {
        "probes": report.probes,
        "failures": report.failures,
        "failure_rate": report.failure_rate,
        "complete": report.complete,
        "veto": report.veto,
    }


def judge(
    inspection: Inspection, columns: ColumnsReport, *, avail: dict[str, Any], today: date
) -> tuple[Findings, date | None]:
    """The findings the score is computed from (RULES §5.1), and the home page's last update."""
    vetoes: set[Veto] = {_FRESHNESS_VETO[v] for v in columns.verdict.vetoes}
    if avail["veto"]:
        vetoes.add(Veto.UNREACHABLE)
    home = next((c for c in columns.columns if c.spec.kind is ColumnKind.HOME), None)
    home_latest = home.state.latest if home is not None and home.state is not None else None
    if home is not None and home.state is not None and home_stale(home_latest, today=today):
        vetoes.add(Veto.HOME_STALE)
    on_home = sum(1 for b in inspection.broken if b.depth == 2)  # depth 2 = found on the home page
    counts = {
        Item.BROKEN_LINK_HOME: on_home,
        Item.BROKEN_LINK: len(inspection.broken) - on_home,
        # Below the veto counts, stale and empty columns still cost points.
        Item.STALE_COLUMN: 0 if Veto.COLUMNS_STALE in vetoes else columns.verdict.stale,
        Item.EMPTY_COLUMN: 0 if Veto.COLUMNS_EMPTY in vetoes else columns.verdict.empty,
        Item.NO_IPV6: 0 if inspection.ipv6_compliant else 1,
        # Only a home page that was read and has no search costs points; unparsed is unknown.
        Item.NO_SEARCH: 1 if inspection.has_search is False else 0,
        Item.HIDDEN_LINK: len(inspection.hidden),
        Item.HIJACKED_LINK: sum(1 for e in inspection.external if e.problem is not None),
    }
    return Findings(vetoes=frozenset(vetoes), counts=counts), home_latest


def with_other_vetoes(findings: Findings, judged: veto_sources.Judged) -> Findings:
    """Add the vetoes judged from what other apps hold (zwgk.monitoring.veto_sources)."""
    if not judged.vetoes:
        return findings
    return Findings(vetoes=findings.vetoes | judged.vetoes, counts=findings.counts)


def store_result(
    rnd: InspectionRound,
    inspection: Inspection,
    columns: ColumnsReport,
    *,
    today: date,
    other_days: dict[str, int] | None = None,
) -> None:
    site = rnd.site
    reachable = inspection.home_ipv4.ok or inspection.home_ipv6.ok
    if not reachable:
        # Issue 20 item 2: a round that could not open the home page measured nothing but
        # that: it counts as one failed probe toward the weekly availability veto (RULES §5.1,
        # ≥ 5 % failures) and gets no score, never a pass on the strength of finding nothing.
        home = inspection.home_ipv4
        ProbeRow.objects.create(
            site=site, at=timezone.now(), ok=False, status=home.status, ms=home.ms, error=home.error or "http"
        )
        store_unreachable(rnd, inspection, today=today)
        return
    avail = _availability(site, today)
    findings, home_latest = judge(inspection, columns, avail=avail, today=today)
    # RULES §5.1 poor interaction and incomplete guides: judged from what the platform hosts,
    # not from the crawl.
    judged = veto_sources.judge(site, today)
    findings = with_other_vetoes(findings, judged)
    score = inspection_score(findings)
    result = inspection.as_json()
    other_days = other_days or {}
    column_rows = []
    for c in columns.columns:
        if c.spec.kind is ColumnKind.HOME:
            continue
        state = c.state
        stale = state.stale if state is not None else None
        days = other_days.get(c.spec.name)
        if state is not None and days and not state.empty:
            # "Other" columns: the agency's own period, shown but not counted toward the veto.
            stale = state.latest is None or state.latest < today - timedelta(days=days)
        column_rows.append(
            {
                "name": c.spec.name,
                "url": c.spec.url,
                "kind": c.spec.kind.value,
                "latest": state.latest.isoformat() if state is not None and state.latest else None,
                "items": state.items if state is not None else None,
                "empty": state.empty if state is not None else None,
                "stale": stale,
                "long_stale": state.long_stale if state is not None else None,
                "status": c.status,
                "error": c.error,
            }
        )
    details = {
        "pages": inspection.pages,
        "truncated": inspection.truncated,
        "broken": [
            {
                "url": b.url,
                "status": b.status,
                "found_on": b.found_on,
                "internal": b.internal,
                "depth": b.depth,
                "error": b.error,
            }
            for b in inspection.broken
        ],
        "columns": column_rows,
        "hidden": [{"url": h.url, "found_on": h.found_on} for h in inspection.hidden],
        "hijacked": [
            {"url": e.url, "found_on": e.found_on, "problem": e.problem.value}
            for e in inspection.external
            if e.problem is not None
        ],
        "blocked": len(inspection.blocked),
        "availability": avail,
        "home": {"ipv4": inspection.home_ipv4.error, "ipv6": inspection.home_ipv6.error},
        "search": inspection.has_search,
        "sources": judged.details,
    }
    now = timezone.now()
    with transaction.atomic():
        updated = InspectionRound.objects.filter(pk=rnd.pk, status=RoundStatus.RUNNING).update(
            status=RoundStatus.DONE,
            finished_at=now,
            heartbeat_at=now,
            pages_done=inspection.pages,
            pages_total=inspection.pages,
            result=result,
            details=details,
            score=score.points,
            passed=score.passed,
            vetoes=[v.value for v in score.vetoes],
            deductions=[
                {"item": d.item.value, "count": d.count, "points": d.points} for d in score.deductions
            ],
            broken_links=len(inspection.broken),
            depth2_ratio=result["depth"]["2"]["ratio"],
            depth3_ratio=result["depth"]["3"]["ratio"],
            ipv6_compliant=result["ipv6_compliant"],
            stale_columns=columns.verdict.stale,
            empty_columns=columns.verdict.empty,
            home_updated_on=home_latest,
            home_reachable=True,
        )
        if updated:
            rnd.refresh_from_db()
            alerts.veto_alerts_refresh(site=site, rnd=rnd, vetoes=list(score.vetoes), now=now)


def store_unreachable(rnd: InspectionRound, inspection: Inspection, *, today: date) -> None:
    """The home page opened over neither family: no score, no counts, a veto only when the
    stored probes (this round's failure among them) reach the weekly 5 %."""
    avail = _availability(rnd.site, today)
    vetoes = [Veto.UNREACHABLE] if avail["veto"] else []
    v4, v6 = inspection.home_ipv4, inspection.home_ipv6
    now = timezone.now()
    with transaction.atomic():
        updated = InspectionRound.objects.filter(pk=rnd.pk, status=RoundStatus.RUNNING).update(
            status=RoundStatus.DONE,
            finished_at=now,
            heartbeat_at=now,
            pages_done=inspection.pages,
            pages_total=inspection.pages,
            result=inspection.as_json(),
            details={
                "pages": inspection.pages,
                "truncated": False,
                "broken": [],
                "columns": [],
                "hidden": [],
                "hijacked": [],
                "blocked": len(inspection.blocked),
                "availability": avail,
                "home": {"ipv4": v4.error, "ipv6": v6.error},
            },
            error=(
                f"首页无法打开（IPv4：{v4.error or f'HTTP {v4.status}'}；"
                f"IPv6：{v6.error or f'HTTP {v6.status}'}），本轮记为一次可用性探测失败，不评分。"
            ),
            score=None,
            passed=False,
            vetoes=[v.value for v in vetoes],
            deductions=[],
            broken_links=None,
            depth2_ratio=None,
            depth3_ratio=None,
            ipv6_compliant=None,
            stale_columns=None,
            empty_columns=None,
            home_updated_on=None,
            home_reachable=False,
        )
        if updated:
            rnd.refresh_from_db()
            # Nothing but availability was measured: other open vetoes stay open.
            still_open = VetoAlert.objects.filter(site=rnd.site, cleared_at__isnull=True).exclude(
                veto=Veto.UNREACHABLE
            )
            kept = list(still_open.values_list("veto", flat=True))
            alerts.veto_alerts_refresh(site=rnd.site, rnd=rnd, vetoes=[*kept, *vetoes], now=now)


def requeue_stalled(*, now: datetime) -> list[int]:
    """Running rounds whose worker stopped: queued again (or failed after MAX_ATTEMPTS).
    Returns the ids to enqueue."""
    again: list[int] = []
    for rnd in InspectionRound.objects.stalled(before=now - STALL_AFTER):
        if rnd.attempts >= MAX_ATTEMPTS:
            InspectionRound.objects.filter(pk=rnd.pk, status=RoundStatus.RUNNING).update(
                status=RoundStatus.FAILED, finished_at=now, error=f"执行中断 {rnd.attempts} 次，已放弃"
            )
            continue
        moved = (
            InspectionRound.objects.stalled(before=now - STALL_AFTER)
            .filter(pk=rnd.pk)
            .update(
                status=RoundStatus.QUEUED,
                error=f"第 {rnd.attempts} 次执行中断（后台进程停止），已重新排队，将从头重新巡检",
            )
        )
        if moved:
            again.append(rnd.pk)
    return again
