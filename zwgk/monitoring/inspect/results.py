"""What one inspection reports: the home page's two answers, the depth ratios, the links found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zwgk.core.http import FetchError, FetchResult
from zwgk.monitoring.checks import DepthStats, LinkState, OutboundProblem, ipv6_compliant

# Nothing was tried on the network for these: no time to report.
_NOT_ATTEMPTED = frozenset(
    {FetchError.NO_ADDRESS, FetchError.DNS, FetchError.BLOCKED_HOST, FetchError.BLOCKED_ADDRESS}
)


@dataclass(frozen=True)
class HomeFetch:
    ok: bool
    status: int | None
    ms: int | None
    error: str | None = None

    @classmethod
    def of(cls, r: FetchResult) -> HomeFetch:
        ms = None if r.ms is None or r.error in _NOT_ATTEMPTED else round(r.ms)
        return cls(r.ok, r.status, ms, None if r.error is None else r.error.value)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "status": self.status, "ms": self.ms}


@dataclass(frozen=True)
class BrokenLink:
    url: str
    status: int | None
    found_on: str
    depth: int
    internal: bool
    error: str | None = None


@dataclass(frozen=True)
class ExternalLink:
    url: str
    found_on: str
    depth: int
    state: LinkState
    status: int | None
    problem: OutboundProblem | None


@dataclass(frozen=True)
class HiddenLink:
    url: str
    found_on: str


@dataclass
class Inspection:
    url: str
    checked_at: datetime
    home_ipv4: HomeFetch
    home_ipv6: HomeFetch
    aaaa: bool
    content_consistent: bool
    depth: dict[int, DepthStats]
    broken: list[BrokenLink] = field(default_factory=list)
    external: list[ExternalLink] = field(default_factory=list)
    hidden: list[HiddenLink] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # links the SSRF guard refused to check
    pages: int = 0  # internal URLs fetched
    truncated: bool = False  # max_pages or max_external cut the crawl short
    # Whether the home page offers a site search; None when it could not be parsed (RULES §5.1).
    has_search: bool | None = None

    def depth_stats(self, level: int) -> DepthStats:
        return self.depth.get(level, DepthStats(0, 0))

    @property
    def ipv6_compliant(self) -> bool:
        return ipv6_compliant(
            aaaa=self.aaaa,
            home_ok=self.home_ipv6.ok,
            home_consistent=self.content_consistent,
            depth2=self.depth_stats(2),
            depth3=self.depth_stats(3),
        )

    def as_json(self) -> dict[str, Any]:
        """Exactly the JSON of API.md (Monitoring)."""
        return {
            "url": self.url,
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
            "home": {
                "ipv4": self.home_ipv4.as_json(),
                "ipv6": self.home_ipv6.as_json(),
                "aaaa": self.aaaa,
                "content_consistent": self.content_consistent,
            },
            "depth": {
                str(level): {
                    "links": self.depth_stats(level).links,
                    "ipv6_ok": self.depth_stats(level).ipv6_ok,
                    "ratio": self.depth_stats(level).ratio,
                }
                for level in (2, 3)
            },
            "broken_links": [{"url": b.url, "status": b.status, "found_on": b.found_on} for b in self.broken],
            "ipv6_compliant": self.ipv6_compliant,
        }
