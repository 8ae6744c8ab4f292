"""Background work of the search index (django-tasks; the database queue in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_days() -> int:
    """Recount the indexed items per publication day, so no query pays for it; returns the days."""
    from zwgk.search import backend

    return len(backend.refresh_days()[0])
