"""Staff API tokens: `Authorization: Token <token>`, stored hashed, with expiry and revocation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.api.models import ApiToken
from zwgk.core import audit


def api_token_issue(*, actor: Any, user: Any, days: int | None = None) -> str:
    """A new token for `user`, valid for `days` (default ZWGK_API_TOKEN_DAYS). The raw token is
    returned once and never stored, so it cannot be shown again (API.md)."""
    days = settings.ZWGK_API_TOKEN_DAYS if days is None else days
    raw = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            prefix=raw[:8],
            key_hash=ApiToken.digest(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit.record(
            actor=actor,
            verb="api_token.issue",
            target=token,
            data={
                "user": user.get_username(),
                "prefix": token.prefix,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return raw


def api_token_revoke(*, actor: Any, user: Any) -> int:
    """Revoke every live token of `user`; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        count = ApiToken.objects.filter(user=user).live(now=now).update(revoked_at=now)
        audit.record(
            actor=actor,
            verb="api_token.revoke",
            target=user,
            data={"user": user.get_username(), "count": count},
        )
    return count


def user_for_token(raw: str) -> Any | None:
    now = timezone.now()
    live = ApiToken.objects.live(now=now).select_related("user")
    token = live.filter(key_hash=ApiToken.digest(raw)).first()
    if token is None or not token.user.is_active:
        return None
    # Touch at most every 5 minutes: a busy script must not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
