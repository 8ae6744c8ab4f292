"""Signed link tokens for confirmation and unsubscription: no login, no guessable ids.

A token names the subscriber and carries part of its key, so rotating the key voids every link
sent so far. Confirmation links expire; unsubscribe links never do (a digest years old must
still let its reader leave).
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from zwgk.core.errors import ValidationFailed
from zwgk.subscriptions.models import Subscriber

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
_SALT = "zwgk.subscriptions."


def make_token(subscriber: Subscriber, purpose: str, *, subscription_id: int | None = None) -> str:
    payload: dict[str, object] = {"s": subscriber.pk, "k": subscriber.key[:12]}
    if subscription_id is not None:
        payload["i"] = subscription_id
    return signing.dumps(payload, salt=_SALT + purpose, compress=True)


def read_token(token: str, purpose: str) -> tuple[Subscriber, int | None]:
    """The subscriber (and the one subscription, if the token names one); ValidationFailed for a
    forged, expired or voided token."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        payload = signing.loads(token, salt=_SALT + purpose, max_age=max_age)
        subscriber = Subscriber.objects.get(pk=payload["s"])
    except signing.SignatureExpired:
        raise ValidationFailed("链接已过期，请重新订阅。", code="token_expired") from None
    except (signing.BadSignature, Subscriber.DoesNotExist, KeyError, TypeError):
        raise ValidationFailed("链接无效。", code="token_invalid") from None
    if subscriber.key[:12] != payload["k"]:
        raise ValidationFailed("链接已失效。", code="token_invalid")
    subscription_id = payload.get("i")
    return subscriber, int(subscription_id) if subscription_id is not None else None
