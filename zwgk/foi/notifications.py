"""Telling the applicant: e-mail now, an SMS gateway when a deployment configures one.

A `Notifier` sends one `Notice`; `notifiers()` lists the configured ones. Messages carry the
tracking code and dates, never the identity number. `ZWGK_SMS_GATEWAY` names a class (dotted
path) implementing `SmsGateway`; unset, no SMS is sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str
    email: str = ""
    phone: str = ""


class Notifier(Protocol):
    def send(self, notice: Notice) -> bool: ...


class EmailNotifier:
    def send(self, notice: Notice) -> bool:
        if not notice.email:
            return False
        send_mail(notice.subject, notice.body, None, [notice.email])
        return True


class SmsGateway:
    """Base class for a deployment's SMS gateway: implement `send_text(phone, text)`."""

    def send_text(self, phone: str, text: str) -> None:
        raise NotImplementedError

    def send(self, notice: Notice) -> bool:
        if not notice.phone:
            return False
        self.send_text(notice.phone, f"{notice.subject}：{notice.body}"[:300])
        return True


def notifiers() -> list[Notifier]:
    configured: list[Notifier] = [EmailNotifier()]
    path = getattr(settings, "ZWGK_SMS_GATEWAY", "")
    if path:
        configured.append(import_string(path)())
    return configured


def deliver(notice: Notice) -> int:
    """Send through every configured channel; one failing channel does not stop the others."""
    sent = 0
    for notifier in notifiers():
        try:
            sent += bool(notifier.send(notice))
        except Exception:
            # Log the channel, not the notice: the notice holds the applicant's address.
            logger.exception("applicant notification failed via %s", type(notifier).__name__)
    return sent
