"""The reply closes a case when its letter is issued (issue 19 item 10, decision 0016).

A handler's reply goes through sign-off first (`casework.replies`); only the chain's last
approval appends the `replied` event, dated the letter's 落款日期 (the day it is signed off), so
until then the case is open, its clock runs, and the report and overdue figures count it open.
These two functions are what casework needs from the timeline for that, so `foi` still knows
nothing of letters (decision 0006).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zwgk.core.calendars import calendar_current
from zwgk.foi.domain.clock import check_event
from zwgk.foi.domain.states import EventType
from zwgk.foi.models import Application
from zwgk.foi.selectors import event_record
from zwgk.foi.services.inputs import NewEvent, _today
from zwgk.foi.services.timeline import Appended, _append, _domain_errors, calendar_catch_up


def reply_check(application: Application, *, outcome: str, on: date, today: date | None = None) -> None:
    """Would a `replied` event with this outcome on this day be accepted now? Refuses as the
    append would (409 / 400 with the same codes), so a reply is not sent for sign-off in vain."""
    today = _today(today)
    records = [event_record(e) for e in application.events.order_by("seq")]
    new = NewEvent(type=EventType.REPLIED.value, on=on, outcome=outcome)
    with _domain_errors():
        # The order of events, a date after today included, is the domain's (RULES §2.7 item 6):
        # 422 naming both dates, as the append would answer.
        check_event(calendar_current(), records, new.record(), today=today)


def application_reply_signed(
    *,
    actor: Any,
    application_id: int,
    outcome: str,
    on: date,
    note: str = "",
    today: date | None = None,
) -> Appended:
    """Append the `replied` event for a reply letter the chain has just signed off.

    Called by the review engine's approval hook (inside its transaction): the signer's post was
    checked there, and need not be a handler's. The event runs the usual hooks, which issue the
    approved letter with the event's date.
    """
    today = _today(today)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=application_id)
        )
        events = list(application.events.order_by("seq"))
        cal = calendar_current()
        calendar_catch_up(application, events, actor=None, cal=cal, today=today)
        event = _append(
            application,
            events,
            NewEvent(type=EventType.REPLIED.value, on=on, outcome=outcome, note=note),
            actor=actor,
            cal=cal,
            today=today,
        )
    return Appended(application, event)
