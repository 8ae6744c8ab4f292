"""`zwgk db_worker`: django-tasks-db's worker, made to survive what a production worker meets.

- A heartbeat and stale-claim recovery (core/task_claims.py): a worker killed mid-task leaves
  its claim RUNNING; live workers put it back in the queue.
- A database restart: django-tasks-db's worker exits on the first OperationalError, and a task
  that met the outage is marked FAILED for good (an applicant's notice never sent). Here the
  task goes back to the queue (until ZWGK_TASK_MAX_ATTEMPTS claims) and the worker waits for
  the database and carries on.

It takes the name and every option of django-tasks-db's command; zwgk.core comes before
django_tasks_db in INSTALLED_APPS so this one is found first.
"""

import logging
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from zwgk.core.task_claims import Heartbeat, task_claims_recover

logger = logging.getLogger(__name__)

DATABASE_LOST = (OperationalError, InterfaceError)
MAX_BACKOFF_SECONDS = 30.0


class ResilientWorker(Worker):
    def run_task(self, db_task_result: DBTaskResult) -> None:
        record_failure = db_task_result.set_failed

        def set_failed(exc: BaseException) -> None:
            if (
                isinstance(exc, DATABASE_LOST)
                and len(db_task_result.worker_ids) < settings.ZWGK_TASK_MAX_ATTEMPTS
            ):
                # The outage, not the task, failed: run it again. Raises while the database is
                # still away; the claim is then recovered when it is back (Command.handle).
                DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY, started_at=None
                )
                logger.warning("task %s met a database outage; queued again", db_task_result.pk)
                return
            record_failure(exc)

        db_task_result.set_failed = set_failed  # type: ignore[method-assign]
        super().run_task(db_task_result)


class Command(DatabaseWorkerCommand):
    help = "后台任务进程（django-tasks 数据库队列）：带心跳；遗留任务重新排队；数据库重启后自动恢复"

    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        if reload:
            logger.warning("zwgk db_worker does not reload on code changes; restart it instead")
        queue_names = queue_name.split(",")
        if exclude_queues and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        backoff = 1.0
        try:
            while True:
                try:
                    worker.run()
                    return
                except DATABASE_LOST:
                    logger.warning("database unavailable; worker %s retries in %.0f s", worker_id, backoff)
                    connections.close_all()
                    time.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    try:
                        # Whatever this worker held when the database went is not running now.
                        task_claims_recover(now=timezone.now(), lost_worker=worker_id)
                        backoff = 1.0
                    except DATABASE_LOST:
                        connections.close_all()
        finally:
            heartbeat.stop()
