"""Background work of the annual report (django-tasks; run by the scheduler)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def annual_report_reminders() -> list[str]:
    """Daily: remind agencies whose report for last year is due soon and unpublished."""
    from zwgk.reports.reminders import send_due_reminders

    return send_due_reminders(today=timezone.localdate())
