"""The periods of appeals (RULES §2.10), in calendar days, as the courts count them.

Pure module: no Django imports; the calendar is an argument (only to move a last day that is a
day off). Periods given in days (日) run in calendar days, not working days: the day the period
starts from is not counted, and a last day that is a day off moves to the next working day
(民事诉讼法 Art. 85, applied by 行政复议法 Art. 88 and 行政诉讼法 Art. 101). Decision 0014.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from zwgk.core.workdays import Calendar
from zwgk.foi.domain.states import Appeal, AppealKind, ReconsiderationProcedure

RECONSIDERATION_ORDINARY_DAYS: Final = 60  # 行政复议法 (2023) Art. 62
RECONSIDERATION_EXTENSION_DAYS: Final = 30  # Art. 62: once, at most 30 days
RECONSIDERATION_SIMPLIFIED_DAYS: Final = 30  # Art. 62; Art. 53(1)(4): open-government cases
LITIGATION_AFTER_SILENCE_DAYS: Final = 15  # 行政诉讼法 Art. 45: from the day the period ends

_DAY = timedelta(days=1)


def period_end(cal: Calendar, start: date, days: int) -> date:
    """The last day of `days` days counted from `start` (itself not counted)."""
    end = start + timedelta(days=days)
    while not cal.is_workday(end):
        end += _DAY
    return end


def reconsideration_days(appeal: Appeal) -> int | None:
    """The body's period for this reconsideration, once accepted: 30, 60 or 60 + 30 days."""
    if appeal.kind is not AppealKind.RECONSIDERATION or appeal.accepted_on is None:
        return None
    if appeal.procedure is ReconsiderationProcedure.SIMPLIFIED:
        return RECONSIDERATION_SIMPLIFIED_DAYS
    extension = RECONSIDERATION_EXTENSION_DAYS if appeal.extended_on is not None else 0
    return RECONSIDERATION_ORDINARY_DAYS + extension


def reconsideration_decision_due_on(cal: Calendar, appeal: Appeal) -> date | None:
    """The last day the body may decide: from acceptance, as extended. None before acceptance.

    An extension lengthens the one period (60 + 30 days from acceptance), so a last day moved
    past a day off is moved once, at the end.
    """
    days = reconsideration_days(appeal)
    if days is None or appeal.accepted_on is None:
        return None
    return period_end(cal, appeal.accepted_on, days)


def litigation_after_silence_ends_on(cal: Calendar, appeal: Appeal) -> date | None:
    """The last day to sue when the body let its period pass without deciding (Art. 45)."""
    due = reconsideration_decision_due_on(cal, appeal)
    if due is None:
        return None
    return period_end(cal, due, LITIGATION_AFTER_SILENCE_DAYS)


def body_missed_its_period(cal: Calendar, appeal: Appeal, on: date) -> bool:
    """On `on`, the accepted reconsideration is still undecided after its period ended."""
    due = reconsideration_decision_due_on(cal, appeal)
    return appeal.pending and due is not None and on > due
