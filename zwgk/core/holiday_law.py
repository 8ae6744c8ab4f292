"""The provisional calendar of a year with no loaded schedule: the days off the law itself fixes
(RULES §1, product decision; decision 0012).

Pure module: no Django imports. The 全国年节及纪念日放假办法 fixes the holidays of all citizens
(全体公民放假的节日) and rules that one falling on a Saturday or Sunday is made up on a working day
(补假). The State Council's yearly schedule then moves days around (调休); that part is not a
formula, so a provisional year has none of it. Lunar dates and the Qingming solar term come from
lunar-python (astronomical computation, valid far beyond 2100; see decision 0012).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar, Solar

_DAY = timedelta(days=1)

# 全国年节及纪念日放假办法 as revised by State Council Decree No. 795 (2024-11-10), in force
# 2025-01-01, Art. 2: 元旦 1 day, 春节 4 days (除夕 and 正月初一–初三), 清明 1, 劳动节 2 (May 1–2),
# 端午 1, 中秋 1, 国庆 3 (Oct 1–3): 13 days. Before 2025 the 2013 revision (Decree No. 644,
# in force 2014-01-01): 春节 3 days (初一–初三), 劳动节 1, 11 days in all.
REVISION_2024_FROM = 2025
STATUTORY_DAYS_2024 = 13
STATUTORY_DAYS_2013 = 11


@dataclass(frozen=True)
class LawDayOff:
    """One day off of a provisional year and why: a statutory holiday, or the 补假 for one."""

    day: date
    holiday: str  # 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节
    substitute_for: date | None = None  # the weekend holiday this 补假 makes up (办法 Art. 6)

    @property
    def is_substitute(self) -> bool:
        return self.substitute_for is not None

    @property
    def reason(self) -> str:
        """How the back office names it: "元旦（法定）" or "补假（劳动节 5月1日）"."""
        if self.substitute_for is None:
            return f"{self.holiday}（法定）"
        return f"补假（{self.holiday} {self.substitute_for.month}月{self.substitute_for.day}日）"


def _lunar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def qingming(year: int) -> date:
    """The day of the Qingming solar term (清明, sun at 15° longitude), always April 4–6."""
    for day in range(3, 8):
        if Solar.fromYmd(year, 4, day).getLunar().getJieQi() == "清明":
            return date(year, 4, day)
    raise ValueError(f"no Qingming found in April {year}")  # pragma: no cover - astronomy


def statutory_holidays(year: int) -> list[tuple[str, list[date]]]:
    """The law's holidays of `year`, each with its days, in the law's order."""
    new_year = _lunar(year, 1, 1)
    if year >= REVISION_2024_FROM:
        spring = [new_year - _DAY, new_year, new_year + _DAY, new_year + 2 * _DAY]  # 除夕, 初一–初三
        labour = [date(year, 5, 1), date(year, 5, 2)]
    else:
        spring = [new_year, new_year + _DAY, new_year + 2 * _DAY]
        labour = [date(year, 5, 1)]
    return [
        ("元旦", [date(year, 1, 1)]),
        ("春节", spring),
        ("清明节", [qingming(year)]),
        ("劳动节", labour),
        ("端午节", [_lunar(year, 5, 5)]),
        ("中秋节", [_lunar(year, 8, 15)]),
        ("国庆节", [date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]),
    ]


@lru_cache(maxsize=256)
def law_days_off(year: int) -> tuple[LawDayOff, ...]:
    """Every day off of `year` besides weekends under the law alone, in date order.

    For each statutory day on a Saturday or Sunday, one substitute: the first Monday–Friday after
    that holiday's run of days off that is not already a day off (RULES §1). Walking forward from
    the weekend day over every day already off finds exactly that day; substitutes are given in
    date order, so the second weekend day of a holiday gets the day after the first one's.
    """
    holidays = statutory_holidays(year)
    statutory = {d: name for name, days in holidays for d in days}
    off: dict[date, LawDayOff] = {d: LawDayOff(d, name) for d, name in statutory.items()}

    def is_off(d: date) -> bool:
        return d.weekday() >= 5 or d in off

    for name, days in holidays:
        for d in sorted(days):
            if d.weekday() < 5:
                continue
            sub = d
            while is_off(sub):
                sub += _DAY
            off[sub] = LawDayOff(sub, name, substitute_for=d)
    return tuple(sorted(off.values(), key=lambda x: x.day))


@lru_cache(maxsize=256)
def law_day_off_dates(year: int) -> frozenset[date]:
    return frozenset(x.day for x in law_days_off(year))
