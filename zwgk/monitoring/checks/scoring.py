"""Inspection score per the 2019 indicators (国办秘函〔2019〕19号; RULES §5.1).

Single-item vetoes fail the site outright; otherwise points are deducted from 100 and a score
of 60 or less fails. RULES §5.1: the exact deduction table is not verified, so every weight is
configurable; the defaults are the platform's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

FULL_SCORE = 100.0
FAIL_AT_OR_BELOW = 60.0  # 国办秘函〔2019〕19号: 60分及以下为不合格


class Veto(StrEnum):
    UNREACHABLE = "unreachable"
    HOME_STALE = "home_stale"
    COLUMNS_STALE = "columns_stale"
    COLUMNS_LONG_STALE = "columns_long_stale"
    COLUMNS_EMPTY = "columns_empty"
    POOR_INTERACTION = "poor_interaction"
    SECURITY_INCIDENT = "security_incident"
    FAKED_DATES = "faked_dates"
    SERVICE_GUIDE_INCOMPLETE = "service_guide_incomplete"


class Item(StrEnum):
    BROKEN_LINK_HOME = "broken_link_home"  # broken links on the home page
    BROKEN_LINK = "broken_link"  # broken links on other pages
    STALE_COLUMN = "stale_column"  # stale columns below the veto count
    EMPTY_COLUMN = "empty_column"  # empty columns below the veto count
    NO_SEARCH = "no_search"
    NO_IPV6 = "no_ipv6"  # not IPv6-compliant (RULES §5.2)
    HIDDEN_LINK = "hidden_link"  # 暗链
    HIJACKED_LINK = "hijacked_link"  # outbound link to a dead or redirected domain


@dataclass(frozen=True)
class DeductionRule:
    per_unit: float
    cap: float


DEFAULT_RULES: Mapping[Item, DeductionRule] = MappingProxyType(
    {
        Item.BROKEN_LINK_HOME: DeductionRule(per_unit=1.0, cap=10.0),
        Item.BROKEN_LINK: DeductionRule(per_unit=0.1, cap=10.0),
        Item.STALE_COLUMN: DeductionRule(per_unit=1.0, cap=10.0),
        Item.EMPTY_COLUMN: DeductionRule(per_unit=2.0, cap=10.0),
        Item.NO_SEARCH: DeductionRule(per_unit=5.0, cap=5.0),
        Item.NO_IPV6: DeductionRule(per_unit=5.0, cap=5.0),
        Item.HIDDEN_LINK: DeductionRule(per_unit=5.0, cap=20.0),
        Item.HIJACKED_LINK: DeductionRule(per_unit=2.0, cap=10.0),
    }
)


@dataclass(frozen=True)
class Findings:
    vetoes: frozenset[Veto] = frozenset()
    counts: Mapping[Item, int] = field(default_factory=dict)  # e.g. {Item.BROKEN_LINK: 12}


@dataclass(frozen=True)
class Deduction:
    item: Item
    count: int
    points: float


@dataclass(frozen=True)
class Score:
    points: float
    deductions: tuple[Deduction, ...]
    vetoes: tuple[Veto, ...]

    @property
    def passed(self) -> bool:
        return not self.vetoes and self.points > FAIL_AT_OR_BELOW


def inspection_score(findings: Findings, rules: Mapping[Item, DeductionRule] = DEFAULT_RULES) -> Score:
    deductions: list[Deduction] = []
    for item in Item:
        count = findings.counts.get(item, 0)
        rule = rules.get(item)
        if count <= 0 or rule is None:
            continue
        deductions.append(Deduction(item, count, round(min(rule.cap, rule.per_unit * count), 2)))
    points = max(0.0, round(FULL_SCORE - sum(d.points for d in deductions), 2))
    vetoes = tuple(v for v in Veto if v in findings.vetoes)
    return Score(points, tuple(deductions), vetoes)
