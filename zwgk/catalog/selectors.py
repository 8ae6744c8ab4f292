"""Reading the catalogue: staff reads go through the permission check, public reads see only
published items."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q

from zwgk.catalog import compliance
from zwgk.catalog.compliance import Flag, FlagKind
from zwgk.catalog.models import (
    Column,
    ColumnKind,
    ColumnPlacement,
    Document,
    DocumentQuerySet,
    DocumentState,
    LifecycleEvent,
)
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.permissions import visible_organizations
from zwgk.review.selectors import review_queue_for


def access_document(user: Any, pk: int, *, for_update: bool = False) -> Document:
    """A document of an agency the user may see; DoesNotExist (→ 404) for anything else."""
    qs = Document.objects.filter(organization__in=visible_organizations(user))
    if for_update:
        # Lock the row only: FOR UPDATE across the organization join is not allowed everywhere.
        qs = Document.objects.filter(pk__in=qs.filter(pk=pk).values("pk")).select_for_update(of=("self",))
    return qs.select_related("organization", "genre", "interprets").get(pk=pk)


def document_list_for_staff(
    user: Any, *, state: str | None = None, organization_id: int | None = None, q: str = ""
) -> DocumentQuerySet:
    qs = Document.objects.filter(organization__in=visible_organizations(user))
    if state:
        qs = qs.filter(state=state)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.select_related("organization", "genre").order_by("-updated_at", "-id")


def referable_documents(user: Any) -> DocumentQuerySet:
    """Documents a staff member may name as another item's policy or legal basis: anything
    published, plus drafts of the agencies whose records the user may see."""
    return Document.objects.filter(
        Q(state=DocumentState.PUBLISHED) | Q(organization__in=visible_organizations(user))
    ).select_related("organization")


def documents_matching(user: Any, q: str, *, exclude_kind: str = "", limit: int = 10) -> list[Document]:
    """Suggestions for a title or 发文字号 typed into a form (exact 文号 first, then newest)."""
    q = q.strip()[:100]
    if not q:
        return []
    qs = referable_documents(user).filter(Q(title__icontains=q) | Q(doc_no__icontains=q))
    if exclude_kind:
        qs = qs.exclude(kind=exclude_kind)
    rows = list(qs.order_by("-published_on", "-id")[: limit * 3])
    rows.sort(key=lambda d: (d.doc_no != q, d.title != q))
    return rows[:limit]


# 发文字号 are written with 六角括号 〔〕; people often type square or round brackets instead.
_DOC_NO_BRACKETS = str.maketrans(
    {"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕"}
)


def document_by_reference(user: Any, text: str, *, exclude_kind: str = "") -> Document:
    """The one document whose 发文字号 or title is `text` (people cite documents by these, never by
    an internal number). Exact 文号, then exact title, then a unique part of a title; otherwise
    ValidationFailed saying whether none or several matched."""
    text = text.strip()
    qs = referable_documents(user)
    if exclude_kind:
        qs = qs.exclude(kind=exclude_kind)
    doc_no = text.translate(_DOC_NO_BRACKETS)
    for exact in (Q(doc_no=text) | Q(doc_no=doc_no), Q(title=text)):
        found = list(qs.filter(exact)[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationFailed("有多份文件与此相符，请输入发文字号。")
    # A part of a title, never of a 文号: "12" must not pick 〔2026〕12号 by accident.
    found = list(qs.filter(title__icontains=text)[:2]) if len(text) >= 4 else []
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationFailed("有多份文件与此相符，请从提示中选择或输入完整标题、发文字号。")
    raise ValidationFailed("没有找到标题或发文字号相符的文件。")


@dataclass(frozen=True)
class PublicFilters:
    organization: str = ""  # organization code; includes nothing below it
    genre: str = ""
    subject: str = ""  # a level-1 code matches its level-2 children too
    column: str = ""
    year: int | None = None
    validity: str = ""
    kind: str = ""


def public_documents(filters: PublicFilters | None = None) -> DocumentQuerySet:
    """Published items, newest first, filtered as the portal and the API list them."""
    qs = Document.objects.published()
    f = filters or PublicFilters()
    if f.organization:
        qs = qs.filter(organization__code=f.organization)
    if f.genre:
        qs = qs.filter(genre__code=f.genre)
    if f.subject:
        tagged = Document.subjects.through.objects.filter(
            Q(subject__code=f.subject) | Q(subject__parent__code=f.subject)
        )
        qs = qs.filter(pk__in=tagged.values("document_id"))
    if f.column:
        qs = qs.filter(pk__in=ColumnPlacement.objects.filter(column__code=f.column).values("document_id"))
    if f.year:
        qs = qs.filter(published_on__gte=date(f.year, 1, 1), published_on__lte=date(f.year, 12, 31))
    if f.validity:
        qs = qs.filter(validity=f.validity)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.select_related("organization").newest_first()


def public_document(pk: int) -> Document:
    """A published item with everything its page shows; DoesNotExist for drafts and withdrawn."""
    return (
        Document.objects.published()
        .select_related("organization", "genre", "interprets", "interprets__organization")
        .prefetch_related(
            "co_issuers",
            "subjects__parent",
            "art20_categories",
            "attachments",
            Prefetch("columns", to_attr="column_list"),
            Prefetch(
                "interpretations",
                queryset=Document.objects.published().select_related("organization").order_by("published_on"),
                to_attr="published_interpretations",
            ),
            Prefetch(
                "lifecycle_events",
                queryset=LifecycleEvent.objects.select_related("by__organization").order_by("on", "id"),
                to_attr="history",
            ),
            Prefetch(
                "caused_lifecycle_events",
                queryset=LifecycleEvent.objects.select_related("document__organization").order_by("on", "id"),
                to_attr="caused_history",
            ),
        )
        .get(pk=pk)
    )


def published_interpretations(doc: Document) -> list[Document]:
    return list(doc.interpretations.filter(state=DocumentState.PUBLISHED).order_by("published_on"))


def compliance_flags_for(user: Any, *, today: date, year: int) -> list[Flag]:
    """The supervising office's flags for items published in `year` by agencies the user sees:
    late publication (Art. 26), missing or late interpretations, topic-column breaches."""
    cal = calendar_current()
    scope = Document.objects.published().filter(
        organization__in=visible_organizations(user),
        published_on__gte=date(year, 1, 1),
        published_on__lte=date(year, 12, 31),
    )
    rows = list(
        scope.values_list(
            "pk",
            "title",
            "organization__short_name",
            "organization__name",
            "organization__code",
            "kind",
            "genre__requires_interpretation",
            "information_created_on",
            "information_changed_on",
            "published_on",
            "keywords",
        )
    )
    flags: list[Flag] = []
    interp_dates: dict[int, list[tuple[date, int]]] = {}
    for pk, policy_id, published_on in (
        Document.objects.published()
        .filter(interprets__in=scope.values("pk"))
        .values_list("pk", "interprets_id", "published_on")
    ):
        interp_dates.setdefault(policy_id, []).append((published_on, pk))
    subject_ids: dict[int, set[int]] = {}
    for doc_id, subject_id in Document.subjects.through.objects.filter(
        document__in=scope.values("pk")
    ).values_list("document_id", "subject_id"):
        subject_ids.setdefault(doc_id, set()).add(subject_id)

    for pk, title, short, name, code, kind, genre_requires, created, changed, published_on, _ in rows:
        org = short or name
        dated = max((d for d in (created, changed) if d), default=None)
        if dated is not None and compliance.is_published_late(cal, dated, published_on):
            flags.append(
                Flag(
                    FlagKind.LATE_PUBLICATION,
                    pk,
                    title,
                    org,
                    due_on=compliance.publication_due_on(cal, dated),
                    actual_on=published_on,
                    detail=f"信息形成/变更于 {dated.isoformat()}",
                    organization_code=code,
                )
            )
        if compliance.needs_interpretation(kind=kind, genre_requires=bool(genre_requires)):
            interps = sorted(interp_dates.get(pk, []))
            problem = compliance.interpretation_flag(published_on, [d for d, _ in interps])
            if problem is not None:
                flags.append(
                    Flag(
                        problem,
                        pk,
                        title,
                        org,
                        due_on=published_on,
                        actual_on=interps[0][0] if interps else None,
                        related_id=interps[0][1] if interps else None,
                        organization_code=code,
                    )
                )

    for column in Column.objects.filter(
        kind=ColumnKind.TOPIC, is_active=True, deadline_workdays__isnull=False
    ):
        topic_subjects = set(column.qualifying_subjects.values_list("pk", flat=True))
        placed = dict(
            ColumnPlacement.objects.filter(column=column, document__in=scope.values("pk")).values_list(
                "document_id", "placed_on"
            )
        )
        for pk, title, short, name, code, _, _, _, _, published_on, keywords in rows:
            if column.rule_from and published_on < column.rule_from:
                continue
            qualifies = pk in placed or compliance.qualifies_for_topic(
                title=title,
                keywords=list(keywords or []),
                subject_ids=subject_ids.get(pk, set()),
                topic_keywords=list(column.qualifying_keywords or []),
                topic_subject_ids=topic_subjects,
            )
            if not qualifies:
                continue
            problem = compliance.topic_flag(
                cal,
                published_on=published_on,
                placed_on=placed.get(pk),
                deadline_workdays=column.deadline_workdays or 0,
                today=today,
            )
            if problem is not None:
                flags.append(
                    Flag(
                        problem,
                        pk,
                        title,
                        short or name,
                        due_on=compliance.topic_placement_due_on(
                            cal, published_on, column.deadline_workdays or 0
                        ),
                        actual_on=placed.get(pk),
                        detail=column.name,
                        related_id=column.pk,
                        organization_code=code,
                    )
                )
    return flags


def documents_awaiting_review(user: Any) -> DocumentQuerySet:
    """Items waiting for the user's sign-off: the step their request waits for is one the user
    may decide (their post at the agency, never their own draft; decision 0016). For the
    workbench's reviewer to-do list."""
    from zwgk.catalog.services.drafts import PUBLISH_REVIEW_KIND  # drafts imports this module

    ids = review_queue_for(user, kind=PUBLISH_REVIEW_KIND).values("object_id")
    return (
        Document.objects.filter(pk__in=ids, state=DocumentState.SUBMITTED)
        .select_related("organization")
        .order_by("updated_at", "id")
    )


_DOC_NO_PREFIX = re.compile(r"^(\S+?〔\d{4}〕)")


def doc_no_search_example() -> str:
    """“机关代字〔年份〕” of the newest published item with a document number: the search page's
    hint shows a search that finds something on this platform's data (issue 20 item 10)."""
    for doc_no in (
        Document.objects.published()
        .exclude(doc_no="")
        .order_by("-published_on", "-pk")
        .values_list("doc_no", flat=True)[:20]
    ):
        m = _DOC_NO_PREFIX.match(doc_no)
        if m:
            return m.group(1)
    return ""
