"""Background delivery of digests (django-tasks), registered as periodic jobs in apps.py.

Both tasks are idempotent, as `zwgk.core.schedule` requires: a digest only lists items not yet
delivered, and an address whose digest another worker is sending is skipped.
"""

from __future__ import annotations

from django_tasks import task

RETRY_SWEEP_MINUTES = 30


@task()
def send_daily_digests() -> dict[str, int]:
    from zwgk.subscriptions import mail, services

    return services.digests_send_due(base_url=mail.public_base_url())


@task()
def retry_digests() -> dict[str, int]:
    """Digests that failed earlier and whose retry time has come (backoff in services)."""
    from zwgk.subscriptions import mail, services

    return services.digests_send_due(base_url=mail.public_base_url(), retries_only=True)
