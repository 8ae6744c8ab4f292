"""Staff API tokens: `Authorization: Token <token>`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.api.models import ApiToken
from zwgk.core import audit


def api_token_for(*, actor: Any, user: Any, rotate: bool = False) -> str:
    """The user's token, created on first use (or replaced when `rotate`)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(user=user).first()
        if token is not None and not rotate:
            return token.key
        if token is not None:
            token.delete()
        token = ApiToken.objects.create(user=user, key=ApiToken.new_key())
        audit.record(actor=actor, verb="api_token.issue", target=token, data={"user": user.get_username()})
    return token.key


def user_for_token(raw: str) -> Any | None:
    token = ApiToken.objects.select_related("user").filter(key=raw).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most every 5 minutes: a busy script must not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
