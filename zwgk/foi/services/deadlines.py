"""Deadlines kept current: re-derived after a calendar change, and refreshed daily while paused."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from zwgk.core.calendars import calendar_current
from zwgk.foi.domain.states import replay
from zwgk.foi.models import Application
from zwgk.foi.selectors import event_record
from zwgk.foi.services.inputs import _today
from zwgk.foi.services.timeline import _derive, calendar_catch_up

# Cases recomputed per transaction: each batch holds its rows' locks for a fraction of a second,
# so publishing and case handling never wait for the whole recompute (decision 0030).
RECOMPUTE_BATCH = 100


def applications_mark_for_recompute(*, year: int) -> int:
    """Inside a calendar change's transaction: mark every open case that may depend on `year` as
    waiting for its recompute. One UPDATE, so the change commits at once."""
    return (
        Application.objects.open()
        .filter(received_on__lte=date(year, 12, 31))
        .filter(Q(due_on__gte=date(year, 1, 1)) | Q(due_on__isnull=True) | Q(paused=True))
        .update(deadline_recompute_year=year)
    )


def applications_pending_recompute() -> QuerySet[Application]:
    return Application.objects.filter(deadline_recompute_year__isnull=False)


def applications_recompute_deadlines(
    *, actor: Any = None, today: date | None = None, batch_size: int | None = None
) -> int:
    """After a calendar change committed: re-derive every case marked for it, `batch_size` cases per
    transaction, and record `calendar_recomputed` in each timeline whose due date moved. A case
    edited meanwhile was caught up by its edit (`calendar_catch_up`) and is no longer marked.
    Returns the number of cases whose due date moved."""
    today = _today(today)
    batch_size = batch_size or RECOMPUTE_BATCH
    moved = 0
    after = 0
    while True:
        with transaction.atomic():
            batch = list(
                applications_pending_recompute()
                .filter(pk__gt=after)
                .select_for_update(of=("self",))
                .select_related("organization")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return moved
            cal = calendar_current()
            for application in batch:
                events = list(application.events.order_by("seq"))
                moved += calendar_catch_up(application, events, actor=actor, cal=cal, today=today)
            after = batch[-1].pk


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
            calendar_catch_up(application, events, actor=None, cal=cal, today=today)
            changed = _derive(application, replay(event_record(e) for e in events), cal, today)
            if changed:
                application.save(update_fields=changed)
                refreshed += 1
    return refreshed
