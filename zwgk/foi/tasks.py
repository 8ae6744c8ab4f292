"""Background work of applications for disclosure (django-tasks; the database queue in production)."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def notify_applicant(context: TaskContext, application_id: int, kind: str) -> int:
    """Tell the applicant about a step (submitted, registered, extended, replied).

    Once per enqueue: a retry after a lost worker (core/task_claims) does not send it again."""
    from zwgk.core.task_effects import effect_once
    from zwgk.foi.applicant_notices import notify

    return effect_once(
        key=f"foi.notify_applicant:{context.task_result.id}",
        effect=lambda: notify(application_id, kind),
    )


@task()
def send_reminders() -> dict[str, int]:
    """The periodic sweep (hourly, `zwgk scheduler`): each reminder goes once (ReminderSent)."""
    from django.utils import timezone

    from zwgk.foi.reminders import reminders_send

    return reminders_send(today=timezone.localdate())
