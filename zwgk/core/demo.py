"""The demo's clock, and the core app's own demo data (the holiday calendar).

The demo data was written as of `AUTHORED_ON`; `load-demo` dates it from the day it runs
(issue 20 item 10: a fixed day made a week-old demo show cases far more overdue than intended,
and last year's annual report published after its deadline). Every app's demo module asks
`demo_today()` for that day and passes its authored dates through `shifted()`, which keeps each
date's distance from "today" in *working days*: deadlines are counted in working days (RULES §1),
so every case stays exactly as far from its deadline, and every step that waits for a period to
run out (a fee not paid in time) still finds it run out, whatever holidays the new dates cross.
Dates that name a year on purpose (the 2020 seed document) stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.utils import timezone

from zwgk.core.calendars import calendar_current, calendar_seed
from zwgk.core.packaged_schedules import packaged_years
from zwgk.core.workdays import Calendar

AUTHORED_ON = date(2026, 11, 27)

_today: date | None = None


def demo_today() -> date:
    """The day the demo is loaded for: today, unless `load-demo --today` says otherwise."""
    return _today if _today is not None else timezone.localdate()


@contextmanager
def demo_day(day: date | None) -> Iterator[None]:
    global _today
    previous, _today = _today, day
    try:
        yield
    finally:
        _today = previous


def shifted(day: date) -> date:
    """An authored date (on or before AUTHORED_ON) moved to the same number of working days
    before `demo_today()`; a weekend or holiday keeps its distance from the working day before."""
    today = demo_today()
    if today == AUTHORED_ON:
        return day
    return _shifted(day, today, calendar_current())


@lru_cache(maxsize=4096)
def _shifted(day: date, today: date, cal: Calendar) -> date:
    anchor = day
    while not cal.is_workday(anchor):
        anchor -= timedelta(days=1)
    back = cal.workdays_between(anchor, AUTHORED_ON)  # AUTHORED_ON is a working day (a Friday)
    moved = today
    while not cal.is_workday(moved):
        moved -= timedelta(days=1)
    step = timedelta(days=-1 if back > 0 else 1)
    for _ in range(abs(back)):
        moved += step
        while not cal.is_workday(moved):
            moved += step
    return min(moved + (day - anchor), today)


def load(*, stdout: Any) -> str:
    years = calendar_seed(actor=None)
    covered = packaged_years()
    return f"节假日安排 {covered[0]}–{covered[-1]} 年已就绪（本次补载：{', '.join(map(str, years)) or '无'}）"
