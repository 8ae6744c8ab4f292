"""Background work of the work plan (django-tasks; run by the scheduler)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def deadline_reminders() -> list[int]:
    """Daily: remind responsible units of work-plan deadlines a week of working days ahead."""
    from zwgk.workplan.reminders import send_deadline_reminders

    return send_deadline_reminders(today=timezone.localdate())
