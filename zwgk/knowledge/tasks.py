"""Background work of the Q&A library (django-tasks; the database queue in production)."""

from __future__ import annotations

from django_tasks import task

RECHECK_MINUTES = 60  # a repeal takes effect on its day: the to-do follows within the hour


@task()
def recheck_sources() -> int:
    """Mark published entries whose source lapsed (amended, repealed, withdrawn) for review."""
    from zwgk.knowledge.services import entries_recheck

    return entries_recheck()
