"""The audit log: every service that changes data records one entry in its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from zwgk.core.models import AuditEntry


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    organization_code: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    user = actor if getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=(user.get_username() if user else "system"),
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        organization_code=organization_code,
        before=before,
        after=after,
        data=data,
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """JSON-safe values of `fields`, for before/after pairs."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        out[name] = value
    return out
