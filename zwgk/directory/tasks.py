"""Background work of the directory (django-tasks): what the complainant is told, once per
enqueue even if a worker dies and the task runs again (core/task_effects)."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def acknowledge_complainant(context: TaskContext, complaint_id: int) -> int:
    """Confirm receipt to the complainant: the number, the competent department, the deadline."""
    from zwgk.core.task_effects import effect_once
    from zwgk.directory.complaints import notify_acknowledgement

    return effect_once(
        key=f"directory.acknowledge_complainant:{context.task_result.id}",
        effect=lambda: notify_acknowledgement(complaint_id),
    )


@task(takes_context=True)
def notify_complainant(context: TaskContext, complaint_id: int) -> int:
    """Send the competent department's answer to the complainant, once per enqueue."""
    from zwgk.core.task_effects import effect_once
    from zwgk.directory.complaints import notify_result

    return effect_once(
        key=f"directory.notify_complainant:{context.task_result.id}",
        effect=lambda: notify_result(complaint_id),
    )
