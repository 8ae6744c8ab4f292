"""Background tasks (django-tasks; the database queue in production, run by `db_worker`)."""

from __future__ import annotations

from django_tasks import task

from zwgk.monitoring import drafts, rounds, services


@task()
def run_round(round_id: int) -> None:
    """One inspection round; a second enqueue of the same round does nothing."""
    rounds.execute_round(round_id)


@task()
def schedule_rounds() -> int:
    """Periodic: queue due rounds and re-queue rounds whose worker died."""
    return len(services.rounds_schedule())


@task()
def probe_sites() -> int:
    """Periodic: availability probes of the sites that are due (RULES §5.1: ≥ 20 a day)."""
    return services.probes_run()


@task()
def run_harvest(run_id: int) -> None:
    drafts.execute_harvest(run_id)
