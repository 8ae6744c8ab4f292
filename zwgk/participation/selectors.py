"""Queries of public participation: what the public may see, what a member of staff may see,
and the reply-time statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from zwgk.core.calendars import calendar_current
from zwgk.organizations.permissions import visible_organizations
from zwgk.participation import rules
from zwgk.participation.models import (
    Comment,
    CommentState,
    Consultation,
    ConsultationState,
    Interview,
    MajorDecision,
    Meeting,
    Message,
    MessageState,
    Registration,
    RegistrationState,
    Selection,
)


def published_messages(organization_code: str = "") -> QuerySet[Message]:
    qs = Message.objects.filter(
        state=MessageState.ANSWERED, published=True, publish_allowed=True
    ).select_related("organization", "channel")
    if organization_code:
        qs = qs.filter(organization__code=organization_code)
    return qs.order_by("-answered_on", "-pk")


def messages_for(user: Any) -> QuerySet[Message]:
    return Message.objects.filter(organization__in=visible_organizations(user)).select_related(
        "organization", "channel"
    )


def message_queue(user: Any, queue: str, *, today: date) -> QuerySet[Message]:
    qs = messages_for(user)
    if queue == "pending":
        return qs.filter(state=MessageState.PENDING).order_by("due_on", "pk")
    if queue == "overdue":
        return qs.filter(state=MessageState.PENDING, due_on__lt=today).order_by("due_on", "pk")
    if queue == "answered":
        return qs.filter(state=MessageState.ANSWERED).order_by("-answered_on", "-pk")
    return qs.order_by("-submitted_at", "-pk")


@dataclass(frozen=True)
class ReplyStats:
    received: int
    answered: int
    pending: int
    overdue: int
    on_time: int
    average_workdays: float | None  # working days from receipt to answer

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time / self.answered, 3) if self.answered else None


def reply_stats(qs: QuerySet[Message], *, today: date) -> ReplyStats:
    """Reply times over `qs` in working days of the platform calendar (invalid ones left out)."""
    cal = calendar_current()
    rows = list(
        qs.exclude(state=MessageState.INVALID).values_list("state", "received_on", "answered_on", "due_on")
    )
    answered = [(r, a, d) for s, r, a, d in rows if s == MessageState.ANSWERED and a is not None]
    pending = [d for s, _r, _a, d in rows if s == MessageState.PENDING]
    spans = [cal.workdays_between(r, a) for r, a, _d in answered]
    return ReplyStats(
        received=len(rows),
        answered=len(answered),
        pending=len(pending),
        overdue=sum(1 for d in pending if d < today),
        on_time=sum(1 for _r, a, d in answered if a <= d),
        average_workdays=round(sum(spans) / len(spans), 1) if spans else None,
    )


def stats_by_organization(user: Any, *, today: date) -> list[tuple[Any, ReplyStats]]:
    orgs = visible_organizations(user).filter(messages__isnull=False).distinct()
    return [(org, reply_stats(Message.objects.filter(organization=org), today=today)) for org in orgs]


# --- consultations -------------------------------------------------------------------------------


def public_consultations() -> QuerySet[Consultation]:
    return (
        Consultation.objects.exclude(state=ConsultationState.DRAFT)
        .select_related("organization", "final_document")
        .order_by("-opens_on", "-pk")
    )


def consultations_for(user: Any) -> QuerySet[Consultation]:
    return Consultation.objects.filter(organization__in=visible_organizations(user)).select_related(
        "organization", "final_document"
    )


def public_comments(consultation: Consultation) -> QuerySet[Comment]:
    return consultation.comments.filter(state=CommentState.PUBLISHED)


@dataclass(frozen=True)
class ConsultationStats:
    total: int
    published: int
    pending: int
    rejected: int
    on_whole: int
    by_paragraph: dict[int, int]
    adoption: dict[str, int]


def consultation_stats(consultation: Consultation) -> ConsultationStats:
    counts = consultation.comments.aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(state=CommentState.PUBLISHED)),
        pending=Count("pk", filter=Q(state=CommentState.PENDING)),
        rejected=Count("pk", filter=Q(state=CommentState.REJECTED)),
        on_whole=Count("pk", filter=Q(paragraph__isnull=True)),
    )
    by_paragraph = dict(
        consultation.comments.filter(paragraph__isnull=False)
        .values_list("paragraph")
        .annotate(n=Count("pk"))
        .order_by("paragraph")
    )
    adoption = dict(
        consultation.comments.exclude(adoption="").values_list("adoption").annotate(n=Count("pk")).order_by()
    )
    return ConsultationStats(by_paragraph=by_paragraph, adoption=adoption, **counts)


def feedback_groups(consultation: Consultation) -> list[tuple[str, list[Comment]]]:
    """The report's comments grouped by topic, in the order topics first appear."""
    groups: dict[str, list[Comment]] = {}
    for c in consultation.comments.exclude(state=CommentState.REJECTED).exclude(adoption=""):
        groups.setdefault(c.topic, []).append(c)
    return list(groups.items())


# --- meetings, interviews, decisions -------------------------------------------------------------


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(published=True).select_related("organization").order_by("-starts_at")


def meetings_for(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organization__in=visible_organizations(user)).select_related("organization")


def public_interviews() -> QuerySet[Interview]:
    return Interview.objects.select_related("organization", "policy", "interpretation").order_by("-starts_at")


def interviews_for(user: Any) -> QuerySet[Interview]:
    return public_interviews().filter(organization__in=visible_organizations(user))


def public_decisions() -> QuerySet[MajorDecision]:
    return (
        MajorDecision.objects.select_related("organization")
        .prefetch_related("stages__document")
        .order_by("-year", "organization__code", "pk")
    )


def decisions_for(user: Any) -> QuerySet[MajorDecision]:
    return public_decisions().filter(organization__in=visible_organizations(user))


def lottery_pot(meeting: Meeting, registrations: list[Registration]) -> list[str]:
    """The codes the lottery drew from: all but those withdrawn before the draw."""
    return [
        r.code
        for r in registrations
        if r.withdrawn_at is None or (meeting.drawn_at is not None and r.withdrawn_at > meeting.drawn_at)
    ]


def wait_list(meeting: Meeting, registrations: list[Registration]) -> list[Registration]:
    """Who is next when a seat frees up, in order: first come by time of registration; after a
    lottery by the published lottery order (rules.lottery_order). Before a draw nobody waits."""
    waiting = [r for r in registrations if r.state == RegistrationState.WAITLISTED]
    if meeting.selection == Selection.LOTTERY:
        if meeting.drawn_at is None:
            return []
        order = rules.lottery_order(meeting.lottery_seed, lottery_pot(meeting, registrations))
        rank = {code: i for i, code in enumerate(order)}
        return sorted(waiting, key=lambda r: rank.get(r.code, len(rank)))
    return sorted(waiting, key=lambda r: (r.submitted_at, r.pk))
