"""Reading the Q&A library: the public search (portal, API) and the statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from zwgk.core.errors import ValidationFailed
from zwgk.knowledge import sources
from zwgk.knowledge.matching import filter_matching, parse_query
from zwgk.knowledge.models import Entry, EntryState, QueryLog
from zwgk.knowledge.sources import Resolution
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import visible_organizations


@dataclass(frozen=True)
class Answer:
    entry: Entry
    source: Resolution
    in_question: bool  # every term found in the question: listed first

    @property
    def current(self) -> bool:
        return self.source.current


@dataclass(frozen=True)
class AnswerSearch:
    answers: list[Answer]
    terms: tuple[str, ...]
    normalised: str  # the query as logged: its terms, space-separated


def public_answers(*, q: str = "", organization: str = "", include_expired: bool = False) -> AnswerSearch:
    """Published entries matching `q` exactly (zwgk.search's definition), current ones only
    unless `include_expired`; entries whose question holds every term first, then newest."""
    qs = Entry.objects.filter(state=EntryState.PUBLISHED).select_related("organization")
    if organization:
        org = Organization.objects.filter(code=organization).first()
        if org is None:
            raise ValidationFailed("未知的机构代码。", fields={"organization": "不存在"})
        qs = qs.filter(organization=org)
    query = parse_query(q)
    qs = filter_matching(qs, query).order_by("-updated_on", "-id")
    entries = list(qs)
    resolved = sources.resolve((e.source_kind, e.source_id) for e in entries)
    answers = [
        Answer(
            entry=e,
            source=resolved[(e.source_kind, e.source_id)],
            in_question=bool(query.terms) and all(t in e.norm_question for t in query.terms),
        )
        for e in entries
    ]
    if not include_expired:
        answers = [a for a in answers if a.current]
    answers.sort(key=lambda a: not a.in_question)  # stable: newest first within each group
    return AnswerSearch(answers=answers, terms=query.terms, normalised=" ".join(query.terms))


def entries_for(user: Any, *, state: str = "", q: str = "") -> QuerySet[Entry]:
    """The back office's list: entries of the agencies the user may see."""
    qs = Entry.objects.filter(organization__in=visible_organizations(user)).select_related("organization")
    if state:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(Q(question__icontains=q) | Q(answer__icontains=q))
    return qs.order_by("-updated_at", "-id")


def access_entry(user: Any, pk: int) -> Entry:
    """An entry of an agency the user may see, or one they proposed (hotline staff)."""
    cond = Q(organization__in=visible_organizations(user))
    if getattr(user, "pk", None):
        cond |= Q(created_by=user)
    return Entry.objects.select_related("organization").filter(cond).get(pk=pk)


@dataclass(frozen=True)
class AskedRow:
    query: str
    asked: int
    unanswered: int  # of those, how many found nothing
    last_asked: datetime


def statistics(
    *, since: datetime, organization_codes: list[str] | None = None, limit: int = 20
) -> tuple[list[AskedRow], list[AskedRow]]:
    """(asked most, asked and never answered) since a moment, for the given agencies' searches
    (None: all, including searches not limited to one agency)."""
    qs = QueryLog.objects.filter(asked_at__gte=since)
    if organization_codes is not None:
        qs = qs.filter(organization_code__in=organization_codes)
    rows = (
        qs.values("normalised")
        .annotate(asked=Count("id"), unanswered=Count("id", filter=Q(results=0)), last=Max("asked_at"))
        .order_by("-asked", "normalised")
    )
    most = [AskedRow(r["normalised"], r["asked"], r["unanswered"], r["last"]) for r in rows[:limit]]
    none = (
        qs.values("normalised")
        .annotate(asked=Count("id"), answered=Count("id", filter=Q(results__gt=0)), last=Max("asked_at"))
        .filter(answered=0)
        .order_by("-asked", "normalised")
    )
    never = [AskedRow(r["normalised"], r["asked"], r["asked"], r["last"]) for r in none[:limit]]
    return most, never
