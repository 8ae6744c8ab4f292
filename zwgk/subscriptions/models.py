"""精准推送: visitors subscribe by e-mail to agencies, columns, subjects or a saved search and
receive a digest of new items. Every change goes through `zwgk.subscriptions.services`.

Delivery keeps two facts per subscription: a watermark (`delivered_through`, the last day a
digest went out or had nothing to send) and the items already sent (`Delivery`). The next digest
looks at items dated from a few days before the watermark and leaves out those already sent, so
an item that turns up late (a scheduled item the sweep published late, a late topic-column
placement) is still sent, and a retried digest never repeats an item.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.catalog.models import Column, Document, Subject
from zwgk.organizations.models import Organization

MAX_SUBSCRIPTIONS_PER_ADDRESS = 50
QUERY_MAX_CHARS = 100


def new_key() -> str:
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    """One e-mail address. Confirmed once its owner followed a confirmation link (double opt-in)."""

    email = models.EmailField(_("电子邮箱"), unique=True)  # stored lower-cased
    # Part of every link token: rotating it invalidates all links sent so far.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("确认邮件发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # Digest delivery: a lease so two workers never send the same digest, and the retry state.
    lease_until = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("连续发送失败次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次重试时间"), null=True, blank=True, db_index=True)
    last_error = models.CharField(_("最近一次发送错误"), max_length=300, blank=True)
    last_sent_at = models.DateTimeField(_("最近一次发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("订阅用户")
        verbose_name_plural = _("订阅用户")

    def __str__(self) -> str:
        return self.email


class SubscriptionKind(models.TextChoices):
    ORGANIZATION = "organization", _("机构")
    COLUMN = "column", _("栏目")
    SUBJECT = "subject", _("主题分类")
    QUERY = "query", _("关键词")


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACTIVE = "active", _("已订阅")
    CANCELLED = "cancelled", _("已退订")


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        return self.filter(state=SubscriptionState.ACTIVE)

    def pending(self) -> SubscriptionQuerySet:
        return self.filter(state=SubscriptionState.PENDING)

    def live(self) -> SubscriptionQuerySet:
        return self.exclude(state=SubscriptionState.CANCELLED)


class Subscription(models.Model):
    """What one address follows: exactly one of organization, column, subject or query."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("订阅用户"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=SubscriptionKind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("机构"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.ForeignKey(
        Subject, verbose_name=_("主题分类"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A saved search, matched by substring on title and summary (see matching.py for why).
    query = models.CharField(_("关键词"), max_length=QUERY_MAX_CHARS, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=SubscriptionState.choices, default=SubscriptionState.PENDING
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("退订时间"), null=True, blank=True)
    # The watermark: every matching item dated up to this day has been delivered.
    delivered_through = models.DateField(_("已推送至"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")
        constraints = [
            models.CheckConstraint(
                name="subscription_one_target",
                condition=(
                    Q(
                        kind="organization",
                        organization__isnull=False,
                        column__isnull=True,
                        subject__isnull=True,
                        query="",
                    )
                    | Q(
                        kind="column",
                        column__isnull=False,
                        organization__isnull=True,
                        subject__isnull=True,
                        query="",
                    )
                    | Q(
                        kind="subject",
                        subject__isnull=False,
                        organization__isnull=True,
                        column__isnull=True,
                        query="",
                    )
                    | (
                        Q(kind="query", organization__isnull=True, column__isnull=True, subject__isnull=True)
                        & ~Q(query="")
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.describe()}"

    def describe(self) -> str:
        if self.kind == SubscriptionKind.ORGANIZATION:
            return f"机构：{self.organization.name}"
        if self.kind == SubscriptionKind.COLUMN:
            owner = f"{self.column.organization.display_name} " if self.column.organization_id else ""
            return f"栏目：{owner}{self.column.name}"
        if self.kind == SubscriptionKind.SUBJECT:
            return f"主题：{self.subject.name}"
        return f"关键词：{self.query}"

    def same_target(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "organization": self.organization,
            "column": self.column,
            "subject": self.subject,
            "query": self.query,
        }


class Delivery(models.Model):
    """An item sent to a subscription; pruned once it is older than the look-back window."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "document"], name="subscription_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} ← {self.document_id} ({self.sent_on})"
