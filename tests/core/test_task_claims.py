"""A db_worker killed mid-task (SIGKILL) leaves its claim RUNNING: recovery re-queues it, and the
re-run has no second effect (bench/load.py kills real worker processes; these are the services)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.foi.factories import ApplicantFactory, RequestFactory
from zwgk.core.management.commands.db_worker import ResilientWorker as Worker
from zwgk.core.models import AuditEntry, TaskEffect, TaskWorker
from zwgk.core.task_claims import LOST_EXCEPTION, Heartbeat, heartbeat_beat, task_claims_recover
from zwgk.foi import services

pytestmark = pytest.mark.django_db

OUTAGE = {"left": 0}


@task()
def needs_the_database() -> str:
    """A task that meets a database restart the first OUTAGE["left"] times it runs."""
    if OUTAGE["left"]:
        OUTAGE["left"] -= 1
        raise OperationalError("terminating connection due to administrator command")
    return "done"


@pytest.fixture(autouse=True)
def _database_queue(settings, monkeypatch):
    # The worker closes "obsolete" connections between tasks; inside the test's transaction that
    # would close the connection holding it (PostgreSQL). A real worker runs in autocommit.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ZWGK_TASK_WORKER_STALE_SECONDS = 60
    settings.ZWGK_TASK_CLAIM_TIMEOUT_SECONDS = 3600
    settings.ZWGK_TASK_MAX_ATTEMPTS = 3


def _worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def _submit(agency, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            organization=agency, applicant=ApplicantFactory(), request=RequestFactory()
        )
    return application, DBTaskResult.objects.get(task_path="zwgk.foi.tasks.notify_applicant")


def _claim(result: DBTaskResult, worker_id: str, *, seen_ago: timedelta | None, now) -> None:
    """What db_worker does when it takes a task, with the worker's last heartbeat `seen_ago`."""
    result.claim(worker_id)
    if seen_ago is not None:
        heartbeat_beat(worker_id=worker_id, now=now - seen_ago)


def test_a_dead_workers_claim_is_requeued_and_run_once(agency, django_capture_on_commit_callbacks):
    application, result = _submit(agency, django_capture_on_commit_callbacks)
    now = timezone.now()
    # Worker A sent the notice, then was killed before it could mark the task done.
    _claim(result, "worker-a", seen_ago=timedelta(seconds=61), now=now)
    _worker("worker-a").run_task(result)
    assert len(mail.outbox) == 1
    DBTaskResult.objects.filter(pk=result.pk).update(status=TaskResultStatus.RUNNING, finished_at=None)

    recovered = task_claims_recover(now=now)

    assert recovered.requeued == [str(result.pk)]
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.READY
    assert AuditEntry.objects.filter(verb="task.requeued_worker_lost", target_id=str(result.pk)).count() == 1
    _worker("worker-b").run()
    done = DBTaskResult.objects.get(pk=result.pk)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.worker_ids == ["worker-a", "worker-b"]
    assert done.return_value == 0  # skipped: the notice had gone out
    assert len(mail.outbox) == 1
    assert application.tracking_code in mail.outbox[0].subject


def test_a_notice_whose_worker_died_while_sending_is_sent_on_the_retry(
    agency, django_capture_on_commit_callbacks
):
    _, result = _submit(agency, django_capture_on_commit_callbacks)
    now = timezone.now()
    _claim(result, "worker-a", seen_ago=timedelta(minutes=5), now=now)
    # Killed inside the SMTP conversation: `sending` committed, nothing delivered.
    TaskEffect.objects.create(
        key=f"foi.notify_applicant:{result.pk}", state=TaskEffect.State.SENDING, started_at=now
    )

    task_claims_recover(now=now)
    _worker("worker-b").run()

    assert len(mail.outbox) == 1
    effect = TaskEffect.objects.get(key=f"foi.notify_applicant:{result.pk}")
    assert (effect.state, effect.attempts) == (TaskEffect.State.SENT, 2)


def test_live_claims_are_left_alone_and_unknown_ones_wait_for_the_timeout(
    agency, django_capture_on_commit_callbacks
):
    _, result = _submit(agency, django_capture_on_commit_callbacks)
    now = timezone.now()
    _claim(result, "worker-live", seen_ago=timedelta(seconds=5), now=now)
    assert task_claims_recover(now=now).requeued == []

    # A worker that never beat (django-tasks-db's own): only the claim's age counts.
    claimed = now - timedelta(minutes=59)
    DBTaskResult.objects.filter(pk=result.pk).update(worker_ids=["plain"], started_at=claimed)
    assert task_claims_recover(now=now).requeued == []
    assert task_claims_recover(now=now + timedelta(minutes=2)).requeued == [str(result.pk)]


