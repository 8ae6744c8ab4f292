"""One function per state change of public participation; each checks permission, validates,
writes in one transaction and records the audit entry (staff actions) — nothing half-saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from zwgk.catalog.models import Document, DocumentState
from zwgk.core import audit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.foi import tracking_codes
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import require_admin, require_role
from zwgk.participation import rules
from zwgk.participation.models import (
    Adoption,
    ChannelKind,
    Comment,
    CommentState,
    Consultation,
    ConsultationState,
    DraftKind,
    Message,
    MessageChannel,
    MessageState,
    Moderation,
    SensitiveWord,
)

# Who answers messages and runs consultations at an agency; supervisors reach their subtree
# and administrators everywhere (zwgk.organizations.permissions.has_role).
MESSAGE_ROLES = (Role.HANDLER, Role.OFFICE_HEAD, Role.EDITOR, Role.SUPERVISOR)
CONSULTATION_ROLES = (Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR)

SUBJECT_MAX = 200
BODY_MAX = 5000
ANSWER_MIN = 10


def _required(fields: dict[str, str], **values: str) -> None:
    for name, value in values.items():
        if not (value or "").strip():
            fields[name] = "required"


def sensitive_words() -> list[str]:
    return list(SensitiveWord.objects.values_list("word", flat=True))


# --- channels ------------------------------------------------------------------------------------


def channel_upsert(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    name: str = "",
    reply_workdays: int | None = None,
    site: Any = None,
    active: bool = True,
) -> MessageChannel:
    require_role(actor, organization, Role.OFFICE_HEAD, Role.SUPERVISOR)
    if kind not in ChannelKind.values:
        raise ValidationFailed("栏目类型不正确。", fields={"kind": "invalid"})
    workdays = reply_workdays if reply_workdays is not None else None
    if workdays is not None and not 1 <= workdays <= 60:
        raise ValidationFailed("答复时限应为1至60个工作日。", fields={"reply_workdays": "invalid"})
    with transaction.atomic():
        channel, created = MessageChannel.objects.get_or_create(
            organization=organization,
            kind=kind,
            defaults={"name": name or str(ChannelKind(kind).label), "site": site},
        )
        before = audit.snapshot(channel, ["name", "reply_workdays", "active"])
        if name:
            channel.name = name
        if workdays is not None:
            channel.reply_workdays = workdays
        channel.site = site if site is not None else channel.site
        channel.active = active
        channel.save()
        audit.record(
            actor=actor,
            verb="participation.channel_saved",
            target=channel,
            organization_code=organization.code,
            before=None if created else before,
            after=audit.snapshot(channel, ["name", "reply_workdays", "active"]),
        )
    return channel


# --- messages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageData:
    subject: str
    body: str
    name: str
    phone: str
    email: str = ""
    publish_allowed: bool = False
    kind: str = ChannelKind.CONSULTATION


def message_submit(*, organization: Organization | None, data: MessageData, now: Any = None) -> Message:
    """A citizen's message (public): routed to the agency's channel of its kind, due in the
    channel's working days counted from the day received."""
    fields: dict[str, str] = {}
    if organization is None:
        fields["organization"] = "required"
    _required(fields, subject=data.subject, body=data.body, name=data.name, phone=data.phone)
    if len(data.subject) > SUBJECT_MAX:
        fields["subject"] = "too_long"
    if len(data.body) > BODY_MAX:
        fields["body"] = "too_long"
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            fields["email"] = "invalid"
    channel = None
    if organization is not None and not fields:
        channel = MessageChannel.objects.filter(
            organization=organization, kind=data.kind, active=True
        ).first()
        if channel is None:
            fields["organization"] = "no_channel"
    if fields:
        message = (
            "该机关暂未开通此类留言。"
            if fields.get("organization") == "no_channel"
            else "留言未提交：请检查标出的项目。"
        )
        raise ValidationFailed(message, fields=fields)
    assert channel is not None and organization is not None
    now = now or timezone.now()
    received = timezone.localdate(now)
    due, provisional = rules.due_on(calendar_current(), received, channel.reply_workdays)
    hits = rules.screening_hits(f"{data.subject}\n{data.body}", sensitive_words())
    for _attempt in range(5):
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    channel=channel,
                    organization=organization,
                    tracking_code=tracking_codes.new_code(),
                    subject=data.subject.strip(),
                    body=data.body.strip(),
                    name=data.name.strip(),
                    phone=data.phone.strip(),
                    email=data.email.strip(),
                    publish_allowed=data.publish_allowed,
                    submitted_at=now,
                    received_on=received,
                    due_on=due,
                    due_provisional=provisional,
                    screening_hits=hits,
                )
                audit.record(
                    actor=None,
                    verb="participation.message_submitted",
                    target=message,
                    organization_code=organization.code,
                    data={"channel": channel.kind, "due_on": due.isoformat(), "screening_hits": hits},
                )
            return message
        except IntegrityError:  # a tracking code drawn twice: draw again
            continue
    raise Conflict("请稍后重试。")


