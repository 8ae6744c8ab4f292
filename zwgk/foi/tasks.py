"""Background work of applications for disclosure (django-tasks; the database queue in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_applicant(application_id: int, kind: str) -> int:
    """Tell the applicant about a step (submitted, registered, extended, replied)."""
    from zwgk.foi.applicant_notices import notify

    return notify(application_id, kind)


@task()
def send_reminders() -> dict[str, int]:
    """The periodic sweep (hourly, `zwgk scheduler`): each reminder goes once (ReminderSent)."""
    from django.utils import timezone

    from zwgk.foi.reminders import reminders_send

    return reminders_send(today=timezone.localdate())
