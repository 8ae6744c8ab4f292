"""Once-only outside effects of tasks (e-mail, SMS) under at-least-once delivery (task_claims).

A task re-run after its worker died must not e-mail the applicant a second time. The effect is
keyed by the task run (its result id, the same on every retry) and recorded in TaskEffect:
`sending` is committed before the effect, `sent` after it. A retry skips a `sent` effect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from zwgk.core.models import TaskEffect


def effect_once(*, key: str, effect: Callable[[], int]) -> int:
    """Run `effect` unless the effect `key` was done already; returns its result, 0 if skipped."""
    with transaction.atomic():
        row, created = TaskEffect.objects.select_for_update().get_or_create(
            key=key, defaults={"state": TaskEffect.State.SENDING, "started_at": timezone.now()}
        )
        if not created:
            if row.state == TaskEffect.State.SENT:
                return 0
            row.attempts += 1
            row.save(update_fields=["attempts"])
    # Outside the transaction: an SMTP server may take seconds, and on SQLite a transaction holds
    # the write lock for the whole platform.
    result = effect()
    TaskEffect.objects.filter(key=key).update(state=TaskEffect.State.SENT, done_at=timezone.now())
    return result
