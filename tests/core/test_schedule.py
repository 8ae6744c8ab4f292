from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from zwgk.core import schedule


class FakeTask:
    def __init__(self):
        self.enqueued = 0

    def enqueue(self):
        self.enqueued += 1


@pytest.fixture
def job(monkeypatch):
    monkeypatch.setattr(schedule, "JOBS", {})
    task = FakeTask()
    schedule.register("test.job", every_minutes=60, task=task)
    cache.clear()
    return task


def test_a_job_is_enqueued_when_due_and_not_again_within_its_interval(job):
    call_command("scheduler", "--once", stdout=StringIO())
    call_command("scheduler", "--once", stdout=StringIO())
    assert job.enqueued == 1


def test_due_jobs_by_interval(job):
    assert [j.name for j in schedule.due_jobs({}, 10_000.0)] == ["test.job"]
    assert schedule.due_jobs({"test.job": 10_000.0}, 10_000.0 + 59 * 60) == []
    assert len(schedule.due_jobs({"test.job": 10_000.0}, 10_000.0 + 60 * 60)) == 1


def test_interval_must_be_positive():
    with pytest.raises(ValueError):
        schedule.register("bad", every_minutes=0, task=FakeTask())
