"""What anyone may learn about messages and consultations: the API's and the portal's one source.
Never a name, phone, e-mail or ID number; citizens' text with personal data and sensitive words
masked (rules.public_text)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zwgk.core import ratelimit
from zwgk.foi import tracking_codes
from zwgk.participation import rules, selectors
from zwgk.participation.models import (
    Adoption,
    ChannelKind,
    Comment,
    Consultation,
    ConsultationState,
    DecisionStage,
    Interview,
    MajorDecision,
    Meeting,
    Message,
    MessageState,
    QuestionState,
    RegistrationState,
    Selection,
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
        "id": message.pk,
        # The page other records may cite (e.g. a Q&A entry whose source is this message).
        "url": reverse("portal:participation_message", args=[message.pk]),
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


def _dt(value: Any) -> str:
    return timezone.localtime(value).isoformat()


def meeting_json(m: Meeting, *, now: Any, detail: bool = False) -> dict[str, Any]:
    regs = list(m.registrations.all()) if detail else []
    out: dict[str, Any] = {
        "id": m.pk,
        "organization": {"code": m.organization.code, "name": m.organization.name},
        "title": m.title,
        "starts_at": _dt(m.starts_at),
        "place": m.place,
        "seats": m.seats,
        "selection": m.selection,
        "selection_label": str(Selection(m.selection).label),
        "registration_closes_at": _dt(m.registration_closes_at),
        "registration_open": now < m.registration_closes_at and m.drawn_at is None,
        "can_withdraw": now < m.starts_at,
    }
    if not detail:
        return out
    active = [r for r in regs if r.state != RegistrationState.WITHDRAWN]
    selected = [r for r in active if r.state == RegistrationState.SELECTED]
    pot = selectors.lottery_pot(m, regs)
    out.update(
        topics=m.topics,
        registered=len(active),
        seats_left=max(0, m.seats - len(selected)) if m.selection == Selection.FIRST_COME else None,
        # The draw, re-runnable by anyone: the seed and every code in the pot (rules.draw_lots);
        # `selected` is what the draw gave, `confirmed` who holds a seat now, after withdrawals.
        lottery=(
            {
                "seed": m.lottery_seed,
                "drawn_at": _dt(m.drawn_at),
                "codes": sorted(pot),
                "selected": sorted(rules.draw_lots(m.lottery_seed, pot, m.seats)),
                "confirmed": sorted(r.code for r in selected),
            }
            if m.drawn_at is not None
            else None
        ),
        # Codes only: the wait list in the order seats are given back (selectors.wait_list).
        waitlist=[r.code for r in selectors.wait_list(m, regs)],
        withdrawn=sum(1 for r in regs if r.state == RegistrationState.WITHDRAWN),
        attendance=(
            {
                "attended": sum(1 for r in regs if r.attended),
                "statements": [r.statement for r in regs if r.attended and r.statement],
                "minutes": m.minutes,
            }
            if m.minutes or any(r.attended is not None for r in regs)
            else None
        ),
    )
    return out


def _doc(d: Any) -> dict[str, Any] | None:
    return {"id": d.pk, "title": d.title, "url": d.get_absolute_url()} if d is not None else None


def interview_json(i: Interview, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": i.pk,
        "organization": {"code": i.organization.code, "name": i.organization.name},
        "title": i.title,
        "guests": i.guests,
        "starts_at": _dt(i.starts_at),
        "policy": _doc(i.policy),
        "interpretation": _doc(i.interpretation),
        "finished": i.transcript_published_on is not None,
        "live": i.is_live,
        "live_ended": i.live_ended_at is not None,
    }
    if not detail:
        return out
    out.update(
        summary=i.summary,
        questions=[
            {"id": q.pk, "body": rules.public_text(q.body), "live": q.live, "answer": q.answer}
            for q in i.questions.filter(state=QuestionState.ACCEPTED)
        ],
        transcript=i.transcript if i.transcript_published_on else None,
        media_url=i.media_url if i.transcript_published_on else None,
        transcript_published_on=_iso(i.transcript_published_on),
    )
    return out


def decision_json(d: MajorDecision) -> dict[str, Any]:
    records = {r.stage: r for r in d.stages.all()}
    stages = []
    for stage in rules.STAGE_ORDER:
        r = records.get(stage)
        internal = stage in rules.INTERNAL_STAGES
        stages.append(
            {
                "stage": stage,
                "label": str(DecisionStage(stage).label),
                "done": r is not None,
                "on": _iso(r.on) if r else None,
                "note": r.note if r and not internal else "",
                "document": _doc(r.document) if r and not internal else None,
            }
        )
    return {
        "id": d.pk,
        "organization": {"code": d.organization.code, "name": d.organization.name},
        "year": d.year,
        "title": d.title,
        "responsible_unit": d.responsible_unit,
        "planned": d.planned,
        "consultation": d.consultation_id,
        "stages": stages,
    }
