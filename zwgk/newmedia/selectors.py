"""Reading the new-media register: the freshness report and the posting export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from zwgk.catalog.models import Attachment, Document
from zwgk.newmedia import rules
from zwgk.newmedia.models import Account, FilingKind, Platform
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role, visible_organizations


def accounts_for(user: Any) -> QuerySet[Account]:
    return Account.objects.filter(organization__in=visible_organizations(user)).select_related("organization")


def access_account(user: Any, pk: int) -> Account:
    return accounts_for(user).get(pk=pk)


@dataclass(frozen=True)
class StaleAccount:
    account: Account
    findings: list[rules.Finding]

    @property
    def veto(self) -> bool:
        return any(f.veto for f in self.findings)


def freshness_report(user: Any, *, today: date) -> list[StaleAccount]:
    """Open accounts of the agencies the user supervises (or keeps) that break a rule, vetoes first."""
    orgs = organizations_with_role(user, Role.SUPERVISOR, Role.EDITOR, Role.OFFICE_HEAD)
    qs = (
        Account.objects.filter(organization__in=orgs)
        .exclude(filing_status=FilingKind.CLOSURE)
        .select_related("organization")
    )
    out = []
    for account in qs:
        found = rules.findings(
            last_updated_on=account.last_updated_on,
            unanswered=account.unanswered_messages,
            oldest_unanswered_on=account.oldest_unanswered_on,
            today=today,
        )
        if found:
            out.append(StaleAccount(account, found))
    out.sort(
        key=lambda s: (
            not s.veto,
            s.account.organization.sort_order,
            s.account.organization.code,
            s.account.name,
        )
    )
    return out


# --- posting export ---------------------------------------------------------------------------------
# Product decision: what each platform takes in one post (their editors' limits, in characters).
TITLE_LIMIT = {Platform.WECHAT: 64, Platform.DOUYIN: 55, Platform.TOUTIAO: 30, Platform.KUAISHOU: 30}
SUMMARY_LIMIT = {Platform.WECHAT: 120, Platform.WEIBO: 140, Platform.DOUYIN: 100}
IMAGE_TYPES = ("png", "jpg", "gif")


@dataclass(frozen=True)
class Post:
    document_id: int
    title: str
    summary: str
    link: str
    image: str  # path of the item's first picture, "" without one


def _cut(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def posts_for(account: Account, *, since: date, until: date) -> list[Post]:
    """The agency's items published in [since, until], shaped for the account's platform. On
    微博 title, summary and link share the 140 characters of one post, so the summary gives way."""
    pictures = Prefetch(
        "attachments", queryset=Attachment.objects.filter(file_type__in=IMAGE_TYPES), to_attr="pictures"
    )
    docs = (
        Document.objects.published()
        .filter(organization=account.organization, published_on__gte=since, published_on__lte=until)
        .prefetch_related(pictures)
        .order_by("-published_on", "-id")
    )
    platform = account.platform
    out = []
    for doc in docs:
        link = doc.get_absolute_url()
        title = _cut(doc.title, TITLE_LIMIT.get(platform))
        limit = SUMMARY_LIMIT.get(platform)
        if platform == Platform.WEIBO and limit is not None:
            limit = max(0, limit - len(title) - len(link) - 2)
        summary = _cut(doc.summary, limit) if limit != 0 else ""
        first = doc.pictures[0] if doc.pictures else None  # type: ignore[attr-defined]
        image = reverse("portal:attachment_download", args=[doc.pk, first.pk]) if first else ""
        out.append(Post(doc.pk, title, summary, link, image))
    return out
