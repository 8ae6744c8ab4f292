"""Periodic jobs: apps register tasks here; `zwgk scheduler` enqueues each when it is due.

django-tasks has no cron, so one light scheduler process (started by `zwgk serve`) enqueues
periodic tasks into the database queue and the workers run them. Every periodic task must be
idempotent: a restart may enqueue a job twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_minutes: int
    task: Any  # a django_tasks Task (has .enqueue())


JOBS: dict[str, PeriodicJob] = {}


def register(name: str, *, every_minutes: int, task: Any) -> None:
    """Register a periodic task (call from an AppConfig.ready)."""
    if every_minutes < 1:
        raise ValueError("every_minutes must be >= 1")
    JOBS[name] = PeriodicJob(name=name, every_minutes=every_minutes, task=task)


def due_jobs(last_run: dict[str, float], now: float) -> list[PeriodicJob]:
    return [job for job in JOBS.values() if now - last_run.get(job.name, 0.0) >= job.every_minutes * 60]
