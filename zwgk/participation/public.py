"""What anyone may learn about messages and consultations: the API's and the portal's one source.
Never a name, phone, e-mail or ID number; citizens' text with personal data and sensitive words
masked (rules.public_text)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest

from zwgk.core import ratelimit
from zwgk.foi import tracking_codes
from zwgk.participation import rules, selectors
from zwgk.participation.models import (
    Adoption,
    ChannelKind,
    Comment,
    Consultation,
    ConsultationState,
    Message,
    MessageState,
)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def message_lookup(request: HttpRequest, code: str) -> Message:
    """Rate-limited against guessing; DoesNotExist for unknown or malformed codes."""
    ratelimit.hit(request, "tracking_lookup")
    normal = tracking_codes.normalize(code)
    if normal is None:
        raise Message.DoesNotExist
    return Message.objects.select_related("organization", "channel").get(tracking_code=normal)


def message_track_json(message: Message) -> dict[str, Any]:
    answered = message.state == MessageState.ANSWERED
    return {
        "tracking_code": message.tracking_code,
        "organization": {"code": message.organization.code, "name": message.organization.name},
        "kind": message.channel.kind,
        "kind_label": str(ChannelKind(message.channel.kind).label),
        "subject": rules.public_text(message.subject),
        "state": message.state,
        "state_label": str(MessageState(message.state).label),
        "received_on": _iso(message.received_on),
        "due_on": _iso(message.due_on),
        "due_provisional": message.due_provisional,
        "answer": {"answered_on": _iso(message.answered_on), "text": message.answer} if answered else None,
    }


def message_public_json(message: Message, words: list[str]) -> dict[str, Any]:
    return {
        "tracking_code": message.tracking_code,
        "organization": {"code": message.organization.code, "name": message.organization.name},
        "kind": message.channel.kind,
        "subject": rules.public_text(message.subject, words),
        "body": rules.public_text(message.body, words),
        "received_on": _iso(message.received_on),
        "answered_on": _iso(message.answered_on),
        "answer": message.answer,
    }


def consultation_phase(c: Consultation, today: date) -> str:
    if c.state == ConsultationState.REPORTED:
        return "已发布反馈"
    if c.opens_on and today < c.opens_on:
        return "即将开始"
    if c.closes_on and today > c.closes_on:
        return "征集结束，正在整理意见"
    return "正在征集"


def comment_json(comment: Comment, *, with_adoption: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": comment.pk,
        "paragraph": comment.paragraph,
        "body": rules.public_text(comment.body),
        "submitted_on": _iso(comment.submitted_at.date()),
    }
    if with_adoption and comment.adoption:
        out.update(
            topic=comment.topic,
            adoption=comment.adoption,
            adoption_label=str(Adoption(comment.adoption).label),
            reason=comment.adoption_reason,
        )
    return out


def consultation_json(c: Consultation, *, today: date, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.pk,
        "organization": {"code": c.organization.code, "name": c.organization.name},
        "title": c.title,
        "kind": c.kind,
        "state": c.state,
        "phase": consultation_phase(c, today),
        "opens_on": _iso(c.opens_on),
        "closes_on": _iso(c.closes_on),
        "final_document": (
            {
                "id": c.final_document.pk,
                "title": c.final_document.title,
                "url": c.final_document.get_absolute_url(),
            }
            if c.final_document is not None
            else None
        ),
    }
    if not detail:
        return out
    reported = c.state == ConsultationState.REPORTED
    stats = selectors.consultation_stats(c)
    out.update(
        paragraphs=[{"number": i, "text": t} for i, t in enumerate(c.paragraphs, start=1)],
        explanation=c.explanation,
        short_period_reason=c.short_period_reason,
        comments=[comment_json(x, with_adoption=reported) for x in selectors.public_comments(c)],
        statistics={
            "received": stats.total,
            "published": stats.published,
            "on_whole": stats.on_whole,
            "by_paragraph": {str(k): v for k, v in stats.by_paragraph.items()},
            "adoption": stats.adoption if reported else {},
        },
        feedback=(
            {
                "reported_on": _iso(c.reported_on),
                "summary": c.feedback_summary,
                "groups": [
                    {"topic": topic, "comments": [comment_json(x, with_adoption=True) for x in comments]}
                    for topic, comments in selectors.feedback_groups(c)
                ],
            }
            if reported
            else None
        ),
    )
    return out
