"""When annual reports are due and when to remind (RULES §4.1). Pure: no Django imports."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
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


class ReportState(StrEnum):
    """Where an agency's annual report stands against its deadline (supervision page and API)."""

    PUBLISHED = "published"  # on or before the deadline
    PUBLISHED_LATE = "published_late"
    OVERDUE = "overdue"  # not published, deadline passed
    PENDING = "pending"  # not published, deadline still ahead
    NOT_REQUIRED = "not_required"  # the agency publishes no report of its own

    @property
    def label(self) -> str:
        return REPORT_STATE_LABELS[self]


REPORT_STATE_LABELS: Final = {
    ReportState.PUBLISHED: "已按期发布",
    ReportState.PUBLISHED_LATE: "逾期发布",
    ReportState.OVERDUE: "逾期未发布",
    ReportState.PENDING: "未到期限",
    ReportState.NOT_REQUIRED: "不单独发布",
}


def report_state(*, due: date, published_on: date | None, today: date) -> ReportState:
    if published_on is not None:
        return ReportState.PUBLISHED if published_on <= due else ReportState.PUBLISHED_LATE
    return ReportState.OVERDUE if today > due else ReportState.PENDING
