"""The messages a subscriber receives: the confirmation request and the digest.

Links point at the portal's pages by URL name (`portal:…`); the portal owns those pages, this
module only needs their addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from zwgk.catalog.models import Document
from zwgk.core import links
from zwgk.subscriptions import tokens
from zwgk.subscriptions.models import Subscriber, Subscription

DIGEST_MAX_ITEMS = 30  # per subscription; the rest are counted and linked, not listed


def public_base_url() -> str:
    """Where the portal is reached from outside, for links in mail sent without a request."""
    return links.public_base_url()


@dataclass
class DigestSection:
    subscription: Subscription
    documents: list[Document]  # at most DIGEST_MAX_ITEMS, newest first
    total: int
    unsubscribe_url: str

    @property
    def more(self) -> int:
        return self.total - len(self.documents)


def unsubscribe_url(base_url: str, subscriber: Subscriber, subscription_id: int | None = None) -> str:
    token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE, subscription_id=subscription_id)
    return base_url + reverse("portal:subscription_unsubscribe", args=[token])


def _prefix() -> str:
    return f"【{settings.ZWGK_SITE['city']}政务公开】"


def confirmation_message(
    subscriber: Subscriber, pending: list[Subscription], *, base_url: str
) -> EmailMessage:
    token = tokens.make_token(subscriber, tokens.CONFIRM)
    body = render_to_string(
        "subscriptions/confirm.txt",
        {
            "site": settings.ZWGK_SITE,
            "pending": pending,
            "confirm_url": base_url + reverse("portal:subscription_confirm", args=[token]),
            "days": tokens.CONFIRM_MAX_AGE.days,
        },
    )
    return EmailMessage(subject=f"{_prefix()}请确认您的订阅", body=body, to=[subscriber.email])


def digest_message(
    subscriber: Subscriber, sections: list[DigestSection], *, base_url: str, today: date
) -> EmailMessage:
    leave_all = unsubscribe_url(base_url, subscriber)
    body = render_to_string(
        "subscriptions/digest.txt",
        {
            "site": settings.ZWGK_SITE,
            "sections": sections,
            "base_url": base_url,
            "today": today,
            "unsubscribe_all_url": leave_all,
        },
    )
    total = sum(s.total for s in sections)
    return EmailMessage(
        subject=f"{_prefix()}{today:%Y年%m月%d日}新发布信息{total}条",
        body=body,
        to=[subscriber.email],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{leave_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
