"""Working days under the official holiday schedule (RULES §1).

Pure module: no Django imports. The schedule of each year is data (administrators load it);
a day in a year without a loaded schedule follows that year's provisional calendar (weekends,
the statutory holidays and their 补假, `holiday_law`) and is *provisional*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from zwgk.core.holiday_law import law_day_off_dates

# RULES §1: every date that depends on a year with no loaded schedule is printed with this mark,
# in pages, e-mails and letters alike.
PROVISIONAL_MARK = "（暂定）"


def provisional_text(text: str, provisional: bool) -> str:
    """A date as printed, marked when it is provisional; the one place that says how."""
    return f"{text}{PROVISIONAL_MARK}" if provisional and text else text


@dataclass(frozen=True)
class Calendar:
    """Mon–Fri work, except holidays; make-up weekend days (调休) work.

    A year not in `known_years` has no loaded schedule: its days off are the law's
    (`holiday_law.law_day_off_dates`) and nothing in it is a make-up day.
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_days: frozenset[date] = field(default_factory=frozenset)
    known_years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def from_years(cls, years: Iterable[YearSchedule]) -> Calendar:
        holidays: set[date] = set()
        makeup: set[date] = set()
        known: set[int] = set()
        for y in years:
            holidays |= y.holidays
            makeup |= y.makeup_days
            known.add(y.year)
        return cls(frozenset(holidays), frozenset(makeup), frozenset(known))

    def is_workday(self, day: date) -> bool:
        if day.year not in self.known_years:
            return day.weekday() < 5 and day not in law_day_off_dates(day.year)
        if day in self.makeup_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def is_provisional(self, day: date) -> bool:
        return day.year not in self.known_years

    def add_workdays(self, start: date, n: int, *, paused: frozenset[date] | set[date] = frozenset()) -> date:
        """The n-th working day strictly after `start` (RULES §1), skipping paused days.

        Day `start` itself never counts, whether or not it is a working day.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_workday(day) and day not in paused:
                n -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def any_provisional(self, start: date, end: date) -> bool:
        """Whether any day in [start, end] falls in a year with no loaded schedule."""
        return any(y not in self.known_years for y in range(start.year, end.year + 1))


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: days off and weekend days worked."""

    year: int
    holidays: frozenset[date]
    makeup_days: frozenset[date]

    def __post_init__(self) -> None:
        for d in self.holidays | self.makeup_days:
            if d.year != self.year:
                raise ValueError(f"{d.isoformat()} is not in {self.year}")
        both = self.holidays & self.makeup_days
        if both:
            raise ValueError(f"a day cannot be both a holiday and a working day: {sorted(both)}")
        for d in self.makeup_days:
            if d.weekday() < 5:
                raise ValueError(f"{d.isoformat()} is a weekday; only weekend days can be make-up days")


def is_workday(cal: Calendar, day: date) -> bool:
    return cal.is_workday(day)


def add_workdays(cal: Calendar, start: date, n: int) -> date:
    return cal.add_workdays(start, n)


def workdays_between(cal: Calendar, start: date, end: date) -> int:
    return cal.workdays_between(start, end)
