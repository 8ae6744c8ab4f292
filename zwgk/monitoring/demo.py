"""Demo monitoring data: the stand-in sites (zwgk.monitoring.standins) with two weeks of stored
rounds and probes, so the dashboard and charts show a history at once. The rounds the scheduler
runs later inspect the stand-ins, which the demo serves on loopback: the demo never sends a
request outside its machine (issue 20 item 3)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from zwgk.monitoring.checks import DEFAULT_RULES, Item
from zwgk.monitoring.models import (
    InspectionRound,
    Probe,
    RoundStatus,
    RoundTrigger,
    Site,
    VetoAlert,
    WatchedColumn,
)
from zwgk.monitoring.standins import COLUMNS, STAND_INS, home_url
from zwgk.organizations.models import Organization

ROUNDS = 14
# The real sites earlier demos watched (and inspected from the demo machine: issue 20 item 3).
_REAL_URLS = frozenset(
    {
        "https://www.dl.gov.cn/", "https://sfj.dl.gov.cn/", "https://mzj.dl.gov.cn/", "https://wjw.dl.gov.cn/",
        "https://www.dlzs.gov.cn/", "https://www.dljp.gov.cn/",
    }
)  # fmt: skip


def _ratio(ok: int, links: int) -> float | None:
    return round(ok / links, 4) if links else None


def _round_numbers(profile: str, i: int, rng: random.Random) -> dict[str, Any]:
    """Numbers of the i-th of ROUNDS daily rounds (0 = oldest) for a site profile."""
    d2_links, d3_links = rng.randint(40, 90), rng.randint(900, 2400)
    if profile == "ipv6_gap":
        d2_share, d3_share = 0.86 + rng.uniform(-0.02, 0.02), 0.78 + rng.uniform(-0.03, 0.03)
    elif profile == "improving":
        d2_share = min(1.0, 0.70 + i * 0.025)
        d3_share = min(1.0, 0.62 + i * 0.028)
    else:
        d2_share, d3_share = 1.0, 0.985 + rng.uniform(-0.01, 0.01)
    d2_ok = min(d2_links, round(d2_links * d2_share))
    d3_ok = min(d3_links, round(d3_links * d3_share))
    broken = rng.randint(0, 4) if profile == "good" else rng.randint(3, 18)
    empty = 5 if profile == "empty_columns" else (1 if profile == "ipv6_gap" else 0)
    stale = rng.randint(1, 2) if profile in ("empty_columns", "ipv6_gap") else 0
    return {
        "d2": (d2_links, d2_ok),
        "d3": (d3_links, d3_ok),
        "broken": broken,
        "empty": empty,
        "stale": stale,
    }


def _score(nums: dict[str, Any], compliant: bool) -> tuple[float, list[dict[str, Any]]]:
    counts = {
        Item.BROKEN_LINK: nums["broken"],
        Item.EMPTY_COLUMN: 0 if nums["empty"] >= 5 else nums["empty"],
        Item.STALE_COLUMN: nums["stale"],
        Item.NO_IPV6: 0 if compliant else 1,
    }
    deductions = []
    for item, count in counts.items():
        if count:
            rule = DEFAULT_RULES[item]
            deductions.append(
                {"item": item.value, "count": count, "points": round(min(rule.cap, rule.per_unit * count), 2)}
            )
    return round(100 - sum(d["points"] for d in deductions), 2), deductions


def _make_round(site: Site, finished: datetime, nums: dict[str, Any], rng: random.Random) -> InspectionRound:
    (l2, ok2), (l3, ok3) = nums["d2"], nums["d3"]
    r2, r3 = _ratio(ok2, l2), _ratio(ok3, l3)
    compliant = (r2 or 0) >= 0.9 and (r3 or 0) >= 0.9
    base = site.home_url.rstrip("/")
    broken = [
        {
            "url": f"{base}/art/{2025 - k % 3}/{rng.randint(1, 12)}/{rng.randint(100000, 999999)}.html",
            "status": rng.choice([404, 404, 404, 500, None]),
            "found_on": f"{base}/{COLUMNS[k % len(COLUMNS)][1]}",
        }
        for k in range(nums["broken"])
    ]
    vetoes = ["columns_empty"] if nums["empty"] >= 5 else []
    score, deductions = _score(nums, compliant)
    today = timezone.localdate(finished)
    columns = []
    for k, (name, path, kind) in enumerate(COLUMNS):
        empty = k < nums["empty"]
        stale = not empty and k >= len(COLUMNS) - nums["stale"]
        latest = None if empty else today - timedelta(days=(200 if stale else rng.randint(0, 6)))
        columns.append(
            {
                "name": name,
                "url": f"{base}/{path}",
                "kind": kind,
                "latest": latest.isoformat() if latest else None,
                "items": 0 if empty else rng.randint(8, 20),
                "empty": empty,
                "stale": stale,
                "long_stale": False,
                "status": 200,
                "error": None,
            }
        )
    result = {
        "url": site.home_url,
        "checked_at": timezone.localtime(finished).isoformat(timespec="seconds"),
        "home": {
            "ipv4": {"ok": True, "status": 200, "ms": rng.randint(60, 240)},
            "ipv6": {"ok": True, "status": 200, "ms": rng.randint(70, 300)},
            "aaaa": True,
            "content_consistent": True,
        },
        "depth": {
            "2": {"links": l2, "ipv6_ok": ok2, "ratio": r2},
            "3": {"links": l3, "ipv6_ok": ok3, "ratio": r3},
        },
        "broken_links": broken,
        "ipv6_compliant": compliant,
    }
    pages = 1 + l2 + l3
    return InspectionRound(
        site=site,
        status=RoundStatus.DONE,
        trigger=RoundTrigger.SCHEDULE,
        queued_at=finished - timedelta(minutes=2),
        started_at=finished - timedelta(minutes=1, seconds=30),
        finished_at=finished,
        heartbeat_at=finished,
        attempts=1,
        pages_done=pages,
        pages_total=pages,
        result=result,
        details={
            "pages": pages,
            "truncated": False,
            "broken": [
                {**b, "internal": True, "depth": 3, "error": None if b["status"] else "timeout"}
                for b in broken
            ],
            "columns": columns,
            "hidden": [],
            "hijacked": [],
            "blocked": 0,
            "availability": {
                "probes": 168,
                "failures": 1,
                "failure_rate": 0.006,
                "complete": True,
                "veto": False,
            },
        },
        score=score,
        passed=not vetoes and score > 60,
        vetoes=vetoes,
        deductions=deductions,
        broken_links=len(broken),
        depth2_ratio=r2,
        depth3_ratio=r3,
        ipv6_compliant=compliant,
        stale_columns=nums["stale"],
        empty_columns=nums["empty"],
        home_updated_on=today - timedelta(days=rng.randint(0, 2)),
    )


def load(*, stdout: Any) -> str:
    rng = random.Random(20261127)
    now = timezone.now()
    created = 0
    port = settings.ZWGK_DEMO_SITES_PORT
    for standin in STAND_INS:
        name, url, contacts, profile = (
            standin.name, home_url(standin, port), list(standin.contacts), standin.profile
        )  # fmt: skip
        org = Organization.objects.filter(code=standin.code).first()
        if org is None:
            continue
        site, new = Site.objects.get_or_create(
            organization=org, name=name, defaults={"home_url": url, "contacts": contacts}
        )
        if not new:
            if site.home_url in _REAL_URLS:
                # A demo loaded before the stand-ins watched the agencies' real sites: point it
                # at its stand-in, so that its scheduler stays on this machine too.
                Site.objects.filter(pk=site.pk).update(home_url=url, pins=[])
                for column in site.columns.all():
                    WatchedColumn.objects.filter(pk=column.pk).update(
                        url=column.url.replace(site.home_url, url, 1)
                    )
            continue
        created += 1
        WatchedColumn.objects.bulk_create(
            [
                WatchedColumn(site=site, name=n, url=f"{url}{path}", kind=kind, sort_order=k * 10)
                for k, (n, path, kind) in enumerate(COLUMNS)
            ]
        )
        day: date = timezone.localdate(now)
        rounds = []
        for i in range(ROUNDS):
            finished = timezone.make_aware(
                datetime.combine(day - timedelta(days=ROUNDS - i), datetime.min.time())
                + timedelta(hours=2, minutes=13)
            )
            rounds.append(_make_round(site, finished, _round_numbers(profile, i, rng), rng))
        InspectionRound.objects.bulk_create(rounds)
        last = site.rounds.order_by("-finished_at").first()
        if last is not None and last.vetoes:
            for veto in last.vetoes:
                VetoAlert.objects.create(
                    site=site,
                    veto=veto,
                    opened_at=now - timedelta(days=ROUNDS - 1),
                    opened_by_round=last,
                    mailed_to=contacts,
                )
        # A week of hourly probes: what the weekly 5% rule is computed from.
        probes = []
        for hour in range(7 * 24):
            at = now - timedelta(hours=hour, minutes=rng.randint(0, 5))
            ok = rng.random() > 0.01
            probes.append(
                Probe(
                    site=site,
                    at=at,
                    ok=ok,
                    status=200 if ok else None,
                    ms=rng.randint(80, 600) if ok else None,
                    error="" if ok else "timeout",
                )
            )
        Probe.objects.bulk_create(probes)
    return (
        f"监测网站 {Site.objects.count()} 个（本次新增 {created} 个），"
        f"各含 {ROUNDS} 轮历史巡检和一周的可用性探测"
    )