def test_a_task_that_keeps_losing_its_worker_fails(agency, django_capture_on_commit_callbacks):
    _, result = _submit(agency, django_capture_on_commit_callbacks)
    now = timezone.now()
    for n in range(3):
        result.refresh_from_db()
        _claim(result, f"worker-{n}", seen_ago=timedelta(minutes=2), now=now)
        task_claims_recover(now=now)
    failed = DBTaskResult.objects.get(pk=result.pk)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == LOST_EXCEPTION
    assert len(mail.outbox) == 0


def test_the_heartbeat_registers_the_worker_and_removes_it_on_a_clean_exit(settings):
    settings.ZWGK_TASK_HEARTBEAT_SECONDS = 0.05
    heartbeat = Heartbeat("worker-hb")
    heartbeat.start()
    try:
        assert TaskWorker.objects.filter(worker_id="worker-hb").exists()
    finally:
        heartbeat.stop()
    assert not TaskWorker.objects.filter(worker_id="worker-hb").exists()


def test_a_task_that_meets_a_database_restart_is_queued_again_not_failed():
    OUTAGE["left"] = 1
    result = needs_the_database.enqueue()
    _worker("worker-a").run()  # batch: runs it, it meets the outage, it is queued again...
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL  # ...and run again in the same batch
    assert (row.return_value, row.worker_ids) == ("done", ["worker-a", "worker-a"])


def test_a_task_that_keeps_meeting_database_errors_fails_after_the_attempts(settings):
    settings.ZWGK_TASK_MAX_ATTEMPTS = 2
    OUTAGE["left"] = 5
    result = needs_the_database.enqueue()
    _worker("worker-a").run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "django.db.utils.OperationalError"
    assert len(row.worker_ids) == 2


def test_a_worker_that_lost_the_database_mid_task_recovers_its_own_claim(
    agency, django_capture_on_commit_callbacks
):
    _, result = _submit(agency, django_capture_on_commit_callbacks)
    now = timezone.now()
    _claim(result, "worker-a", seen_ago=timedelta(seconds=1), now=now)  # alive, beating
    assert task_claims_recover(now=now).requeued == []
    assert task_claims_recover(now=now, lost_worker="worker-a").requeued == [str(result.pk)]


def test_the_notice_is_queued_in_the_applications_transaction(agency):
    # No on_commit capture: the task row is written with the application, in one transaction.
    application = services.application_submit(
        organization=agency, applicant=ApplicantFactory(), request=RequestFactory()
    )
    task_row = DBTaskResult.objects.get(task_path="zwgk.foi.tasks.notify_applicant")
    assert task_row.args_kwargs["args"] == [application.pk, "submitted"]

    with pytest.raises(RuntimeError), transaction.atomic():
        services.application_submit(
            organization=agency, applicant=ApplicantFactory(), request=RequestFactory()
        )
        raise RuntimeError("the database went away before the commit")
    assert DBTaskResult.objects.count() == 1


def test_the_worker_command_waits_out_a_database_outage_and_requeues_what_it_held(
    agency, django_capture_on_commit_callbacks, settings, monkeypatch
):
    from django.core.management import call_command

    from zwgk.core.management.commands import db_worker

    _, result = _submit(agency, django_capture_on_commit_callbacks)
    # worker-a had claimed the notice when the database went away under it.
    _claim(result, "worker-a", seen_ago=timedelta(0), now=timezone.now())
    runs: list[int] = []

    def run(self):
        runs.append(len(runs))
        if len(runs) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Worker, "run", run)
    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)  # pytest keeps its own
    monkeypatch.setattr(db_worker.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(db_worker.connections, "close_all", lambda: None)  # the test's transaction
    settings.ZWGK_TASK_HEARTBEAT_SECONDS = 60

    call_command("db_worker", "--worker-id", "worker-a", "--no-startup-delay")

    assert runs == [0, 1]  # it did not exit on the outage
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.READY
    assert AuditEntry.objects.filter(verb="task.requeued_worker_lost", target_id=str(result.pk)).exists()
    assert not TaskWorker.objects.filter(worker_id="worker-a").exists()  # a clean exit


def test_old_workers_and_sent_effects_are_forgotten():
    now = timezone.now()
    heartbeat_beat(worker_id="gone-long-ago", now=now - timedelta(days=2))
    heartbeat_beat(worker_id="gone-lately", now=now - timedelta(hours=1))
    for key, days in (("old", 31), ("recent", 29)):
        done = now - timedelta(days=days)
        TaskEffect.objects.create(key=key, state=TaskEffect.State.SENT, started_at=done, done_at=done)
    task_claims_recover(now=now)
    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["gone-lately"]
    assert list(TaskEffect.objects.values_list("key", flat=True)) == ["recent"]
