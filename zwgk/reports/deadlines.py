"""When annual reports are due and when to remind (RULES §4.1). Pure: no Django imports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from zwgk.core.workdays import Calendar

# Art. 49: departments publish last year's report by 31 January, local governments their
# consolidated report by 31 March.
DEPARTMENT_DUE: Final = (1, 31)
GOVERNMENT_DUE: Final = (3, 31)
# Product decision: remind from the 10th working day before the deadline.
REMIND_WORKDAYS_BEFORE: Final = 10


def due_on(report_year: int, *, government: bool) -> date:
    month, day = GOVERNMENT_DUE if government else DEPARTMENT_DUE
    return date(report_year + 1, month, day)


def workdays_before(cal: Calendar, day: date, n: int) -> date:
    """The n-th working day strictly before `day`."""
    while n:
        day -= timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


def reminder_window(cal: Calendar, report_year: int, *, government: bool) -> tuple[date, date]:
    """The days (both included) on which an agency without a published report is reminded."""
    due = due_on(report_year, government=government)
    return workdays_before(cal, due, REMIND_WORKDAYS_BEFORE), due
