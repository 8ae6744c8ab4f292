"""Inspecting real test sites on 127.0.0.1 and ::1, reached through curl-style pins."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

from tests.monitoring import sites
from tests.monitoring.sites import Running
from zwgk.core.http import HttpSettings, OutboundClient, Pins, StaticResolver
from zwgk.monitoring.checks import ColumnKind, FreshnessVeto, LinkState, OutboundProblem
from zwgk.monitoring.inspect import (
    SHANGHAI,
    ColumnSpec,
    CrawlSettings,
    Inspection,
    inspect_columns,
    inspect_site,
    run_inspection,
)

# Short enough that the slow page (3 s) times out quickly.
FAST = HttpSettings(connect_timeout=1.0, read_timeout=0.5, total_timeout=1.5)
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)


@dataclass
class World:
    dual: Running
    v4only: Running
    stub: Running
    broken: Running
    columns: Running
    partner: Running
    pins: list[str]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with sites.serve_all(
        (sites.dual_stack_site(), (4, 6)),
        (sites.ipv4_only_site(), (4,)),
        (sites.stub_site(), (4, 6)),
        (sites.broken_site(), (4,)),
        (sites.columns_site(), (4, 6)),
        (sites.partner_site(), (4, 6)),  # last: its port is {BPORT}
    ) as (dual, v4only, stub, broken, columns, partner):
        pins = [
            dual.pin(),
            dual.pin("news.gov-a.test"),
            v4only.pin(),
            stub.pin(),
            broken.pin(),
            columns.pin(),
            partner.pin(),
            partner.pin("old-partner.test"),
            partner.pin("spam.test"),
        ]
        yield World(dual, v4only, stub, broken, columns, partner, pins)


def inspect(world: World, url: str, **kw: Any) -> Inspection:
    # StaticResolver() knows no name: everything not pinned is NXDOMAIN, never real DNS.
    return asyncio.run(
        run_inspection(url, pins=world.pins, resolver=StaticResolver(), http=FAST, now=NOW, **kw)
    )


def without_ms(report: dict[str, Any]) -> dict[str, Any]:
    for family in ("ipv4", "ipv6"):
        report["home"][family]["ms"] = "ms" if report["home"][family]["ms"] is not None else None
    return report


def test_dual_stack_site_reports_exactly_the_api_json(world: World) -> None:
    report = asyncio.run(
        inspect_site(world.dual.url(), pins=world.pins, resolver=StaticResolver(), http=FAST, now=NOW)
    )
    assert without_ms(report) == {
        "url": world.dual.url(),
        "checked_at": "2026-11-27T10:00:00+08:00",
        "home": {
            "ipv4": {"ok": True, "status": 200, "ms": "ms"},
            "ipv6": {"ok": True, "status": 200, "ms": "ms"},
            "aaaa": True,
            "content_consistent": True,
        },
        # /d2/10.html (on news.gov-a.test) is missing over IPv6; of the 20 depth-3 pages one
        # is a stub and one fails over IPv6: exactly 90% at both depths.
        "depth": {
            "2": {"links": 10, "ipv6_ok": 9, "ratio": 0.9},
            "3": {"links": 20, "ipv6_ok": 18, "ratio": 0.9},
        },
        "broken_links": [],
        "ipv6_compliant": True,
    }


def test_every_internal_page_is_fetched_over_both_families_and_external_links_apart(world: World) -> None:
    before4, before6 = len(world.dual.stats.paths(4)), len(world.dual.stats.paths(6))
    result = inspect(world, world.dual.url())
    v4 = world.dual.stats.paths(4)[before4:]
    v6 = world.dual.stats.paths(6)[before6:]
    assert sorted(v4) == sorted(v6)
    assert len(v4) == 31  # the home page, 10 depth-2 and 20 depth-3 pages, each once
    assert result.pages == 31
    assert [(e.url, e.state, e.depth) for e in result.external] == [
        (f"http://gov-b.test:{world.partner.port}/", LinkState.OK, 2)
    ]


def test_ipv4_only_site(world: World) -> None:
    report = inspect(world, world.v4only.url()).as_json()
    assert report["home"]["ipv4"]["ok"] is True
    assert report["home"]["ipv6"] == {"ok": False, "status": None, "ms": None}
    assert (report["home"]["aaaa"], report["home"]["content_consistent"]) == (False, False)
    assert report["depth"] == {
        "2": {"links": 3, "ipv6_ok": 0, "ratio": 0.0},
        "3": {"links": 6, "ipv6_ok": 0, "ratio": 0.0},
    }
    assert report["ipv6_compliant"] is False


def test_stub_page_over_ipv6_is_not_consistent(world: World) -> None:
    report = inspect(world, world.stub.url()).as_json()
    assert report["home"]["ipv6"]["ok"] is True
    assert (report["home"]["aaaa"], report["home"]["content_consistent"]) == (True, False)
    assert report["depth"] == {
        "2": {"links": 2, "ipv6_ok": 0, "ratio": 0.0},
        "3": {"links": 1, "ipv6_ok": 0, "ratio": 0.0},
    }
    assert report["ipv6_compliant"] is False


def test_broken_slow_looping_and_outbound_links(world: World) -> None:
    c, b = f"http://gov-c.test:{world.broken.port}", f"{world.partner.port}"
    result = inspect(world, c + "/")
    assert [(x.url, x.status, x.found_on) for x in result.broken] == [
        (c + "/missing.html", 404, c + "/"),
        (c + "/error.html", 500, c + "/"),
        (c + "/slow.html", None, c + "/"),  # timed out
        (c + "/loop", None, c + "/"),  # redirect loop
        ("http://dead.test/", None, c + "/"),  # the domain is gone
        (f"http://gov-b.test:{b}/missing", 404, c + "/"),
        (c + "/deep-missing.html", 404, c + "/ok.html"),  # found at depth 3
    ]
    assert [(x.url, x.problem) for x in result.external if x.problem] == [
        ("http://dead.test/", OutboundProblem.DOMAIN_GONE),
        (f"http://old-partner.test:{b}/", OutboundProblem.OFF_SITE_REDIRECT),
    ]
    assert [(h.url, h.found_on) for h in result.hidden] == [(f"http://spam.test:{b}/", c + "/")]
    assert result.blocked == [f"http://127.0.0.1:{world.broken.port}/admin"]
    # ok, missing, error, slow, loop, moved (→ ok2), report.pdf; then deep-missing and ok2.
    assert (result.depth_stats(2).links, result.depth_stats(3).links) == (7, 2)


def test_the_same_site_gives_the_same_report(world: World) -> None:
    first = inspect(world, world.broken.url()).as_json()
    second = inspect(world, world.broken.url()).as_json()
    assert without_ms(first) == without_ms(second)


@pytest.mark.parametrize(
    "depth, d2, d3, pages",
    [
        (1, {"links": 0, "ipv6_ok": 0, "ratio": None}, {"links": 0, "ipv6_ok": 0, "ratio": None}, 1),
        (2, {"links": 10, "ipv6_ok": 9, "ratio": 0.9}, {"links": 0, "ipv6_ok": 0, "ratio": None}, 11),
    ],
)
def test_shallower_crawls(
    world: World, depth: int, d2: dict[str, Any], d3: dict[str, Any], pages: int
) -> None:
    result = inspect(world, world.dual.url(), depth=depth)
    assert (result.as_json()["depth"], result.pages) == ({"2": d2, "3": d3}, pages)


def test_max_pages_bounds_the_crawl(world: World) -> None:
    result = inspect(world, world.dual.url(), settings=CrawlSettings(max_pages=5))
    assert (result.pages, result.truncated, result.depth_stats(2).links, result.depth_stats(3).links) == (
        5,
        True,
        4,
        0,
    )


def test_without_external_checks_only_the_site_is_fetched(world: World) -> None:
    before = len(world.partner.stats.paths())
    result = inspect(world, world.broken.url(), settings=CrawlSettings(check_external=False))
    assert result.external == []
    assert all(x.url.startswith(f"http://gov-c.test:{world.broken.port}/") for x in result.broken)
    assert len(world.partner.stats.paths()) == before


def test_unreachable_home_page(world: World) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://gov-gone.test:{port}/"
    report = asyncio.run(
        inspect_site(url, pins=[f"gov-gone.test:{port}:127.0.0.1,::1"], resolver=StaticResolver(), http=FAST)
    )
    assert (report["home"]["ipv4"]["ok"], report["home"]["ipv4"]["status"]) == (False, None)
    assert (report["home"]["aaaa"], report["ipv6_compliant"], report["broken_links"]) == (True, False, [])
    assert report["depth"]["2"] == {"links": 0, "ipv6_ok": 0, "ratio": None}


def test_bad_arguments(world: World) -> None:
    with pytest.raises(ValueError):
        asyncio.run(run_inspection(world.dual.url(), depth=4))
    with pytest.raises(ValueError):
        asyncio.run(run_inspection("ftp://gov-a.test/"))

    async def both() -> None:
        async with OutboundClient(pins=Pins.parse(world.pins)) as client:
            await run_inspection(world.dual.url(), client=client, pins=world.pins)

    with pytest.raises(ValueError):
        asyncio.run(both())


def test_columns_freshness_and_empty_columns(world: World) -> None:
    base = world.columns.url
    specs = [ColumnSpec("首页", base("/"), ColumnKind.HOME)]
    specs += [ColumnSpec(f"news{i}", base(f"/col/news{i}/"), ColumnKind.NEWS) for i in range(1, 6)]
    specs += [ColumnSpec(f"notice{i}", base(f"/col/notice{i}/"), ColumnKind.NOTICE) for i in (1, 2)]
    specs += [ColumnSpec("policy1", base("/col/policy1/"), ColumnKind.POLICY)]
    specs += [ColumnSpec(f"empty{i}", base(f"/col/empty{i}/"), ColumnKind.NEWS) for i in range(1, 6)]
    specs += [ColumnSpec("missing", base("/col/none/"), ColumnKind.NEWS)]

    async def go() -> Any:
        async with OutboundClient(pins=Pins.parse(world.pins), resolver=StaticResolver(), settings=FAST) as c:
            return await inspect_columns(specs, client=c, today=date(2026, 11, 27))

    report = asyncio.run(go())
    states = {c.spec.name: c.state for c in report.columns}
    assert states["首页"] is not None and (states["首页"].latest, states["首页"].stale) == (
        date(2026, 11, 20),
        False,
    )
    stale = sorted(name for name, s in states.items() if s is not None and s.stale)
    assert stale == ["news3", "news4", "news5", "notice1", "policy1"]
    assert sorted(name for name, s in states.items() if s is not None and s.empty) == [
        f"empty{i}" for i in range(1, 6)
    ]
    missing = next(c for c in report.columns if c.spec.name == "missing")
    assert (missing.state, missing.status) == (None, 404)  # an unreadable column is not "empty"
    assert (report.verdict.stale, report.verdict.long_stale, report.verdict.empty) == (5, 1, 5)
    assert report.verdict.vetoes == (FreshnessVeto.COLUMNS_STALE, FreshnessVeto.COLUMNS_EMPTY)


def test_depth_defaults_to_the_crawl_settings(world: World) -> None:
    assert inspect(world, world.dual.url(), settings=CrawlSettings(depth=2)).pages == 11
