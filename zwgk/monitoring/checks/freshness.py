"""Dates on pages and whether the home page and columns are kept up to date (RULES §5.1).

国办秘函〔2019〕19号, single-item vetoes: the home page not updated for 2 weeks; news columns
stale > 2 weeks plus notice/policy columns stale > 6 months adding up to 5 or more; 10 or
more long-stale columns; 5 or more empty columns. Periods are configurable per column kind.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from zwgk.monitoring.checks.pages import Page

# 2026-11-20, 2026/11/20, 2026.11.20 (one separator throughout) and 2026年11月20日.
_FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
# [11-20], (11-20), 【11-20】, （11/20）: list entries of the current year that omit it.
_MONTH_DAY = re.compile(r"[\[(【（]\s*(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\s*[\])】）]")
_EARLIEST_YEAR = 1990


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_day(month: int, day: int, today: date) -> date | None:
    """The latest date on or before `today` with this month and day (02-29: the last leap year)."""
    for year in range(today.year, today.year - 8, -1):
        d = _make(year, month, day)
        if d is not None and d <= today:
            return d
    return None


def extract_dates(text: str, *, today: date) -> list[date]:
    """Every date written in `text`, in order of appearance.

    A month-day without a year is in the year that puts it on or before `today` (a list seen in
    January showing [12-30] means last year). Dates after `today` are kept: they may be faked.
    """
    found: list[tuple[int, date]] = []
    for m in _FULL_DATE.finditer(text):
        if m.group("y"):
            d = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        else:
            d = _make(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        if d is not None and d.year >= _EARLIEST_YEAR:
            found.append((m.start(), d))
    for m in _MONTH_DAY.finditer(text):
        d = _month_day(int(m.group("m")), int(m.group("d")), today)
        if d is not None:
            found.append((m.start(), d))
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def meta_pubdate(page: Page) -> date | None:
    """The date of ``<meta name="PubDate" content="2026-11-20 10:00">`` and similar metas."""
    for content in page.meta_dates:
        m = _FULL_DATE.search(content)
        if m is not None and m.group("y"):
            d = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        elif m is not None:
            d = _make(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        else:
            d = None
        if d is not None:
            return d
    return None


def item_dates(page: Page, *, today: date, items_xpath: str | None = None) -> list[date]:
    """Dates of the page's list entries (one per entry: the first date it shows)."""
    out: list[date] = []
    for text in page.item_texts(items_xpath):
        dates = extract_dates(text, today=today)
        if dates:
            out.append(dates[0])
    return out


def latest(dates: Iterable[date], *, today: date) -> date | None:
    """The newest date not after `today` (future dates cannot prove an update)."""
    return max((d for d in dates if d <= today), default=None)


def future_dates(dates: Iterable[date], *, today: date) -> list[date]:
    """Dates after `today`: a sign of faked publication dates (a veto item, RULES §5.1)."""
    return sorted({d for d in dates if d > today})


# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    days: int = 0
    months: int = 0

    def cutoff(self, today: date) -> date:
        """The oldest date still within the period (6 months before 2026-08-31 is 2026-02-28)."""
        y, m = divmod(today.year * 12 + today.month - 1 - self.months, 12)
        month = m + 1
        day = min(today.day, calendar.monthrange(y, month)[1])
        return date(y, month, day) - timedelta(days=self.days)


class ColumnKind(StrEnum):
    HOME = "home"
    NEWS = "news"  # 动态、要闻
    NOTICE = "notice"  # 通知公告
    POLICY = "policy"  # 政策文件
    OTHER = "other"  # should be updated, with no statutory period: only "long-stale" applies
    STATIC = "static"  # 机构概况 and the like: never stale


COLUMN_KIND_LABELS = {
    ColumnKind.HOME: "首页（2周）",
    ColumnKind.NEWS: "动态要闻（2周）",
    ColumnKind.NOTICE: "通知公告（6个月）",
    ColumnKind.POLICY: "政策文件（6个月）",
    ColumnKind.OTHER: "其他栏目",
    ColumnKind.STATIC: "静态栏目（不考核更新）",
}


def column_kind_label(kind: str) -> str:
    """A stored round's column kind in words; a kind this version does not know as 其他栏目."""
    try:
        return COLUMN_KIND_LABELS[ColumnKind(kind)]
    except ValueError:
        return "其他栏目"


