"""Background work of the catalogue (django-tasks; the database queue in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def publish_scheduled(document_id: int) -> list[int]:
    """Enqueued for `publish_at` when an item is scheduled; harmless if it was withdrawn since."""
    from zwgk.catalog.services import document_publish_due

    return document_publish_due(document_id=document_id)


@task()
def publish_due() -> dict[str, list[int]]:
    """The periodic sweep: scheduled items now due, and validity changes taking effect today."""
    from zwgk.catalog.services import document_publish_due, document_validity_refresh_due

    return {"published": document_publish_due(), "validity_changed": document_validity_refresh_due()}