def message_answer(
    *, actor: Any, message: Message, answer: str, publish: bool, on: date | None = None
) -> Message:
    require_role(actor, message.organization, *MESSAGE_ROLES)
    if message.state != MessageState.PENDING:
        raise Conflict("该留言已办结。")
    answer = (answer or "").strip()
    if len(answer) < ANSWER_MIN:
        raise ValidationFailed("请填写答复内容（至少10个字）。", fields={"answer": "required"})
    if publish and not message.publish_allowed:
        raise ValidationFailed("留言人未同意公开，不能公开。", fields={"publish": "not_allowed"})
    on = on or timezone.localdate()
    if on < message.received_on or on > timezone.localdate():
        raise ValidationFailed("答复日期不能早于收到日期或晚于今天。", fields={"on": "invalid"})
    with transaction.atomic():
        message.state = MessageState.ANSWERED
        message.answer = answer
        message.answered_on = on
        message.answered_by = actor
        message.published = publish
        message.save()
        audit.record(
            actor=actor,
            verb="participation.message_answered",
            target=message,
            organization_code=message.organization.code,
            data={"answered_on": on.isoformat(), "published": publish, "on_time": on <= message.due_on},
        )
    return message


def message_mark_invalid(*, actor: Any, message: Message, reason: str) -> Message:
    """Not a valid message (advertising, abuse, repeated): RULES §5.1 counts valid ones only."""
    require_role(actor, message.organization, *MESSAGE_ROLES)
    if message.state != MessageState.PENDING:
        raise Conflict("该留言已办结。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请说明理由。", fields={"reason": "required"})
    with transaction.atomic():
        message.state = MessageState.INVALID
        message.invalid_reason = reason[:300]
        message.published = False
        message.save()
        audit.record(
            actor=actor,
            verb="participation.message_invalid",
            target=message,
            organization_code=message.organization.code,
            data={"reason": message.invalid_reason},
        )
    return message


def message_route(*, actor: Any, message: Message, organization: Organization) -> Message:
    """Transfer to the agency that should answer (转办): its channel of the same kind; the
    due date stays, the citizen waits no longer for the transfer."""
    require_role(actor, message.organization, *MESSAGE_ROLES)
    if message.state != MessageState.PENDING:
        raise Conflict("该留言已办结。")
    channel = MessageChannel.objects.filter(
        organization=organization, kind=message.channel.kind, active=True
    ).first()
    if channel is None:
        raise ValidationFailed("该机关没有同类留言栏目。", fields={"organization": "no_channel"})
    with transaction.atomic():
        before = message.organization.code
        message.channel = channel
        message.organization = organization
        message.save()
        audit.record(
            actor=actor,
            verb="participation.message_routed",
            target=message,
            organization_code=before,
            data={"from": before, "to": organization.code},
        )
    return message


def sensitive_word_add(*, actor: Any, word: str) -> SensitiveWord:
    require_admin(actor)
    word = (word or "").strip()
    if not word:
        raise ValidationFailed("请填写敏感词。", fields={"word": "required"})
    with transaction.atomic():
        row, _ = SensitiveWord.objects.get_or_create(word=word[:50])
        audit.record(actor=actor, verb="participation.sensitive_word_added", target=row)
    return row


def sensitive_word_remove(*, actor: Any, word: str) -> None:
    require_admin(actor)
    with transaction.atomic():
        deleted, _ = SensitiveWord.objects.filter(word=word).delete()
        if deleted:
            audit.record(actor=actor, verb="participation.sensitive_word_removed", data={"word": word})