# 国办秘函〔2019〕19号 (RULES §5.1).
HOME_MAX_AGE = Period(days=14)
NEWS_MAX_AGE = Period(days=14)
NOTICE_POLICY_MAX_AGE = Period(months=6)
STALE_COLUMNS_VETO = 5
LONG_STALE_COLUMNS_VETO = 10
EMPTY_COLUMNS_VETO = 5
# Product decision: RULES §5.1 does not put a number on "long-stale" (长期未更新); one year.
LONG_STALE_AGE = Period(months=12)


@dataclass(frozen=True)
class FreshnessRules:
    max_age: Mapping[ColumnKind, Period] = field(
        default_factory=lambda: MappingProxyType(
            {
                ColumnKind.HOME: HOME_MAX_AGE,
                ColumnKind.NEWS: NEWS_MAX_AGE,
                ColumnKind.NOTICE: NOTICE_POLICY_MAX_AGE,
                ColumnKind.POLICY: NOTICE_POLICY_MAX_AGE,
            }
        )
    )
    long_stale_age: Period = LONG_STALE_AGE
    stale_columns_veto: int = STALE_COLUMNS_VETO
    long_stale_columns_veto: int = LONG_STALE_COLUMNS_VETO
    empty_columns_veto: int = EMPTY_COLUMNS_VETO


@dataclass(frozen=True)
class ColumnState:
    name: str
    kind: ColumnKind
    latest: date | None
    items: int
    empty: bool
    stale: bool  # older than its kind's period
    long_stale: bool


def column_state(
    name: str,
    kind: ColumnKind,
    dates: Sequence[date],
    *,
    today: date,
    items: int | None = None,
    rules: FreshnessRules | None = None,
) -> ColumnState:
    """A column from its entries' dates. Empty = no entries (by default: no dated entries).

    "Stale > 2 weeks" means the newest entry is older than the cutoff: an entry dated exactly
    14 days ago is still fresh.
    """
    rules = rules or FreshnessRules()
    newest = latest(dates, today=today)
    count = len(dates) if items is None else items
    empty = count == 0
    period = rules.max_age.get(kind)
    if kind is ColumnKind.STATIC or empty:
        stale = long_stale = False
    else:
        stale = period is not None and (newest is None or newest < period.cutoff(today))
        long_stale = newest is None or newest < rules.long_stale_age.cutoff(today)
    return ColumnState(name, kind, newest, count, empty, stale, long_stale)


def home_stale(newest: date | None, *, today: date, rules: FreshnessRules | None = None) -> bool:
    rules = rules or FreshnessRules()
    return newest is None or newest < rules.max_age[ColumnKind.HOME].cutoff(today)


class FreshnessVeto(StrEnum):
    HOME_STALE = "home_stale"
    COLUMNS_STALE = "columns_stale"
    COLUMNS_LONG_STALE = "columns_long_stale"
    COLUMNS_EMPTY = "columns_empty"


@dataclass(frozen=True)
class ColumnsVerdict:
    stale: int  # news + notice/policy columns past their period
    long_stale: int
    empty: int
    vetoes: tuple[FreshnessVeto, ...]


def columns_verdict(columns: Iterable[ColumnState], *, rules: FreshnessRules | None = None) -> ColumnsVerdict:
    rules = rules or FreshnessRules()
    cols = [c for c in columns if c.kind is not ColumnKind.HOME]
    stale = sum(
        1 for c in cols if c.stale and c.kind in (ColumnKind.NEWS, ColumnKind.NOTICE, ColumnKind.POLICY)
    )
    long_stale = sum(1 for c in cols if c.long_stale)
    empty = sum(1 for c in cols if c.empty)
    vetoes: list[FreshnessVeto] = []
    if stale >= rules.stale_columns_veto:
        vetoes.append(FreshnessVeto.COLUMNS_STALE)
    if long_stale >= rules.long_stale_columns_veto:
        vetoes.append(FreshnessVeto.COLUMNS_LONG_STALE)
    if empty >= rules.empty_columns_veto:
        vetoes.append(FreshnessVeto.COLUMNS_EMPTY)
    return ColumnsVerdict(stale, long_stale, empty, tuple(vetoes))
