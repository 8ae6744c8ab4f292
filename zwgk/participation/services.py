"""One function per state change of public participation; each checks permission, validates,
writes in one transaction and records the audit entry (staff actions) — nothing half-saved."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
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
from zwgk.participation import rules, selectors
from zwgk.participation.models import (
    Adoption,
    ChannelKind,
    Comment,
    CommentState,
    Consultation,
    ConsultationState,
    DecisionStage,
    DraftKind,
    Interview,
    MajorDecision,
    Meeting,
    Message,
    MessageChannel,
    MessageState,
    Moderation,
    Question,
    QuestionState,
    Registration,
    RegistrationState,
    Selection,
    SensitiveWord,
    StageRecord,
)

logger = logging.getLogger(__name__)

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


def _too_long(fields: dict[str, str], model: Any, **values: str) -> None:
    """Over the column's length: refused with the field named, never a database error."""
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        if limit and len(value or "") > limit:
            fields[name] = "too_long"


def sensitive_words() -> list[str]:
    return list(SensitiveWord.objects.values_list("word", flat=True))


# --- channels ------------------------------------------------------------------------------------


# An agency's office head keeps its columns; supervisors those of the agencies they supervise.
CHANNEL_ROLES = (Role.OFFICE_HEAD, Role.SUPERVISOR)
CHANNEL_FIELDS = ["name", "reply_workdays", "site_id", "active"]


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
    """Create or change the agency's column of this kind; `site=None` detaches it from any
    monitored site (its messages then no longer count toward that site's interaction veto)."""
    require_role(actor, organization, *CHANNEL_ROLES)
    if kind not in ChannelKind.values:
        raise ValidationFailed("栏目类型不正确。", fields={"kind": "invalid"})
    if site is not None and site.organization_id != organization.pk:
        raise ValidationFailed("所属网站应为本机关的网站。", fields={"site": "other_agency"})
    workdays = reply_workdays if reply_workdays is not None else None
    if workdays is not None and not 1 <= workdays <= 60:
        raise ValidationFailed("答复时限应为1至60个工作日。", fields={"reply_workdays": "invalid"})
    with transaction.atomic():
        channel, created = MessageChannel.objects.get_or_create(
            organization=organization,
            kind=kind,
            defaults={"name": name or str(ChannelKind(kind).label), "site": site},
        )
        before = audit.snapshot(channel, CHANNEL_FIELDS)
        if name:
            channel.name = name[:100]
        if workdays is not None:
            channel.reply_workdays = workdays
        channel.site = site
        channel.active = active
        channel.save()
        audit.record(
            actor=actor,
            verb="participation.channel_saved",
            target=channel,
            organization_code=organization.code,
            before=None if created else before,
            after=audit.snapshot(channel, CHANNEL_FIELDS),
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
    _too_long(fields, Message, subject=data.subject, name=data.name, phone=data.phone, email=data.email)
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
    _too_long(fields, Consultation, title=data.title)
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
    _too_long(fields, Comment, name=name, phone=phone)
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


# --- meetings ------------------------------------------------------------------------------------

MEETING_ROLES = (Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR)


@dataclass(frozen=True)
class MeetingData:
    title: str
    topics: str
    starts_at: Any
    place: str
    seats: int
    registration_closes_at: Any
    selection: str


MAX_SEATS = 500  # the back-office form's bound, held for token callers too


def _check_meeting(data: MeetingData) -> None:
    fields: dict[str, str] = {}
    _required(fields, title=data.title, topics=data.topics, place=data.place)
    _too_long(fields, Meeting, title=data.title, place=data.place)
    if not 1 <= data.seats <= MAX_SEATS:
        fields["seats"] = "invalid"
    if data.selection not in Selection.values:
        fields["selection"] = "invalid"
    if data.registration_closes_at >= data.starts_at:
        fields["registration_closes_at"] = "after_start"
    if fields:
        raise ValidationFailed("会议未保存：请检查标出的项目。", fields=fields)


MEETING_FIELDS = ["title", "topics", "starts_at", "place", "seats", "registration_closes_at", "selection"]


def meeting_create(*, actor: Any, organization: Organization, data: MeetingData) -> Meeting:
    require_role(actor, organization, *MEETING_ROLES)
    _check_meeting(data)
    with transaction.atomic():
        meeting = Meeting.objects.create(organization=organization, **data.__dict__)
        audit.record(
            actor=actor,
            verb="participation.meeting_created",
            target=meeting,
            organization_code=organization.code,
        )
    return meeting


def meeting_update(*, actor: Any, meeting: Meeting, data: MeetingData) -> Meeting:
    """Correct a meeting's details. Once people registered, the way of selection stays, and the
    seats never drop below those already confirmed (nobody loses a confirmed seat)."""
    require_role(actor, meeting.organization, *MEETING_ROLES)
    _check_meeting(data)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        registrations = meeting.registrations.exclude(state=RegistrationState.WITHDRAWN)
        if data.selection != meeting.selection and registrations.exists():
            raise Conflict("已有人报名，不能改变确定方式。")
        if meeting.drawn_at is not None and data.seats != meeting.seats:
            raise Conflict("已经抽签，名额不能再改。")
        if data.seats < registrations.filter(state=RegistrationState.SELECTED).count():
            raise ValidationFailed("名额不能少于已确定列席的人数。", fields={"seats": "below_selected"})
        _save_audited(actor, meeting, MEETING_FIELDS, data.__dict__, "participation.meeting_updated")
    return meeting


def meeting_publish(*, actor: Any, meeting: Meeting, published: bool) -> Meeting:
    """Show the meeting on the portal, or take it down (a cancelled meeting)."""
    require_role(actor, meeting.organization, *MEETING_ROLES)
    with transaction.atomic():
        meeting.published = published
        meeting.save(update_fields=["published"])
        audit.record(
            actor=actor,
            verb="participation.meeting_published" if published else "participation.meeting_unpublished",
            target=meeting,
            organization_code=meeting.organization.code,
        )
    return meeting


def meeting_register(
    *, meeting: Meeting, name: str, phone: str, email: str = "", now: Any = None
) -> Registration:
    """Public registration. First come: the first `seats` are confirmed, later ones wait-listed;
    lottery: everyone is registered until the draw. One registration per phone number."""
    now = now or timezone.now()
    if now >= meeting.registration_closes_at or meeting.drawn_at is not None:
        raise Conflict("报名已截止。")
    fields: dict[str, str] = {}
    _required(fields, name=name, phone=phone)
    _too_long(fields, Registration, name=name, phone=phone, email=email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            fields["email"] = "invalid"
    if fields:
        raise ValidationFailed("报名未提交：请检查标出的项目。", fields=fields)
    with transaction.atomic():
        # Lock the meeting row: two registrations at once never both take the last seat.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if meeting.registrations.filter(phone=phone.strip()).exists():
            raise Conflict("该手机号已报名本次会议。")
        if meeting.selection == Selection.FIRST_COME:
            taken = meeting.registrations.filter(state=RegistrationState.SELECTED).count()
            state = RegistrationState.SELECTED if taken < meeting.seats else RegistrationState.WAITLISTED
        else:
            state = RegistrationState.REGISTERED
        registration = Registration.objects.create(
            meeting=meeting,
            code=tracking_codes.new_code(),
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            submitted_at=now,
            state=state,
        )
        audit.record(
            actor=None,
            verb="participation.meeting_registered",
            target=registration,
            organization_code=meeting.organization.code,
            data={"state": state},
        )
    notify_registration(registration)
    return registration


def notify_registration(registration: Registration, *, promoted: bool = False) -> None:
    """E-mail the registrant their state (after registering, after the draw, after a withdrawal
    and when promoted from the wait list)."""
    if not registration.email:
        return
    meeting = registration.meeting
    when = timezone.localtime(meeting.starts_at).strftime("%Y年%m月%d日 %H:%M")
    waiting = (
        "本次抽签未抽中，您已按公布的抽签顺序列入候补，如有名额空出将另行通知。"
        if meeting.drawn_at is not None
        else "列席名额已满，您已列入候补，如有名额空出将按报名先后递补并另行通知。"
    )
    text = {
        RegistrationState.SELECTED: f"您已确定列席。请于{when}携带身份证件到{meeting.place}参加会议。",
        RegistrationState.WAITLISTED: waiting,
        RegistrationState.REGISTERED: "报名已收到，报名截止后将公开抽签，结果另行通知。",
        RegistrationState.WITHDRAWN: "您的报名已撤回。",
    }[RegistrationState(registration.state)]
    if promoted:
        text = "有列席人员撤回报名，您已由候补递补。" + text
    try:
        send_mail(
            f"【公众列席】{meeting.title}（报名编号 {registration.code}）", text, None, [registration.email]
        )
    except Exception:
        logger.exception("registration notice %s not sent", registration.pk)


def meeting_draw(*, actor: Any, meeting: Meeting, seed: str, now: Any = None) -> list[Registration]:
    """Draw lots after registration closed, with a published seed; everyone is notified."""
    require_role(actor, meeting.organization, *MEETING_ROLES)
    now = now or timezone.now()
    if meeting.selection != Selection.LOTTERY:
        raise Conflict("本会议按报名先后确定列席人员，无需抽签。")
    if meeting.drawn_at is not None:
        raise Conflict("已经抽签。")
    if now < meeting.registration_closes_at:
        raise Conflict("报名截止后方可抽签。")
    seed = (seed or "").strip()
    if len(seed) < 6:
        raise ValidationFailed(
            "请填写至少6位的抽签种子（如当日某公开数据），抽签后公布。", fields={"seed": "required"}
        )
    with transaction.atomic():
        regs = list(meeting.registrations.select_for_update().exclude(state=RegistrationState.WITHDRAWN))
        won = set(rules.draw_lots(seed, [r.code for r in regs], meeting.seats))
        for r in regs:
            r.state = RegistrationState.SELECTED if r.code in won else RegistrationState.WAITLISTED
            r.save(update_fields=["state"])
        meeting.lottery_seed = seed
        meeting.drawn_at = now
        meeting.save(update_fields=["lottery_seed", "drawn_at"])
        audit.record(
            actor=actor,
            verb="participation.meeting_drawn",
            target=meeting,
            organization_code=meeting.organization.code,
            data={"seed": seed, "selected": sorted(won)},
        )
    for r in regs:
        notify_registration(r)
    return regs


def meeting_withdraw(
    *, meeting: Meeting, code: str, phone: str, now: Any = None
) -> tuple[Registration, Registration | None]:
    """A registrant withdraws with the code they received and the phone number they registered
    with (no login), until the meeting starts. The phone is asked too because lottery codes are
    published (anyone must be able to re-run the draw): a code alone would let anyone withdraw
    anyone (decision 0037).
    A seat given back goes to the next on the wait list, who is notified. Returns the withdrawn
    registration and the one promoted, if any."""
    now = now or timezone.now()
    if now >= meeting.starts_at:
        raise Conflict("会议已开始，不能撤回报名。")
    stored = tracking_codes.normalize(code)
    not_found = ValidationFailed(
        "报名编号与手机号不符，或该报名已撤回。", fields={"code": "not_found", "phone": "not_found"}
    )
    if stored is None:
        raise not_found
    with transaction.atomic():
        # Lock the meeting row: a withdrawal and a registration never both take the freed seat.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        registration = (
            meeting.registrations.select_for_update()
            .filter(code=stored, phone=(phone or "").strip())
            .exclude(state=RegistrationState.WITHDRAWN)
            .first()
        )
        if registration is None:
            # One answer for an unknown code, a wrong phone, another meeting's, a withdrawn one.
            raise not_found
        freed = registration.state == RegistrationState.SELECTED
        registration.state = RegistrationState.WITHDRAWN
        registration.withdrawn_at = now
        registration.attended = None
        registration.save(update_fields=["state", "withdrawn_at", "attended"])
        promoted = None
        if freed:
            queue = selectors.wait_list(meeting, list(meeting.registrations.all()))
            if queue:
                promoted = queue[0]
                promoted.state = RegistrationState.SELECTED
                promoted.save(update_fields=["state"])
        audit.record(
            actor=None,
            verb="participation.meeting_withdrawn",
            target=registration,
            organization_code=meeting.organization.code,
            data={"promoted": promoted.code if promoted else ""},
        )
    notify_registration(registration)
    if promoted is not None:
        notify_registration(promoted, promoted=True)
    return registration, promoted


def meeting_attendance(
    *, actor: Any, registration: Registration, attended: bool, statement: str = ""
) -> Registration:
    meeting = registration.meeting
    require_role(actor, meeting.organization, *MEETING_ROLES)
    if registration.state != RegistrationState.SELECTED:
        raise Conflict("只记录确定列席人员的出席情况。")
    with transaction.atomic():
        registration.attended = attended
        registration.statement = (statement or "").strip()
        registration.save(update_fields=["attended", "statement"])
        audit.record(
            actor=actor,
            verb="participation.meeting_attendance",
            target=registration,
            organization_code=meeting.organization.code,
            data={"attended": attended},
        )
    return registration


def meeting_minutes(*, actor: Any, meeting: Meeting, minutes: str) -> Meeting:
    require_role(actor, meeting.organization, *MEETING_ROLES)
    with transaction.atomic():
        meeting.minutes = (minutes or "").strip()
        meeting.save(update_fields=["minutes"])
        audit.record(
            actor=actor,
            verb="participation.meeting_minutes",
            target=meeting,
            organization_code=meeting.organization.code,
        )
    return meeting


# --- interviews ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewData:
    title: str
    guests: str
    starts_at: Any
    summary: str
    policy: Document | None = None
    interpretation: Document | None = None


def _check_interview(data: InterviewData) -> None:
    fields: dict[str, str] = {}
    _required(fields, title=data.title, guests=data.guests, summary=data.summary)
    _too_long(fields, Interview, title=data.title, guests=data.guests)
    for name in ("policy", "interpretation"):
        doc = getattr(data, name)
        if doc is not None and doc.state != DocumentState.PUBLISHED:
            fields[name] = "not_published"
    if fields:
        raise ValidationFailed("访谈未保存：请检查标出的项目。", fields=fields)


INTERVIEW_FIELDS = ["title", "guests", "starts_at", "summary", "policy", "interpretation"]


def interview_create(*, actor: Any, organization: Organization, data: InterviewData) -> Interview:
    require_role(actor, organization, *CONSULTATION_ROLES)
    _check_interview(data)
    with transaction.atomic():
        interview = Interview.objects.create(organization=organization, **data.__dict__)
        audit.record(
            actor=actor,
            verb="participation.interview_created",
            target=interview,
            organization_code=organization.code,
        )
    return interview


def interview_update(*, actor: Any, interview: Interview, data: InterviewData) -> Interview:
    """Correct an interview's announcement (time, guests, linked policy), until its transcript
    is published."""
    require_role(actor, interview.organization, *CONSULTATION_ROLES)
    _check_interview(data)
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.transcript_published_on is not None:
            raise Conflict("实录已发布，访谈信息不能再改。")
        _save_audited(actor, interview, INTERVIEW_FIELDS, data.__dict__, "participation.interview_updated")
    return interview


def interview_accepts_questions(interview: Interview, now: Any) -> bool:
    """Questions in advance and during the live session; none after it ended or once the
    transcript is published."""
    return interview.transcript_published_on is None and interview.live_ended_at is None


def interview_live(*, actor: Any, interview: Interview, live: bool, now: Any = None) -> Interview:
    """Staff switch the live session on (questions asked now are live ones, and answers appear
    on the public page as they are moderated) and off (questions close)."""
    require_role(actor, interview.organization, *CONSULTATION_ROLES)
    now = now or timezone.now()
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if live:
            if interview.live_started_at is not None:
                raise Conflict("直播已经开始过。" if interview.live_ended_at else "直播正在进行。")
            if interview.transcript_published_on is not None:
                raise Conflict("访谈实录已发布，不能再开始直播。")
            interview.live_started_at = now
        else:
            if not interview.is_live:
                raise Conflict("直播未在进行。")
            interview.live_ended_at = now
        interview.save(update_fields=["live_started_at", "live_ended_at"])
        audit.record(
            actor=actor,
            verb="participation.interview_live_started" if live else "participation.interview_live_ended",
            target=interview,
            organization_code=interview.organization.code,
        )
    return interview


def question_submit(*, interview: Interview, body: str, nickname: str = "", now: Any = None) -> Question:
    now = now or timezone.now()
    if not interview_accepts_questions(interview, now):
        raise Conflict("访谈已结束。")
    if not (body or "").strip():
        raise ValidationFailed("请填写问题。", fields={"body": "required"})
    if len(body) > 1000:
        raise ValidationFailed("问题请控制在1000字以内。", fields={"body": "too_long"})
    with transaction.atomic():
        q = Question.objects.create(
            interview=interview,
            body=body.strip(),
            nickname=(nickname or "").strip()[:50],
            submitted_at=now,
            live=interview.is_live,
        )
        audit.record(
            actor=None,
            verb="participation.question_submitted",
            target=q,
            organization_code=interview.organization.code,
        )
    return q


def question_moderate(
    *, actor: Any, question: Question, accept: bool, answer: str = "", reason: str = ""
) -> Question:
    interview = question.interview
    require_role(actor, interview.organization, *CONSULTATION_ROLES)
    if not accept and not (reason or "").strip():
        raise ValidationFailed("不采用须说明理由。", fields={"reason": "required"})
    with transaction.atomic():
        question.state = QuestionState.ACCEPTED if accept else QuestionState.REJECTED
        question.answer = (answer or "").strip() if accept else ""
        question.moderation_reason = (reason or "").strip()[:300]
        question.save(update_fields=["state", "answer", "moderation_reason"])
        audit.record(
            actor=actor,
            verb="participation.question_moderated",
            target=question,
            organization_code=interview.organization.code,
            data={"state": question.state},
        )
    return question


def interview_publish_transcript(
    *, actor: Any, interview: Interview, transcript: str, media_url: str = "", today: date | None = None
) -> Interview:
    require_role(actor, interview.organization, *CONSULTATION_ROLES)
    today = today or timezone.localdate()
    if timezone.localdate(interview.starts_at) > today:
        raise Conflict("访谈结束后方可发布实录。")
    if not (transcript or "").strip():
        raise ValidationFailed("请填写文字实录。", fields={"transcript": "required"})
    with transaction.atomic():
        interview.transcript = transcript.strip()
        interview.media_url = (media_url or "").strip()
        interview.transcript_published_on = today
        interview.save(update_fields=["transcript", "media_url", "transcript_published_on"])
        audit.record(
            actor=actor,
            verb="participation.transcript_published",
            target=interview,
            organization_code=interview.organization.code,
        )
    return interview


# --- major decisions -----------------------------------------------------------------------------


def decision_add(
    *, actor: Any, organization: Organization, year: int, title: str, responsible_unit: str, planned: str
) -> MajorDecision:
    require_role(actor, organization, Role.OFFICE_HEAD, Role.SUPERVISOR)
    fields: dict[str, str] = {}
    _check_year(fields, year)
    _required(fields, title=title, responsible_unit=responsible_unit, planned=planned)
    _too_long(fields, MajorDecision, title=title, responsible_unit=responsible_unit, planned=planned)
    if fields:
        raise ValidationFailed("请检查标出的项目。", fields=fields)
    with transaction.atomic():
        d = MajorDecision.objects.create(
            organization=organization,
            year=year,
            title=title.strip(),
            responsible_unit=responsible_unit.strip(),
            planned=planned.strip(),
        )
        audit.record(
            actor=actor, verb="participation.decision_listed", target=d, organization_code=organization.code
        )
    return d


DECISION_FIELDS = ["year", "title", "responsible_unit", "planned"]


def _check_year(fields: dict[str, str], year: int) -> None:
    # The back-office form's bounds (the list is kept from 2019, when 713号 took effect).
    if not 2019 <= year <= 2100:
        fields["year"] = "invalid"


def decision_update(
    *, actor: Any, decision: MajorDecision, year: int, title: str, responsible_unit: str, planned: str
) -> MajorDecision:
    """Correct an item of the annual list (the list is adjusted during the year, 713号 第十条)."""
    require_role(actor, decision.organization, Role.OFFICE_HEAD, Role.SUPERVISOR)
    fields: dict[str, str] = {}
    _check_year(fields, year)
    _required(fields, title=title, responsible_unit=responsible_unit, planned=planned)
    _too_long(fields, MajorDecision, title=title, responsible_unit=responsible_unit, planned=planned)
    if fields:
        raise ValidationFailed("请检查标出的项目。", fields=fields)
    with transaction.atomic():
        values = {
            "year": year,
            "title": title.strip(),
            "responsible_unit": responsible_unit.strip(),
            "planned": planned.strip(),
        }
        _save_audited(actor, decision, DECISION_FIELDS, values, "participation.decision_updated")
    return decision


def decision_stage_record(
    *,
    actor: Any,
    decision: MajorDecision,
    stage: str,
    on: date,
    note: str = "",
    document: Document | None = None,
    consultation: Consultation | None = None,
) -> StageRecord:
    """Record one stage of 国务院令第713号; required stages in order; a document must be a
    published catalogue item (linked, not copied)."""
    require_role(actor, decision.organization, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.EDITOR)
    if stage not in DecisionStage.values:
        raise ValidationFailed("未知的决策环节。", fields={"stage": "invalid"})
    done = list(decision.stages.values_list("stage", flat=True))
    if stage in done:
        raise Conflict("该环节已记录。")
    if not rules.stage_allowed(stage, done):
        raise ValidationFailed("请先记录此前的必经环节。", fields={"stage": "out_of_order"})
    if document is not None and document.state != DocumentState.PUBLISHED:
        raise ValidationFailed("关联文件须为已发布的文件。", fields={"document": "not_published"})
    if on > timezone.localdate():
        raise ValidationFailed("日期不能晚于今天。", fields={"on": "future"})
    with transaction.atomic():
        record = StageRecord.objects.create(
            decision=decision, stage=stage, on=on, note=(note or "").strip(), document=document
        )
        if consultation is not None and stage == DecisionStage.PUBLIC_PARTICIPATION:
            decision.consultation = consultation
            decision.save(update_fields=["consultation"])
        audit.record(
            actor=actor,
            verb="participation.decision_stage",
            target=decision,
            organization_code=decision.organization.code,
            data={"stage": stage, "on": on.isoformat(), "document": document.pk if document else None},
        )
    return record


def _save_audited(actor: Any, row: Any, fields: list[str], values: dict[str, Any], verb: str) -> None:
    """Set `values`, save only `fields` and record them before and after (in the caller's
    transaction): the one shape of every staff correction here."""
    before = audit.snapshot(row, fields)
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=fields)
    audit.record(
        actor=actor,
        verb=verb,
        target=row,
        organization_code=row.organization.code,
        before=before,
        after=audit.snapshot(row, fields),
    )
