"""IPv6 support of a website (RULES §5.2).

A link counts as reachable over IPv6 when its host has an AAAA record and the fetch over IPv6
succeeds with the same content as over IPv4. The seed's target: second- and third-level pages
at least 90%.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

DEPTH_RATIO_TARGET = Fraction(9, 10)  # the seed (2020 Dalian arrangement): 二三级链接 ≥ 90%


@dataclass(frozen=True)
class DepthStats:
    links: int
    ipv6_ok: int

    @property
    def ratio(self) -> float | None:
        """None when there is no link at that depth (nothing to support)."""
        return round(self.ipv6_ok / self.links, 4) if self.links else None

    def meets(self, target: Fraction = DEPTH_RATIO_TARGET) -> bool:
        # Exact arithmetic: 9 of 10 links is exactly 90% and meets the target.
        return self.links == 0 or Fraction(self.ipv6_ok, self.links) >= target


def link_ipv6_ok(*, aaaa: bool, ipv6_fetch_ok: bool, ipv4_fetch_ok: bool, consistent: bool) -> bool:
    """A link reachable over IPv6. When IPv4 fails too there is nothing to compare with, and a
    working IPv6 answer is enough; a link broken on both counts as not reachable."""
    if not (aaaa and ipv6_fetch_ok):
        return False
    return consistent or not ipv4_fetch_ok


def ipv6_compliant(
    *,
    aaaa: bool,
    home_ok: bool,
    home_consistent: bool,
    depth2: DepthStats,
    depth3: DepthStats,
    target: Fraction = DEPTH_RATIO_TARGET,
) -> bool:
    """API.md: AAAA present, home page reachable and consistent over IPv6, both depth ratios ≥ 0.9."""
    return aaaa and home_ok and home_consistent and depth2.meets(target) and depth3.meets(target)
