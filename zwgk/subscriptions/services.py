"""Every change of a subscription, one function each; mail leaves only after the commit."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zwgk.catalog.models import Column, Subject
from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization
from zwgk.subscriptions import mail, matching, tokens
from zwgk.subscriptions.models import (
    MAX_SUBSCRIPTIONS_PER_ADDRESS,
    QUERY_MAX_CHARS,
    Delivery,
    Subscriber,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)

log = logging.getLogger(__name__)

# One confirmation mail per address per window, however often the form is sent: the link
# confirms everything pending, so a second mail would add nothing but a way to flood an inbox.
CONFIRMATION_INTERVAL = timedelta(minutes=10)
LEASE = timedelta(minutes=10)
RETRY_BASE = timedelta(minutes=30)
MAX_ATTEMPTS = 6  # then the next daily run tries again; nothing is lost, the watermark waited


@dataclass(frozen=True)
class Target:
    """One thing to follow, as the form gives it."""

    kind: str
    organization: Organization | None = None
    column: Column | None = None
    subject: Subject | None = None
    query: str = ""

    def fields(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "organization": self.organization,
            "column": self.column,
            "subject": self.subject,
            "query": self.query,
        }


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed("请填写有效的电子邮箱。", fields={"email": "无效"}) from None
    return email


def _check_targets(targets: list[Target]) -> list[Target]:
    clean: list[Target] = []
    for t in targets:
        if t.kind == SubscriptionKind.QUERY:
            query = " ".join(t.query.split())[:QUERY_MAX_CHARS]
            if query:
                clean.append(Target(SubscriptionKind.QUERY, query=query))
        elif t.kind in SubscriptionKind.values:
            clean.append(t)
    unique = list({tuple(sorted((k, str(v)) for k, v in t.fields().items())): t for t in clean}.values())
    if not unique:
        raise ValidationFailed("请至少选择一项订阅内容。", fields={"targets": "必选"})
    return unique


def subscription_request(
    *, email: str, targets: list[Target], base_url: str, now: datetime | None = None
) -> Subscriber:
    """Record what an address asks to follow (pending) and mail it a confirmation link (double
    opt-in). Answers the same whether or not the address is known, so the form reveals nothing."""
    now = now or timezone.now()
    email = normalise_email(email)
    targets = _check_targets(targets)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        live = list(subscriber.subscriptions.live())
        have = {tuple(s.same_target().values()) for s in live}
        new = [t for t in targets if tuple(t.fields().values()) not in have]
        if len(live) + len(new) > MAX_SUBSCRIPTIONS_PER_ADDRESS:
            raise ValidationFailed(
                f"每个邮箱最多订阅{MAX_SUBSCRIPTIONS_PER_ADDRESS}项。", fields={"targets": "过多"}
            )
        created = [Subscription(subscriber=subscriber, **t.fields()) for t in new]
        Subscription.objects.bulk_create(created)
        pending = list(
            subscriber.subscriptions.pending().select_related(
                "organization", "column__organization", "subject"
            )
        )
        recently = (
            subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_INTERVAL
        )
        if pending and not recently:
            subscriber.confirmation_sent_at = now
            subscriber.save(update_fields=["confirmation_sent_at"])
            message = mail.confirmation_message(subscriber, pending, base_url=base_url)
            transaction.on_commit(message.send)
        audit.record(
            actor=None,
            verb="subscription.request",
            data={
                "subscriber": subscriber.pk,
                "new": [s.pk for s in created],
                "kinds": [t.kind for t in new],
            },
        )
    return subscriber


def subscription_pending_for(token: str) -> tuple[Subscriber, list[Subscription]]:
    """What a confirmation link would confirm (the page shows it before the visitor agrees)."""
    subscriber, _ = tokens.read_token(token, tokens.CONFIRM)
    pending = subscriber.subscriptions.pending().select_related(
        "organization", "column__organization", "subject"
    )
    return subscriber, list(pending)


def subscription_confirm(*, token: str, now: datetime | None = None) -> list[Subscription]:
    """Activate everything the address has pending; delivery starts with items of today."""
    now = now or timezone.now()
    subscriber, _ = tokens.read_token(token, tokens.CONFIRM)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        pending = list(subscriber.subscriptions.pending())
        Subscription.objects.filter(pk__in=[s.pk for s in pending]).update(
            state=SubscriptionState.ACTIVE, confirmed_at=now, delivered_through=None
        )
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = now
            subscriber.save(update_fields=["confirmed_at"])
        audit.record(
            actor=None,
            verb="subscription.confirm",
            data={"subscriber": subscriber.pk, "subscriptions": [s.pk for s in pending]},
        )
    return list(Subscription.objects.filter(pk__in=[s.pk for s in pending]))


def subscription_live_for(token: str) -> tuple[Subscriber, int | None, list[Subscription]]:
    """What an unsubscribe link would end (shown on the page before the visitor agrees)."""
    subscriber, subscription_id = tokens.read_token(token, tokens.UNSUBSCRIBE)
    live = subscriber.subscriptions.live().select_related("organization", "column__organization", "subject")
    if subscription_id is not None:
        live = live.filter(pk=subscription_id)
    return subscriber, subscription_id, list(live)


def subscription_cancel(*, token: str, now: datetime | None = None) -> int:
    """End one subscription (the token names it) or all of the address's; idempotent."""
    now = now or timezone.now()
    subscriber, subscription_id = tokens.read_token(token, tokens.UNSUBSCRIBE)
    with transaction.atomic():
        live = Subscription.objects.filter(subscriber=subscriber).live()
        if subscription_id is not None:
            live = live.filter(pk=subscription_id)
        ids = list(live.values_list("pk", flat=True))
        Subscription.objects.filter(pk__in=ids).update(state=SubscriptionState.CANCELLED, cancelled_at=now)
        audit.record(
            actor=None, verb="subscription.cancel", data={"subscriber": subscriber.pk, "subscriptions": ids}
        )
    return len(ids)


