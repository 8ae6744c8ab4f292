"""Deadlines kept current: re-derived after a calendar change, and refreshed daily while paused."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from zwgk.core.calendars import calendar_current
from zwgk.foi.domain.clock import ClockFacts, read_clock
from zwgk.foi.domain.states import EventType, replay
from zwgk.foi.models import Application
from zwgk.foi.selectors import event_record
from zwgk.foi.services.inputs import NewEvent, _today
from zwgk.foi.services.timeline import _append, _derive


def applications_recompute_deadlines(*, year: int, actor: Any = None, today: date | None = None) -> int:
    """A calendar year was loaded or edited: re-derive every open case that may depend on it, and
    record `calendar_recomputed` in each timeline whose due date moved. Runs inside the caller's
    transaction (the calendar change), so no deadline is ever shown against a stale schedule."""
    today = _today(today)
    cal = calendar_current()
    candidates = (
        Application.objects.open()
        .filter(received_on__lte=date(year, 12, 31))
        .filter(Q(due_on__gte=date(year, 1, 1)) | Q(due_on__isnull=True) | Q(paused=True))
        .select_for_update(of=("self",))
        .select_related("organization")
        .order_by("pk")
    )
    moved = 0
    for application in candidates:
        events = list(application.events.order_by("seq"))
        progress = replay(event_record(e) for e in events)
        facts = ClockFacts.from_progress(progress)
        if facts is None:
            continue
        reading = read_clock(cal, facts, today)
        if reading.due_on == application.due_on and reading.due_provisional == application.due_provisional:
            continue
        extra = {
            "year": year,
            "due_on_before": application.due_on.isoformat() if application.due_on else None,
            "due_on_after": reading.due_on.isoformat() if reading.due_on else None,
            "due_provisional": reading.due_provisional,
        }
        note = NewEvent(type=EventType.CALENDAR_RECOMPUTED, on=today)
        _append(application, events, note, actor=actor, cal=cal, today=today, system=True, extra=extra)
        moved += 1
    return moved


def applications_refresh_derived(*, today: date | None = None) -> int:
    """While a consultation or fee notice is open, the due date moves a working day later each
    paused working day: keep the stored copy current for the queues (run by the reminders task)."""
    today = _today(today)
    cal = calendar_current()
    refreshed = 0
    for pk in Application.objects.open().filter(paused=True).values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=pk)
            events = list(application.events.order_by("seq"))
            changed = _derive(application, replay(event_record(e) for e in events), cal, today)
            if changed:
                application.save(update_fields=changed)
                refreshed += 1
    return refreshed
