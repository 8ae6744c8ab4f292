"""Every change of monitoring data, one function each (`<entity>_<action>(*, actor, …)`): sites and
their columns, requesting rounds and harvests, the periodic sweeps the scheduler drives."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.core.http import PAGE_OPEN_TIMEOUT_S, HttpSettings, Pins, is_public_address
from zwgk.monitoring import rounds, selectors
from zwgk.monitoring.models import (
    HarvestRun,
    HarvestStatus,
    InspectionRound,
    Probe,
    RoundStatus,
    RoundTrigger,
    Site,
    WatchedColumn,
)
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import is_platform_admin

SITE_FIELDS = [
    "organization", "name", "home_url", "extra_hosts", "pins", "contacts", "active", "round_every_hours",
    "probe_every_minutes",
]  # fmt: skip
COLUMN_FIELDS = ["name", "url", "kind", "max_age_days", "sort_order"]


@dataclass
class SiteInput:
    organization: Organization
    name: str
    home_url: str
    extra_hosts: list[str] = field(default_factory=list)
    pins: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    active: bool = True
    round_every_hours: int = 24
    probe_every_minutes: int = 60


def _validate_site(data: SiteInput, *, actor: Any) -> None:
    errors: dict[str, str] = {}
    if not data.home_url.startswith(("http://", "https://")):
        errors["home_url"] = "应为 http:// 或 https:// 开头的网址"
    try:
        pins = Pins.parse(data.pins, trusted=False)
    except ValueError as exc:
        errors["pins"] = str(exc)
    else:
        addresses = {a for addrs in pins.entries.values() for a in addrs}
        private = sorted(str(a) for a in addresses if not is_public_address(a))
        # Issue 21 item 2: a pin to 127.0.0.1 or 169.254.169.254 would let the inspection scan
        # internal hosts. Back-office pins are never trusted; private ones only on a deployment
        # that inspects intranet sites, and only from the platform administrator.
        if private and not (
            getattr(settings, "ZWGK_MONITOR_ALLOW_PRIVATE", False) and is_platform_admin(actor)
        ):
            errors["pins"] = (
                f"固定解析地址不能是内网、本机或保留地址（{'、'.join(private)}）；"
                "内网网站须由平台管理员在允许内网监测（ZWGK_MONITOR_ALLOW_PRIVATE）的部署中登记"
            )
    if data.probe_every_minutes < 1 or data.probe_every_minutes > 72:
        # RULES §5.1 wants ≥ 20 probes a day: at most every 72 minutes.
        errors["probe_every_minutes"] = "应在 1–72 分钟之间（每天至少探测 20 次）"
    if data.round_every_hours < 1:
        errors["round_every_hours"] = "至少 1 小时"
    if errors:
        raise ValidationFailed("网站信息不正确。", fields=errors)


def site_create(*, actor: Any, data: SiteInput) -> Site:
    selectors.require_site_manager(actor, data.organization)
    _validate_site(data, actor=actor)
    with transaction.atomic():
        site = Site(**{name: getattr(data, name) for name in SITE_FIELDS})
        site.save()
        audit.record(
            actor=actor,
            verb="monitoring.site_create",
            target=site,
            organization_code=site.organization.code,
            after=audit.snapshot(site, SITE_FIELDS),
        )
    return site


def site_update(*, actor: Any, site_id: int, data: SiteInput) -> Site:
    with transaction.atomic():
        site = selectors.access_site(actor, site_id, for_update=True)
        selectors.require_site_manager(actor, site.organization)
        selectors.require_site_manager(actor, data.organization)
        _validate_site(data, actor=actor)
        before = audit.snapshot(site, SITE_FIELDS)
        for name in SITE_FIELDS:
            setattr(site, name, getattr(data, name))
        site.save(update_fields=SITE_FIELDS)
        audit.record(
            actor=actor,
            verb="monitoring.site_update",
            target=site,
            organization_code=site.organization.code,
            before=before,
            after=audit.snapshot(site, SITE_FIELDS),
        )
    return site


def column_save(*, actor: Any, site_id: int, column_id: int | None, values: dict[str, Any]) -> WatchedColumn:
    """Add a watched column (column_id None) or change one."""
    with transaction.atomic():
        site = selectors.access_site(actor, site_id, for_update=True)
        selectors.require_site_manager(actor, site.organization)
        column = WatchedColumn(site=site) if column_id is None else site.columns.get(pk=column_id)
        before = None if column_id is None else audit.snapshot(column, COLUMN_FIELDS)
        for name in COLUMN_FIELDS:
            if name in values:
                setattr(column, name, values[name])
        if column.kind != "other":
            column.max_age_days = None  # the statutory periods apply (RULES §5.1)
        column.save()
        audit.record(
            actor=actor,
            verb="monitoring.column_save",
            target=column,
            organization_code=site.organization.code,
            before=before,
            after=audit.snapshot(column, COLUMN_FIELDS),
        )
    return column


def column_delete(*, actor: Any, site_id: int, column_id: int) -> None:
    with transaction.atomic():
        site = selectors.access_site(actor, site_id, for_update=True)
        selectors.require_site_manager(actor, site.organization)
        column = site.columns.get(pk=column_id)
        audit.record(
            actor=actor,
            verb="monitoring.column_delete",
            target=column,
            organization_code=site.organization.code,
            before=audit.snapshot(column, COLUMN_FIELDS),
        )
        column.delete()


# --- rounds ---------------------------------------------------------------------------------


def _enqueue_round(round_id: int) -> None:
    from zwgk.monitoring.tasks import run_round

    run_round.enqueue(round_id)


def round_request(*, actor: Any, site_id: int, trigger: str = RoundTrigger.MANUAL) -> InspectionRound:
    """Queue a round of the site, or return the one already queued or running (idempotent)."""
    with transaction.atomic():
        site = (
            selectors.access_site(actor, site_id, for_update=True) if actor else Site.objects.get(pk=site_id)
        )
        existing = site.rounds.open().first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                rnd = InspectionRound.objects.create(
                    site=site,
                    trigger=trigger,
                    requested_by=actor if getattr(actor, "pk", None) else None,
                    queued_at=timezone.now(),
                )
        except IntegrityError:
            # Another request won the race (the one-open-round constraint): that round is ours.
            return site.rounds.open().get()
        audit.record(
            actor=actor,
            verb="monitoring.round_request",
            target=rnd,
            organization_code=site.organization.code,
            data={"trigger": trigger},
        )
        transaction.on_commit(lambda: _enqueue_round(rnd.pk))
    return rnd


def rounds_schedule(*, now: datetime | None = None) -> list[int]:
    """The periodic sweep: queue again rounds whose worker died, and queue a round for every
    active site whose last one is older than its interval. Returns the round ids enqueued."""
    now = now or timezone.now()
    again = rounds.requeue_stalled(now=now)
    last = dict(
        InspectionRound.objects.values("site").annotate(last=Max("queued_at")).values_list("site", "last")
    )
    open_sites = set(InspectionRound.objects.open().values_list("site", flat=True))
    queued: list[int] = []
    for site in Site.objects.active():
        previous = last.get(site.pk)
        if site.pk in open_sites or (
            previous is not None and now - previous < timedelta(hours=site.round_every_hours)
        ):
            continue
        rnd = round_request(actor=None, site_id=site.pk, trigger=RoundTrigger.SCHEDULE)
        if rnd.status == RoundStatus.QUEUED:
            queued.append(rnd.pk)
    for round_id in again:
        _enqueue_round(round_id)
    return [*again, *queued]


# --- availability probes --------------------------------------------------------------------

PROBE_HTTP = HttpSettings(connect_timeout=PAGE_OPEN_TIMEOUT_S, read_timeout=PAGE_OPEN_TIMEOUT_S)


def probes_run(*, now: datetime | None = None) -> int:
    """Probe the home page of every active site whose last probe is older than its interval
    (RULES §5.1: "15 秒内打不开" is a failure). Returns the number of probes stored."""
    now = now or timezone.now()
    last = dict(Probe.objects.values("site").annotate(last=Max("at")).values_list("site", "last"))
    due = [
        s
        for s in Site.objects.active()
        if last.get(s.pk) is None
        or now - last[s.pk] >= timedelta(minutes=s.probe_every_minutes) - timedelta(seconds=30)
    ]
    if not due:
        return 0

    async def probe_all() -> list[Probe]:
        async def one(site: Site) -> Probe:
            async with rounds.client_for(site, http=PROBE_HTTP) as client:
                r = await client.fetch(site.home_url, body="none")
            ms = None if r.ms is None else round(r.ms)
            return Probe(
                site=site, at=now, ok=r.ok, status=r.status, ms=ms, error=r.error.value if r.error else ""
            )

        return list(await asyncio.gather(*(one(s) for s in due)))

    probes = rounds.run_beside(probe_all, tick=60.0, on_tick=lambda: None)
    Probe.objects.bulk_create(probes)
    return len(probes)


# --- harvesting -----------------------------------------------------------------------------


def harvest_request(
    *, actor: Any, site_id: int, start_url: str, link_pattern: str = "", max_pages: int = 500
) -> HarvestRun:
    """Queue a harvest of a column of the site into drafts (reviewed before publishing)."""
    import re

    with transaction.atomic():
        site = selectors.access_site(actor, site_id)
        selectors.require_harvester(actor, site.organization)
        errors: dict[str, str] = {}
        if not start_url.startswith(("http://", "https://")):
            errors["start_url"] = "应为 http:// 或 https:// 开头的网址"
        if link_pattern:
            try:
                re.compile(link_pattern)
            except re.error as exc:
                errors["link_pattern"] = f"正则表达式有误：{exc}"
        if errors:
            raise ValidationFailed("采集设置不正确。", fields=errors)
        run = HarvestRun.objects.create(
            site=site,
            start_url=start_url,
            link_pattern=link_pattern,
            max_pages=max_pages,
            requested_by=actor,
            queued_at=timezone.now(),
            status=HarvestStatus.QUEUED,
        )
        audit.record(
            actor=actor,
            verb="monitoring.harvest_request",
            target=run,
            organization_code=site.organization.code,
            data={"start_url": start_url, "link_pattern": link_pattern, "max_pages": max_pages},
        )

        def enqueue() -> None:
            from zwgk.monitoring.tasks import run_harvest

            run_harvest.enqueue(run.pk)

        transaction.on_commit(enqueue)
    return run