# --- digests ---------------------------------------------------------------------------------
def _claim(subscriber_id: int, now: datetime) -> bool:
    """Take the subscriber's digest for LEASE; False when another worker has it."""
    return bool(
        Subscriber.objects.filter(pk=subscriber_id)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE)
    )


def retry_delay(failures: int) -> timedelta:
    return RETRY_BASE * (2 ** (failures - 1))


def digest_send(*, subscriber_id: int, base_url: str, now: datetime | None = None) -> str:
    """Send one address its digest of new items: "sent", "nothing" (no new items), "busy"
    (another worker holds it) or "failed" (retried later; nothing was marked as sent)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not _claim(subscriber_id, now):
        return "busy"
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    subscriptions = list(
        subscriber.subscriptions.active().select_related("organization", "column__organization", "subject")
    )
    sections: list[mail.DigestSection] = []
    sent: list[Delivery] = []
    for sub in subscriptions:
        items = matching.undelivered_items(sub, today=today)
        ids = list(items.values_list("pk", flat=True))
        if not ids:
            continue
        sections.append(
            mail.DigestSection(
                subscription=sub,
                documents=list(items[: mail.DIGEST_MAX_ITEMS]),
                total=len(ids),
                unsubscribe_url=mail.unsubscribe_url(base_url, subscriber, sub.pk),
            )
        )
        sent.extend(Delivery(subscription=sub, document_id=pk, sent_on=today) for pk in ids)
    if sections:
        try:
            mail.digest_message(subscriber, sections, base_url=base_url, today=today).send()
        except Exception as exc:  # any transport error: keep the items for the retry
            _record_failure(subscriber, now, exc)
            return "failed"
    _record_success(subscriber, subscriptions, sent, now=now, mailed=bool(sections))
    return "sent" if sections else "nothing"


def _record_success(
    subscriber: Subscriber,
    subscriptions: list[Subscription],
    sent: list[Delivery],
    *,
    now: datetime,
    mailed: bool,
) -> None:
    today = timezone.localdate(now)
    with transaction.atomic():
        Delivery.objects.bulk_create(sent, ignore_conflicts=True)
        ids = [s.pk for s in subscriptions]
        Subscription.objects.filter(pk__in=ids).update(delivered_through=today)
        # Older deliveries can never be candidates again: the window starts LOOKBACK_DAYS back.
        Delivery.objects.filter(
            subscription_id__in=ids, sent_on__lt=today - timedelta(days=matching.LOOKBACK_DAYS + 1)
        ).delete()
        fields = {"lease_until": None, "failures": 0, "next_attempt_at": None, "last_error": ""}
        if mailed:
            fields["last_sent_at"] = now
        Subscriber.objects.filter(pk=subscriber.pk).update(**fields)


def _record_failure(subscriber: Subscriber, now: datetime, exc: Exception) -> None:
    failures = subscriber.failures + 1
    # Never the address in the log: the subscriber's id identifies it for the operator.
    log.warning(
        "digest to subscriber %s failed (attempt %s): %s", subscriber.pk, failures, type(exc).__name__
    )
    Subscriber.objects.filter(pk=subscriber.pk).update(
        lease_until=None,
        failures=failures,
        next_attempt_at=now + retry_delay(failures) if failures < MAX_ATTEMPTS else None,
        last_error=f"{type(exc).__name__}: {exc}"[:300],
    )


def digests_send_due(
    *, base_url: str, now: datetime | None = None, retries_only: bool = False
) -> dict[str, int]:
    """The daily run (every confirmed address not waiting for a retry) or the retry sweep
    (addresses whose retry time has come)."""
    now = now or timezone.now()
    qs = Subscriber.objects.filter(
        confirmed_at__isnull=False, subscriptions__state=SubscriptionState.ACTIVE
    ).distinct()
    if retries_only:
        qs = qs.filter(next_attempt_at__lte=now)
    else:
        qs = qs.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    outcomes: dict[str, int] = {}
    for pk in list(qs.order_by("pk").values_list("pk", flat=True)):
        outcome = digest_send(subscriber_id=pk, base_url=base_url, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
