"""The worker's message alerts, registered as a periodic job in apps.py; idempotent (each alert
kind goes once per message, zwgk.participation.alerts)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_message_alerts() -> dict[str, int]:
    from django.utils import timezone

    from zwgk.participation.alerts import alerts_send

    return alerts_send(today=timezone.localdate())
