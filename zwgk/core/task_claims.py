"""Stale task claims: a `db_worker` killed mid-task must not leave its task RUNNING forever.

django-tasks-db claims a task by marking it RUNNING with the worker's id and never looks at it
again (0.13 has no heartbeat, lease or timeout). So every worker started by `zwgk db_worker`
keeps a heartbeat row (TaskWorker) fresh from a thread of its own, and every worker, at start
and then periodically, re-queues the RUNNING tasks whose last worker has stopped beating: its
process is gone. A claim by a worker that never beat (a plain django-tasks-db worker) is
re-queued only after ZWGK_TASK_CLAIM_TIMEOUT_SECONDS. A task that lost its worker
ZWGK_TASK_MAX_ATTEMPTS times is marked FAILED instead: it is probably what kills the worker.

Delivery is therefore at least once; tasks are idempotent (a conditional state change, or
task_effects for e-mails and SMS), so a second run has no second effect.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from zwgk.core import audit
from zwgk.core.models import TaskEffect, TaskWorker

logger = logging.getLogger(__name__)

LOST_EXCEPTION = "zwgk.core.task_claims.WorkerLost"
# Rows of workers gone for longer than this are deleted (after their claims were recovered).
FORGET_WORKERS_AFTER = timedelta(days=1)
# A sent effect is kept this long: far beyond any retry (claims come back within minutes, or an
# hour for workers without a heartbeat), short enough that the table stays small.
FORGET_EFFECTS_AFTER = timedelta(days=30)


class WorkerLost(Exception):
    """Recorded as the failure of a task whose workers kept dying while running it."""


@dataclass(frozen=True)
class Recovered:
    requeued: list[str]
    failed: list[str]


def heartbeat_beat(*, worker_id: str, now: datetime) -> None:
    """Record that worker `worker_id` (this process) is alive at `now`."""
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={
            "seen_at": now,
            "started_at": now,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def _claim_is_dead(
    result: DBTaskResult, workers: dict[str, datetime], now: datetime, lost_worker: str | None
) -> bool:
    last = result.worker_ids[-1] if result.worker_ids else None
    if lost_worker is not None and last == lost_worker:
        return True
    seen = workers.get(last) if last else None
    if seen is not None:
        return seen < now - timedelta(seconds=settings.ZWGK_TASK_WORKER_STALE_SECONDS)
    # No heartbeat ever: only time tells.
    started = result.started_at or result.enqueued_at
    return started < now - timedelta(seconds=settings.ZWGK_TASK_CLAIM_TIMEOUT_SECONDS)


def task_claims_recover(*, now: datetime, actor: Any = None, lost_worker: str | None = None) -> Recovered:
    """Re-queue (or, after too many lost workers, fail) RUNNING tasks whose worker is gone.

    `lost_worker`: a live worker whose own claims are known to be dead (it lost the database in
    the middle of a task and runs nothing now)."""
    requeued: list[str] = []
    failed: list[str] = []
    with transaction.atomic():
        workers = dict(TaskWorker.objects.values_list("worker_id", "seen_at"))
        for result in DBTaskResult.objects.running().order_by():
            if not _claim_is_dead(result, workers, now, lost_worker):
                continue
            # Conditional on the claim we looked at: of two workers recovering at once, one wins,
            # and a task claimed again meanwhile is left alone.
            claim = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            )
            if len(result.worker_ids) >= settings.ZWGK_TASK_MAX_ATTEMPTS:
                changed = claim.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=LOST_EXCEPTION,
                    traceback=f"WorkerLost: workers {', '.join(result.worker_ids)} died running this task",
                )
                bucket, verb = failed, "task.failed_worker_lost"
            else:
                changed = claim.update(status=TaskResultStatus.READY, started_at=None)
                bucket, verb = requeued, "task.requeued_worker_lost"
            if changed:
                bucket.append(str(result.pk))
                audit.record(
                    actor=actor,
                    verb=verb,
                    target=result,
                    data={"task": result.task_path, "workers": result.worker_ids},
                )
        TaskWorker.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
        sent = TaskEffect.objects.filter(state=TaskEffect.State.SENT)
        sent.filter(done_at__lt=now - FORGET_EFFECTS_AFTER).delete()
    if requeued or failed:
        logger.warning("stale task claims: %d re-queued, %d failed", len(requeued), len(failed))
    return Recovered(requeued=requeued, failed=failed)


class Heartbeat:
    """A daemon thread: beat every ZWGK_TASK_HEARTBEAT_SECONDS, recover stale claims now and then.

    It has its own database connection (Django's are per thread) and survives a database
    outage: a failed beat is logged and tried again at the next tick.
    """

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        # The first beat before any claim, so this worker's claims are never taken for dead ones.
        heartbeat_beat(worker_id=self.worker_id, now=timezone.now())
        task_claims_recover(now=timezone.now())
        self._thread.start()

    def _run(self) -> None:
        tick = settings.ZWGK_TASK_HEARTBEAT_SECONDS
        recover_every = max(1, int(settings.ZWGK_TASK_WORKER_STALE_SECONDS / tick / 2))
        beats = 0
        while not self._stop.wait(tick):
            beats += 1
            try:
                close_old_connections()
                heartbeat_beat(worker_id=self.worker_id, now=timezone.now())
                if beats % recover_every == 0:
                    task_claims_recover(now=timezone.now())
            except DatabaseError:
                logger.warning("task worker heartbeat failed; retrying", exc_info=True)
                connection.close()
        connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=settings.ZWGK_TASK_HEARTBEAT_SECONDS + 5)
        try:
            # A clean exit finishes its task first (db_worker), so no claim of ours is left.
            TaskWorker.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("could not remove the heartbeat of worker %s", self.worker_id)