# --- consultations -------------------------------------------------------------------------------


def min_period_days() -> dict[str, int]:
    return {**rules.MIN_PERIOD_DAYS, **getattr(settings, "ZWGK_CONSULTATION_MIN_DAYS", {})}


@dataclass(frozen=True)
class ConsultationData:
    title: str
    kind: str
    draft_text: str
    explanation: str
    opens_on: date
    closes_on: date
    short_period_reason: str = ""
    moderation: str = Moderation.BEFORE


def _check_consultation(data: ConsultationData) -> None:
    fields: dict[str, str] = {}
    _required(fields, title=data.title, draft_text=data.draft_text, explanation=data.explanation)
    if data.kind not in DraftKind.values:
        fields["kind"] = "invalid"
    if data.moderation not in Moderation.values:
        fields["moderation"] = "invalid"
    if data.closes_on <= data.opens_on:
        fields["closes_on"] = "before_open"
    elif rules.period_too_short(data.kind, data.opens_on, data.closes_on, min_period_days()) and not (
        data.short_period_reason.strip()
    ):
        days = min_period_days().get(data.kind, 30)
        raise ValidationFailed(
            f"征集期限少于{days}日的，须说明并公布理由。",
            fields={**fields, "short_period_reason": "required"},
        )
    if fields:
        raise ValidationFailed("草案未保存：请检查标出的项目。", fields=fields)


def consultation_create(*, actor: Any, organization: Organization, data: ConsultationData) -> Consultation:
    require_role(actor, organization, *CONSULTATION_ROLES)
    _check_consultation(data)
    with transaction.atomic():
        c = Consultation.objects.create(
            organization=organization,
            title=data.title.strip(),
            kind=data.kind,
            draft_text=data.draft_text.strip(),
            explanation=data.explanation.strip(),
            opens_on=data.opens_on,
            closes_on=data.closes_on,
            short_period_reason=data.short_period_reason.strip(),
            moderation=data.moderation,
        )
        audit.record(
            actor=actor,
            verb="participation.consultation_created",
            target=c,
            organization_code=organization.code,
            after=audit.snapshot(c, ["title", "kind", "opens_on", "closes_on", "moderation"]),
        )
    return c


def consultation_publish(
    *, actor: Any, consultation: Consultation, today: date | None = None
) -> Consultation:
    require_role(actor, consultation.organization, *CONSULTATION_ROLES)
    if consultation.state != ConsultationState.DRAFT:
        raise Conflict("该草案已发布。")
    today = today or timezone.localdate()
    assert consultation.opens_on is not None and consultation.closes_on is not None
    if consultation.opens_on < today:
        raise ValidationFailed("征集开始日期不能早于发布之日。", fields={"opens_on": "in_past"})
    with transaction.atomic():
        consultation.state = ConsultationState.OPEN
        consultation.save(update_fields=["state"])
        audit.record(
            actor=actor,
            verb="participation.consultation_published",
            target=consultation,
            organization_code=consultation.organization.code,
        )
    return consultation


def accepts_comments(consultation: Consultation, today: date) -> bool:
    return (
        consultation.state == ConsultationState.OPEN
        and consultation.opens_on is not None
        and consultation.closes_on is not None
        and consultation.opens_on <= today <= consultation.closes_on
    )


def comment_submit(
    *,
    consultation: Consultation,
    body: str,
    paragraph: int | None = None,
    name: str = "",
    phone: str = "",
    now: Any = None,
) -> Comment:
    now = now or timezone.now()
    if not accepts_comments(consultation, timezone.localdate(now)):
        raise Conflict("该草案不在意见征集期内。")
    fields: dict[str, str] = {}
    _required(fields, body=body)
    if len(body or "") > BODY_MAX:
        fields["body"] = "too_long"
    if paragraph is not None and not 1 <= paragraph <= len(consultation.paragraphs):
        fields["paragraph"] = "invalid"
    if fields:
        raise ValidationFailed("意见未提交：请检查标出的项目。", fields=fields)
    published = consultation.moderation == Moderation.AFTER
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=consultation,
            paragraph=paragraph,
            body=body.strip(),
            name=name.strip(),
            phone=phone.strip(),
            submitted_at=now,
            state=CommentState.PUBLISHED if published else CommentState.PENDING,
        )
        audit.record(
            actor=None,
            verb="participation.comment_submitted",
            target=comment,
            organization_code=consultation.organization.code,
            data={"paragraph": paragraph},
        )
    return comment


