"""The crawl of one site: its settings, `run_inspection` and the breadth-first crawler."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

from zwgk.core.http import FetchError, FetchResult, Guard, HttpSettings, OutboundClient, Pins, Resolver
from zwgk.monitoring.checks import (
    CONSISTENCY_THRESHOLD,
    DepthStats,
    Fingerprint,
    Link,
    LinkState,
    Page,
    classify_link,
    content_consistent,
    is_broken,
    link_ipv6_ok,
    normalize_url,
    outbound_problem,
    url_domain,
)
from zwgk.monitoring.inspect.results import BrokenLink, ExternalLink, HiddenLink, HomeFetch, Inspection

# China has kept UTC+8 without daylight saving since 1991: a fixed offset needs no tz database.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
MAX_DEPTH = 3  # API.md reports depths 2 and 3


@dataclass(frozen=True)
class CrawlSettings:
    depth: int = 3
    max_pages: int = 10_000  # internal URLs fetched, the home page included
    concurrency: int = 64  # internal URLs in flight (each fetched over both families)
    check_external: bool = True
    max_external: int = 5_000
    external_concurrency: int = 32
    consistency_threshold: float = CONSISTENCY_THRESHOLD


@dataclass
class CrawlProgress:
    """Counters a round's owner reads from another thread while the crawl runs (plain ints:
    reading a slightly old value is harmless). `found` grows as levels are discovered."""

    done: int = 0
    found: int = 0


async def inspect_site(
    url: str,
    *,
    pins: Pins | Iterable[str] | None = None,
    depth: int | None = None,
    client: OutboundClient | None = None,
    settings: CrawlSettings | None = None,
    http: HttpSettings | None = None,
    resolver: Resolver | None = None,
    allow_private: bool = False,
    now: datetime | None = None,
    progress: CrawlProgress | None = None,
) -> dict[str, Any]:
    """The API.md JSON of one inspection. See `run_inspection` for the arguments."""
    inspection = await run_inspection(
        url,
        pins=pins,
        depth=depth,
        client=client,
        settings=settings,
        http=http,
        resolver=resolver,
        allow_private=allow_private,
        now=now,
        progress=progress,
    )
    return inspection.as_json()


async def run_inspection(
    url: str,
    *,
    pins: Pins | Iterable[str] | None = None,
    depth: int | None = None,
    client: OutboundClient | None = None,
    settings: CrawlSettings | None = None,
    http: HttpSettings | None = None,
    resolver: Resolver | None = None,
    allow_private: bool = False,
    now: datetime | None = None,
    progress: CrawlProgress | None = None,
) -> Inspection:
    """Inspect `url` now, to `depth` (default: `settings.depth`, 3).

    Without `client`, one is made from `pins` (``HOST:PORT:ADDR[,ADDR…]`` strings or `Pins`),
    `resolver`, `http` and `allow_private`, and closed afterwards; with `client`, those must be
    left out (the client already carries them). `progress`, when given, is kept up to date.
    """
    crawl = settings or CrawlSettings()
    if depth is not None and depth != crawl.depth:
        crawl = dataclasses.replace(crawl, depth=depth)
    if not 1 <= crawl.depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
    home_url = normalize_url(url, url)
    if home_url is None:
        raise ValueError(f"not an http(s) URL: {url!r}")
    checked_at = now or datetime.now(SHANGHAI)
    if client is not None:
        if pins is not None or resolver is not None or http is not None or allow_private:
            raise ValueError("pass pins/resolver/http/allow_private to the client, not with it")
        return await _Crawler(client, crawl, progress).run(url, home_url, checked_at)
    pinned = pins if isinstance(pins, Pins) else Pins.parse(pins or ())
    site = url_domain(home_url)
    # External links are checked on any public host; without them, only the site's own domain.
    guard = (
        Guard(allow_private=allow_private)
        if crawl.check_external
        else Guard.for_sites({site, "." + site}, allow_private=allow_private)
    )
    async with OutboundClient(guard=guard, pins=pinned, resolver=resolver, settings=http) as own:
        return await _Crawler(own, crawl, progress).run(url, home_url, checked_at)


@dataclass
class _Outcome:
    state: LinkState
    status: int | None
    error: str | None
    ipv6_ok: bool
    links: tuple[str, ...] = ()
    hidden: tuple[Link, ...] = ()


Rank = tuple[int, ...]


class _Entry(NamedTuple):
    url: str
    found_on: str
    rank: Rank


def _shown_status(state: LinkState, r: FetchResult) -> int | None:
    """The status to report: none for a link that got no final answer (a redirect loop's 302 or
    the 200 of a body that timed out are not what a reader gets)."""
    return None if state is LinkState.UNREACHABLE else r.status


class _Crawler:
    def __init__(
        self, client: OutboundClient, settings: CrawlSettings, progress: CrawlProgress | None = None
    ) -> None:
        self.progress = progress or CrawlProgress()
        self.client = client
        self.settings = settings
        self.domains: set[str] = set()
        self.seen: set[str] = set()
        self.broken: list[tuple[Rank, BrokenLink]] = []
        self.blocked: list[tuple[Rank, str]] = []
        self.hidden: dict[str, tuple[Rank, str]] = {}
        self.external: list[tuple[Rank, ExternalLink]] = []
        self.external_tasks: list[asyncio.Task[None]] = []
        self.external_budget = settings.max_external
        self.external_slots = asyncio.Semaphore(settings.external_concurrency)
        self.truncated = False

    async def run(self, url: str, home_url: str, checked_at: datetime) -> Inspection:
        self.domains.add(url_domain(home_url))
        self.progress.found += 1
        r4, r6, aaaa = await asyncio.gather(
            self.client.fetch(home_url, family=4),
            self.client.fetch(home_url, family=6),
            self.client.has_aaaa(home_url),
        )
        # The crawl goes on over whichever family answered, IPv4 first.
        home = r4 if r4.status is not None else r6
        self.progress.done += 1
        if home.final_url != home_url:
            self.seen.add(home.final_url)
            self.domains.add(url_domain(home.final_url))  # a portal that moved to a new domain
        self.seen.add(home_url)
        home_page = Page(home.body_text, home.final_url) if home.ok and home.is_html else None
        consistent = r4.ok and r6.ok and self._same(r4, r6, home_page)
        has_search = home_page.has_search if home_page is not None else None

        level: list[_Entry] = []
        if home_page is not None and self.settings.depth >= 2:
            from_home: dict[Rank, tuple[str, str]] = {
                (1, 0, j): (link.url, home_url) for j, link in enumerate(home_page.links)
            }
            level = self._next_level(from_home)
            self._note_hidden(home_page.links, home_url, (1, 0))
        del home_page
        stats: dict[int, DepthStats] = {}
        pages = 1
        for depth in range(2, self.settings.depth + 1):
            budget = self.settings.max_pages - pages
            if len(level) > budget:
                self.truncated = True
                level = level[: max(budget, 0)]
            self.progress.found += len(level)
            found, links, ok = await self._crawl_level(level, depth, extract=depth < self.settings.depth)
            stats[depth] = DepthStats(links, ok)
            pages += len(level)
            level = self._next_level(found) if depth < self.settings.depth else []
        if self.external_tasks:
            await asyncio.gather(*self.external_tasks)

        def by_rank(pair: tuple[Rank, Any]) -> Rank:
            return pair[0]

        return Inspection(
            url=url,
            checked_at=checked_at,
            home_ipv4=HomeFetch.of(r4),
            home_ipv6=HomeFetch.of(r6),
            aaaa=aaaa,
            content_consistent=consistent,
            depth=stats,
            broken=[b for _, b in sorted(self.broken, key=by_rank)],
            external=[e for _, e in sorted(self.external, key=by_rank)],
            hidden=[HiddenLink(u, f) for u, (_, f) in sorted(self.hidden.items(), key=lambda kv: kv[1][0])],
            blocked=[u for _, u in sorted(self.blocked)],
            pages=pages,
            truncated=self.truncated,
            has_search=has_search,
        )

    def _internal(self, url: str) -> bool:
        return url_domain(url) in self.domains

    def _next_level(self, found: dict[Rank, tuple[str, str]]) -> list[_Entry]:
        """The next level's internal URLs in rank order; its external links go to be checked.

        A link's rank is (depth of the page it was found on, that page's index in its level, the
        link's index on the page): sorting by rank is breadth-first document order.
        """
        internal: list[_Entry] = []
        external: list[_Entry] = []
        for rank, (url, found_on) in sorted(found.items()):
            if url in self.seen:
                continue
            self.seen.add(url)
            (internal if self._internal(url) else external).append(_Entry(url, found_on, rank))
        if external and self.settings.check_external:
            self.external_tasks.append(asyncio.create_task(self._check_externals(external)))
        return internal

    async def _crawl_level(
        self, level: Sequence[_Entry], depth: int, *, extract: bool
    ) -> tuple[dict[Rank, tuple[str, str]], int, int]:
        # url -> (rank, found_on): the first occurrence wins, whatever order fetches finish in.
        first: dict[str, tuple[Rank, str]] = {}
        counted = ipv6_ok = 0
        jobs = iter(enumerate(level))

        async def worker() -> None:
            nonlocal counted, ipv6_ok
            for index, (url, found_on, rank) in jobs:
                outcome = await self._check_internal(url, extract)
                self.progress.done += 1
                if outcome.state is LinkState.BLOCKED:
                    # Not checked, so counted neither as broken nor in the IPv6 ratio.
                    self.blocked.append((rank, url))
                    continue
                counted += 1
                ipv6_ok += outcome.ipv6_ok
                if is_broken(outcome.state):
                    broken = BrokenLink(url, outcome.status, found_on, depth, True, outcome.error)
                    self.broken.append((rank, broken))
                for j, link in enumerate(outcome.links):
                    if link in self.seen:
                        continue
                    known = first.get(link)
                    if known is None or (depth, index, j) < known[0]:
                        first[link] = ((depth, index, j), url)
                self._note_hidden(outcome.hidden, url, (depth, index))

        await asyncio.gather(*(worker() for _ in range(min(self.settings.concurrency, len(level)))))
        found = {rank: (link, found_on) for link, (rank, found_on) in first.items()}
        return found, counted, ipv6_ok

    async def _check_internal(self, url: str, extract: bool) -> _Outcome:
        primary, v6 = await asyncio.gather(
            self.client.fetch(url, body="html"), self.client.fetch(url, family=6, body="html")
        )
        state = classify_link(primary.status, primary.error)
        page = Page(primary.body_text, primary.final_url) if primary.ok and primary.is_html else None
        consistent = primary.ok and v6.ok and self._same(primary, v6, page)
        outcome = _Outcome(
            state=state,
            status=_shown_status(state, primary),
            error=None if primary.error is None else primary.error.value,
            ipv6_ok=link_ipv6_ok(
                aaaa=v6.address is not None,
                ipv6_fetch_ok=v6.ok,
                ipv4_fetch_ok=primary.ok,
                consistent=consistent,
            ),
        )
        if extract and page is not None:
            outcome.links = tuple(dict.fromkeys(link.url for link in page.links))
            outcome.hidden = tuple(link for link in page.links if link.hidden)
        return outcome

    def _note_hidden(self, links: Iterable[Link], found_on: str, page_rank: Rank) -> None:
        for j, link in enumerate(links):
            if not link.hidden or self._internal(link.url):
                continue
            rank = (*page_rank, j)
            known = self.hidden.get(link.url)
            if known is None or rank < known[0]:
                self.hidden[link.url] = (rank, found_on)

    def _same(self, a: FetchResult, b: FetchResult, page_a: Page | None) -> bool:
        """Whether two successful answers for one URL are the same content."""
        if a.body == b.body and a.content_type == b.content_type:
            return True  # also covers attachments, whose bodies are not read
        if a.is_html and b.is_html:
            fa = Fingerprint.of(page_a or Page(a.body_text, a.final_url))
            fb = Fingerprint.of(Page(b.body_text, b.final_url))
            return content_consistent(fa, fb, threshold=self.settings.consistency_threshold)
        return False

    async def _check_externals(self, links: list[_Entry]) -> None:
        take = links[: max(self.external_budget, 0)]
        if len(take) < len(links):
            self.truncated = True
        self.external_budget -= len(take)

        async def check(url: str, found_on: str, rank: Rank) -> None:
            depth = rank[0] + 1
            async with self.external_slots:
                r = await self.client.fetch(url, body="none")
            state = classify_link(r.status, r.error)
            status = _shown_status(state, r)
            gone = (
                r.error is FetchError.DNS
                and r.redirects == 0
                and r.resolution is not None
                and r.resolution.nxdomain
            )
            problem = (
                None if state is LinkState.BLOCKED else outbound_problem(url, r.final_url, nxdomain=gone)
            )
            self.external.append((rank, ExternalLink(url, found_on, depth, state, status, problem)))
            if state is LinkState.BLOCKED:
                self.blocked.append((rank, url))
            elif is_broken(state):
                error = None if r.error is None else r.error.value
                self.broken.append((rank, BrokenLink(url, status, found_on, depth, False, error)))

        await asyncio.gather(*(check(*link) for link in take))