def comment_moderate(*, actor: Any, comment: Comment, publish: bool, reason: str = "") -> Comment:
    """Publish or withhold (before or after it showed, per the consultation's moderation);
    withholding needs a reason, which is recorded."""
    consultation = comment.consultation
    require_role(actor, consultation.organization, *CONSULTATION_ROLES)
    reason = (reason or "").strip()
    if not publish and not reason:
        raise ValidationFailed("不予发布须说明理由。", fields={"reason": "required"})
    with transaction.atomic():
        before = comment.state
        comment.state = CommentState.PUBLISHED if publish else CommentState.REJECTED
        comment.moderation_reason = reason[:300]
        comment.moderated_at = timezone.now()
        comment.save()
        audit.record(
            actor=actor,
            verb="participation.comment_moderated",
            target=comment,
            organization_code=consultation.organization.code,
            data={"from": before, "to": comment.state, "reason": comment.moderation_reason},
        )
    return comment


def comment_assess(
    *, actor: Any, comment: Comment, topic: str, adoption: str, reason: str = "", today: date | None = None
) -> Comment:
    consultation = comment.consultation
    require_role(actor, consultation.organization, *CONSULTATION_ROLES)
    today = today or timezone.localdate()
    if consultation.state != ConsultationState.OPEN or (
        consultation.closes_on is not None and today <= consultation.closes_on
    ):
        raise Conflict("意见征集结束后、反馈发布前方可处理意见。")
    if comment.state == CommentState.REJECTED:
        raise Conflict("不予发布的意见不列入反馈。")
    fields: dict[str, str] = {}
    if adoption not in Adoption.values:
        fields["adoption"] = "invalid"
    if adoption in (Adoption.PARTLY, Adoption.NOT_ADOPTED) and not (reason or "").strip():
        fields["reason"] = "required"
    _required(fields, topic=topic)
    if fields:
        raise ValidationFailed(
            "部分采纳或未采纳的须说明理由。" if "reason" in fields else "请检查标出的项目。", fields=fields
        )
    with transaction.atomic():
        comment.topic = topic.strip()[:100]
        comment.adoption = adoption
        comment.adoption_reason = (reason or "").strip()
        # A pending comment that reaches the report is published with it.
        if comment.state == CommentState.PENDING:
            comment.state = CommentState.PUBLISHED
        comment.save()
        audit.record(
            actor=actor,
            verb="participation.comment_assessed",
            target=comment,
            organization_code=consultation.organization.code,
            data={"topic": comment.topic, "adoption": adoption},
        )
    return comment


def consultation_report_publish(
    *,
    actor: Any,
    consultation: Consultation,
    final_document: Document,
    summary: str,
    today: date | None = None,
) -> Consultation:
    """The feedback report (意见采纳情况反馈), published with the final document and linked to it."""
    require_role(actor, consultation.organization, *CONSULTATION_ROLES)
    today = today or timezone.localdate()
    if consultation.state != ConsultationState.OPEN:
        raise Conflict("该草案未在征集或已发布反馈。")
    if consultation.closes_on is not None and today <= consultation.closes_on:
        raise Conflict("意见征集期结束后方可发布反馈。")
    unassessed = consultation.comments.exclude(state=CommentState.REJECTED).filter(adoption="").count()
    fields: dict[str, str] = {}
    if unassessed:
        fields["comments"] = "unassessed"
    if final_document.state != DocumentState.PUBLISHED:
        fields["final_document"] = "not_published"
    _required(fields, summary=summary)
    if fields:
        message = f"还有{unassessed}条意见未标注采纳情况。" if unassessed else "请检查标出的项目。"
        raise ValidationFailed(message, fields=fields)
    with transaction.atomic():
        consultation.final_document = final_document
        consultation.feedback_summary = summary.strip()
        consultation.reported_on = today
        consultation.state = ConsultationState.REPORTED
        consultation.save()
        audit.record(
            actor=actor,
            verb="participation.feedback_published",
            target=consultation,
            organization_code=consultation.organization.code,
            data={"final_document": final_document.pk, "reported_on": today.isoformat()},
        )
    return consultation
