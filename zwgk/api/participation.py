"""Public participation (API.md "Interfaces for systems outside": the message endpoints are
fixed there; the consultation endpoints follow its style): public reading, submission with the
proof of work, staff actions by token."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Header, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.catalog import CreatedOut
from zwgk.api.pagination import paginate
from zwgk.catalog.models import Document
from zwgk.core import proof_of_work, ratelimit
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization
from zwgk.participation import public, rules, selectors, services
from zwgk.participation.models import (
    ChannelKind,
    Comment,
    Interview,
    MajorDecision,
    Meeting,
    Message,
    Question,
    Registration,
)

messages_public = Router(tags=["政民互动"])
messages_staff = Router(tags=["政民互动"], auth=token_auth)
consultations_public = Router(tags=["意见征集"])
consultations_staff = Router(tags=["意见征集"], auth=token_auth)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- messages ------------------------------------------------------------------------------------


class MessageIn(Schema):
    organization: str
    subject: str
    body: str
    name: str
    phone: str
    email: str = ""
    publish_allowed: bool = False
    kind: str = ChannelKind.CONSULTATION  # an addition to API.md: the column, 政务咨询 by default


class MessageTrackingCodeOut(Schema):
    tracking_code: str


@messages_public.post("", response={201: MessageTrackingCodeOut}, summary="提交留言（公开）")
def message_submit(
    request: HttpRequest, payload: MessageIn, x_altcha: str | None = Header(None, alias=proof_of_work.HEADER)
) -> Status[dict[str, str]]:
    """Carries the solved challenge of `GET /api/v1/challenge` in the `X-Altcha` header."""
    ratelimit.hit(request, "public_form")
    proof_of_work.challenge_check(x_altcha)
    if payload.kind not in ChannelKind.values:
        raise ValidationFailed("留言类型不正确。", fields={"kind": "、".join(ChannelKind.values)})
    message = services.message_submit(
        organization=Organization.objects.filter(code=payload.organization).first(),
        data=services.MessageData(
            subject=payload.subject,
            body=payload.body,
            name=payload.name,
            phone=payload.phone,
            email=payload.email,
            publish_allowed=payload.publish_allowed,
            kind=payload.kind,
        ),
    )
    return Status(201, {"tracking_code": message.tracking_code})


@messages_public.get("/track/{code}", summary="凭查询码查询留言办理情况（公开）")
def message_track(request: HttpRequest, code: str) -> dict[str, Any]:
    return public.message_track_json(public.message_lookup(request, code))


class PublicList(Schema):
    organization: str = ""
    page: int | None = None
    page_size: int | None = None


def _page_of(request: HttpRequest, qs: Any, filters: Any, serialize: Any) -> dict[str, Any]:
    """A public list: narrowed to `?organization=CODE` when given, then one page of it."""
    if filters.organization:
        qs = qs.filter(organization__code=filters.organization)
    return paginate(request, qs, page=filters.page, page_size=filters.page_size, serialize=serialize)


@messages_public.get("", summary="已答复并公开的留言（公开）")
def message_list(request: HttpRequest, filters: Query[PublicList]) -> dict[str, Any]:
    words = services.sensitive_words()
    return _page_of(
        request, selectors.published_messages(), filters, lambda m: public.message_public_json(m, words)
    )


class StaffMessageList(Schema):
    queue: str = "all"
    page: int | None = None
    page_size: int | None = None


def staff_message_json(m: Message) -> dict[str, Any]:
    # Token callers see what the back office shows the agency: the sender's contact details
    # are for the reply; the list is already limited to the caller's agencies.
    return {
        "id": m.pk,
        "tracking_code": m.tracking_code,
        "organization": m.organization.code,
        "kind": m.channel.kind,
        "subject": m.subject,
        "body": m.body,
        "name": m.name,
        "phone": m.phone,
        "email": m.email,
        "publish_allowed": m.publish_allowed,
        "state": m.state,
        "received_on": _iso(m.received_on),
        "due_on": _iso(m.due_on),
        "answered_on": _iso(m.answered_on),
        "answer": m.answer,
        "published": m.published,
        "screening_hits": m.screening_hits,
    }


@messages_staff.get("", summary="留言列表（本机关及所监督机关）")
def staff_messages(request: HttpRequest, filters: Query[StaffMessageList]) -> dict[str, Any]:
    if filters.queue not in {"all", "pending", "overdue", "answered"}:
        raise ValidationFailed("未知的队列。", fields={"queue": "all、pending、overdue、answered"})
    qs = selectors.message_queue(request.auth, filters.queue, today=timezone.localdate())
    return paginate(request, qs, page=filters.page, page_size=filters.page_size, serialize=staff_message_json)


def _message(request: HttpRequest, pk: int) -> Message:
    message = selectors.messages_for(request.auth).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


class MessageAnswerIn(Schema):
    answer: str
    publish: bool = False
    on: date | None = None


@messages_staff.post("/{message_id}/answer", summary="答复留言")
def staff_message_answer(request: HttpRequest, message_id: int, payload: MessageAnswerIn) -> dict[str, Any]:
    message = services.message_answer(
        actor=request.auth,
        message=_message(request, message_id),
        answer=payload.answer,
        publish=payload.publish,
        on=payload.on,
    )
    return staff_message_json(message)


class InvalidIn(Schema):
    reason: str


@messages_staff.post("/{message_id}/invalid", summary="认定为无效留言")
def staff_message_invalid(request: HttpRequest, message_id: int, payload: InvalidIn) -> dict[str, Any]:
    message = services.message_mark_invalid(
        actor=request.auth, message=_message(request, message_id), reason=payload.reason
    )
    return staff_message_json(message)


@messages_staff.get("/statistics", summary="留言答复用时统计（工作日）")
def staff_message_statistics(request: HttpRequest) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "organization": org.code,
            "received": s.received,
            "answered": s.answered,
            "pending": s.pending,
            "overdue": s.overdue,
            "on_time": s.on_time,
            "on_time_rate": s.on_time_rate,
            "average_workdays": s.average_workdays,
        }
        for org, s in selectors.stats_by_organization(request.auth, today=today)
    ]


# --- consultations -------------------------------------------------------------------------------


@consultations_public.get("", summary="意见征集列表（公开）")
def consultation_list(request: HttpRequest, filters: Query[PublicList]) -> dict[str, Any]:
    today = timezone.localdate()
    return _page_of(
        request, selectors.public_consultations(), filters, lambda c: public.consultation_json(c, today=today)
    )


@consultations_public.get("/{consultation_id}", summary="草案、意见与采纳情况反馈（公开）")
def consultation_detail(request: HttpRequest, consultation_id: int) -> dict[str, Any]:
    c = get_object_or_404(selectors.public_consultations(), pk=consultation_id)
    return public.consultation_json(c, today=timezone.localdate(), detail=True)


class CommentIn(Schema):
    body: str
    paragraph: int | None = None  # omitted: on the whole draft
    name: str = ""
    phone: str = ""


class CommentOut(Schema):
    id: int
    state: str


@consultations_public.post(
    "/{consultation_id}/comments", response={201: CommentOut}, summary="提交意见（公开）"
)
def comment_submit(
    request: HttpRequest,
    consultation_id: int,
    payload: CommentIn,
    x_altcha: str | None = Header(None, alias=proof_of_work.HEADER),
) -> Status[dict[str, Any]]:
    ratelimit.hit(request, "public_form")
    proof_of_work.challenge_check(x_altcha)
    c = get_object_or_404(selectors.public_consultations(), pk=consultation_id)
    comment = services.comment_submit(
        consultation=c, body=payload.body, paragraph=payload.paragraph, name=payload.name, phone=payload.phone
    )
    return Status(201, {"id": comment.pk, "state": comment.state})


class ConsultationIn(Schema):
    organization: str
    title: str
    kind: str
    draft_text: str
    explanation: str
    opens_on: date
    closes_on: date
    short_period_reason: str = ""
    moderation: str = "before"


@consultations_staff.post("", response={201: CommentOut}, summary="新建征求意见草案")
def staff_consultation_create(request: HttpRequest, payload: ConsultationIn) -> Status[dict[str, Any]]:
    org = get_object_or_404(Organization, code=payload.organization)
    data = payload.dict()
    data.pop("organization")
    c = services.consultation_create(
        actor=request.auth, organization=org, data=services.ConsultationData(**data)
    )
    return Status(201, {"id": c.pk, "state": c.state})


def _consultation(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.consultations_for(request.auth), pk=pk)


@consultations_staff.post("/{consultation_id}/publish", summary="发布草案，开始征集")
def staff_consultation_publish(request: HttpRequest, consultation_id: int) -> dict[str, Any]:
    c = services.consultation_publish(
        actor=request.auth, consultation=_consultation(request, consultation_id)
    )
    return {"id": c.pk, "state": c.state}


def _comment(request: HttpRequest, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("consultation__organization").filter(
            consultation__in=selectors.consultations_for(request.auth)
        ),
        pk=pk,
    )


class ModerateIn(Schema):
    publish: bool
    reason: str = ""


@consultations_staff.post("/comments/{comment_id}/moderate", summary="审核意见")
def staff_comment_moderate(request: HttpRequest, comment_id: int, payload: ModerateIn) -> dict[str, Any]:
    c = services.comment_moderate(
        actor=request.auth,
        comment=_comment(request, comment_id),
        publish=payload.publish,
        reason=payload.reason,
    )
    return {"id": c.pk, "state": c.state}


class AssessIn(Schema):
    topic: str
    adoption: str
    reason: str = ""


@consultations_staff.post("/comments/{comment_id}/assess", summary="标注意见采纳情况")
def staff_comment_assess(request: HttpRequest, comment_id: int, payload: AssessIn) -> dict[str, Any]:
    c = services.comment_assess(
        actor=request.auth,
        comment=_comment(request, comment_id),
        topic=payload.topic,
        adoption=payload.adoption,
        reason=payload.reason,
    )
    return {"id": c.pk, "state": c.state, "adoption": c.adoption}


class ReportIn(Schema):
    final_document: int
    summary: str


@consultations_staff.post("/{consultation_id}/report", summary="发布意见采纳情况反馈")
def staff_consultation_report(
    request: HttpRequest, consultation_id: int, payload: ReportIn
) -> dict[str, Any]:
    c = _consultation(request, consultation_id)
    document = Document.objects.filter(pk=payload.final_document).first()
    if document is None:
        raise ValidationFailed("正式文件不存在。", fields={"final_document": "not_found"})
    c = services.consultation_report_publish(
        actor=request.auth, consultation=c, final_document=document, summary=payload.summary
    )
    return public.consultation_json(c, today=timezone.localdate(), detail=True)


# --- meetings, interviews, major decisions --------------------------------------------------------

meetings_public = Router(tags=["公众列席"])
meetings_staff = Router(tags=["公众列席"], auth=token_auth)
interviews_public = Router(tags=["在线访谈"])
interviews_staff = Router(tags=["在线访谈"], auth=token_auth)
decisions_public = Router(tags=["重大行政决策"])
decisions_staff = Router(tags=["重大行政决策"], auth=token_auth)


@meetings_public.get("", summary="公众列席的会议（公开）")
def meeting_list(request: HttpRequest, filters: Query[PublicList]) -> dict[str, Any]:
    now = timezone.now()
    return _page_of(request, selectors.public_meetings(), filters, lambda m: public.meeting_json(m, now=now))


@meetings_public.get("/{meeting_id}", summary="会议、报名情况与抽签结果（公开）")
def meeting_detail(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    m = get_object_or_404(selectors.public_meetings(), pk=meeting_id)
    return public.meeting_json(m, now=timezone.now(), detail=True)


class MeetingRegistrationIn(Schema):
    name: str
    phone: str
    email: str = ""


class RegistrationOut(Schema):
    code: str
    state: str


@meetings_public.post(
    "/{meeting_id}/registrations", response={201: RegistrationOut}, summary="报名列席（公开）"
)
def meeting_register(
    request: HttpRequest,
    meeting_id: int,
    payload: MeetingRegistrationIn,
    x_altcha: str | None = Header(None, alias=proof_of_work.HEADER),
) -> Status[dict[str, Any]]:
    ratelimit.hit(request, "public_form")
    proof_of_work.challenge_check(x_altcha)
    m = get_object_or_404(selectors.public_meetings(), pk=meeting_id)
    r = services.meeting_register(meeting=m, name=payload.name, phone=payload.phone, email=payload.email)
    return Status(201, {"code": r.code, "state": r.state})


class MeetingWithdrawalIn(Schema):
    code: str
    phone: str


class MeetingWithdrawalOut(Schema):
    code: str
    state: str
    promoted: bool  # a seat was given back and the next on the wait list took it


@meetings_public.post(
    "/{meeting_id}/withdrawal", response=MeetingWithdrawalOut, summary="凭报名编号和手机号撤回报名（公开）"
)
def meeting_withdraw(
    request: HttpRequest,
    meeting_id: int,
    payload: MeetingWithdrawalIn,
    x_altcha: str | None = Header(None, alias=proof_of_work.HEADER),
) -> dict[str, Any]:
    ratelimit.hit(request, "public_form")
    proof_of_work.challenge_check(x_altcha)
    m = get_object_or_404(selectors.public_meetings(), pk=meeting_id)
    r, promoted = services.meeting_withdraw(meeting=m, code=payload.code, phone=payload.phone)
    return {"code": r.code, "state": r.state, "promoted": promoted is not None}


class MeetingUpdateIn(Schema):
    title: str
    topics: str
    starts_at: datetime
    place: str
    seats: int
    registration_closes_at: datetime
    selection: str  # first_come | lottery


class MeetingIn(MeetingUpdateIn):
    organization: str


class MeetingStaffOut(Schema):
    id: int
    organization: str
    title: str
    published: bool
    registration_open: bool


def _staff_meeting_json(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organization": m.organization.code,
        "title": m.title,
        "published": m.published,
        "registration_open": timezone.now() < m.registration_closes_at and m.drawn_at is None,
    }


def _meeting_data(payload: MeetingUpdateIn) -> services.MeetingData:
    return services.MeetingData(**payload.dict(exclude={"organization"}))


def _staff_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(selectors.meetings_for(request.auth), pk=pk)


@meetings_staff.post("", response={201: MeetingStaffOut}, summary="发布公众列席会议")
def staff_meeting_create(request: HttpRequest, payload: MeetingIn) -> Status[dict[str, Any]]:
    org = get_object_or_404(Organization, code=payload.organization)
    m = services.meeting_create(actor=request.auth, organization=org, data=_meeting_data(payload))
    return Status(201, _staff_meeting_json(m))


@meetings_staff.put("/{meeting_id}", response=MeetingStaffOut, summary="修改会议信息")
def staff_meeting_update(request: HttpRequest, meeting_id: int, payload: MeetingUpdateIn) -> dict[str, Any]:
    m = services.meeting_update(
        actor=request.auth, meeting=_staff_meeting(request, meeting_id), data=_meeting_data(payload)
    )
    return _staff_meeting_json(m)


class MeetingPublishIn(Schema):
    published: bool  # false: taken down from the portal (a cancelled meeting)


@meetings_staff.post("/{meeting_id}/publish", response=MeetingStaffOut, summary="公开或撤下会议")
def staff_meeting_publish(request: HttpRequest, meeting_id: int, payload: MeetingPublishIn) -> dict[str, Any]:
    m = services.meeting_publish(
        actor=request.auth, meeting=_staff_meeting(request, meeting_id), published=payload.published
    )
    return _staff_meeting_json(m)


class DrawIn(Schema):
    seed: str


@meetings_staff.post("/{meeting_id}/draw", summary="公开抽签")
def staff_meeting_draw(request: HttpRequest, meeting_id: int, payload: DrawIn) -> dict[str, Any]:
    m = _staff_meeting(request, meeting_id)
    services.meeting_draw(actor=request.auth, meeting=m, seed=payload.seed)
    return public.meeting_json(m, now=timezone.now(), detail=True)


class AttendanceIn(Schema):
    attended: bool
    statement: str = ""


@meetings_staff.post("/registrations/{registration_id}/attendance", summary="记录出席和发言")
def staff_meeting_attendance(
    request: HttpRequest, registration_id: int, payload: AttendanceIn
) -> dict[str, Any]:
    r = get_object_or_404(
        Registration.objects.select_related("meeting__organization").filter(
            meeting__in=selectors.meetings_for(request.auth)
        ),
        pk=registration_id,
    )
    r = services.meeting_attendance(
        actor=request.auth, registration=r, attended=payload.attended, statement=payload.statement
    )
    return {"id": r.pk, "attended": r.attended}


@interviews_public.get("", summary="在线访谈（公开）")
def interview_list(request: HttpRequest, filters: Query[PublicList]) -> dict[str, Any]:
    return _page_of(request, selectors.public_interviews(), filters, public.interview_json)


@interviews_public.get("/{interview_id}", summary="访谈、问答与文字实录（公开）")
def interview_detail(request: HttpRequest, interview_id: int) -> dict[str, Any]:
    return public.interview_json(
        get_object_or_404(selectors.public_interviews(), pk=interview_id), detail=True
    )


class QuestionIn(Schema):
    body: str
    nickname: str = ""


@interviews_public.post("/{interview_id}/questions", response={201: CommentOut}, summary="向嘉宾提问（公开）")
def interview_ask(
    request: HttpRequest,
    interview_id: int,
    payload: QuestionIn,
    x_altcha: str | None = Header(None, alias=proof_of_work.HEADER),
) -> Status[dict[str, Any]]:
    ratelimit.hit(request, "public_form")
    proof_of_work.challenge_check(x_altcha)
    i = get_object_or_404(selectors.public_interviews(), pk=interview_id)
    q = services.question_submit(interview=i, body=payload.body, nickname=payload.nickname)
    return Status(201, {"id": q.pk, "state": q.state})


class InterviewUpdateIn(Schema):
    title: str
    guests: str
    starts_at: datetime
    summary: str
    policy: int | None = None  # a published catalogue document's id
    interpretation: int | None = None


class InterviewIn(InterviewUpdateIn):
    organization: str


def _published_document(pk: int | None, field: str) -> Document | None:
    if pk is None:
        return None
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise ValidationFailed("文件不存在。", fields={field: "not_found"})
    return document


def _interview_data(payload: InterviewUpdateIn) -> services.InterviewData:
    return services.InterviewData(
        title=payload.title,
        guests=payload.guests,
        starts_at=payload.starts_at,
        summary=payload.summary,
        policy=_published_document(payload.policy, "policy"),
        interpretation=_published_document(payload.interpretation, "interpretation"),
    )


def _staff_interview(request: HttpRequest, pk: int) -> Interview:
    return get_object_or_404(selectors.interviews_for(request.auth), pk=pk)


@interviews_staff.post("", response={201: CreatedOut}, summary="发布在线访谈预告")
def staff_interview_create(request: HttpRequest, payload: InterviewIn) -> Status[dict[str, Any]]:
    org = get_object_or_404(Organization, code=payload.organization)
    i = services.interview_create(actor=request.auth, organization=org, data=_interview_data(payload))
    return Status(201, {"id": i.pk, "state": _interview_state(i)})


@interviews_staff.put("/{interview_id}", summary="修改在线访谈预告")
def staff_interview_update(
    request: HttpRequest, interview_id: int, payload: InterviewUpdateIn
) -> dict[str, Any]:
    i = services.interview_update(
        actor=request.auth, interview=_staff_interview(request, interview_id), data=_interview_data(payload)
    )
    return public.interview_json(i, detail=True)


def _interview_state(i: Interview) -> str:
    if i.transcript_published_on is not None:
        return "transcript_published"
    if i.is_live:
        return "live"
    return "live_ended" if i.live_ended_at else "announced"


class InterviewLiveIn(Schema):
    live: bool  # true: start the live session; false: end it (questions close)


@interviews_staff.post("/{interview_id}/live", response=CreatedOut, summary="开始或结束直播")
def staff_interview_live(request: HttpRequest, interview_id: int, payload: InterviewLiveIn) -> dict[str, Any]:
    i = services.interview_live(
        actor=request.auth, interview=_staff_interview(request, interview_id), live=payload.live
    )
    return {"id": i.pk, "state": _interview_state(i)}


class QuestionModerateIn(Schema):
    accept: bool
    answer: str = ""
    reason: str = ""


@interviews_staff.post("/questions/{question_id}/moderate", summary="审核问题并录入回答")
def staff_question_moderate(
    request: HttpRequest, question_id: int, payload: QuestionModerateIn
) -> dict[str, Any]:
    q = get_object_or_404(
        Question.objects.select_related("interview__organization").filter(
            interview__in=selectors.interviews_for(request.auth)
        ),
        pk=question_id,
    )
    q = services.question_moderate(
        actor=request.auth, question=q, accept=payload.accept, answer=payload.answer, reason=payload.reason
    )
    return {"id": q.pk, "state": q.state}


class TranscriptIn(Schema):
    transcript: str
    media_url: str = ""


@interviews_staff.post("/{interview_id}/transcript", summary="发布文字实录")
def staff_interview_transcript(
    request: HttpRequest, interview_id: int, payload: TranscriptIn
) -> dict[str, Any]:
    i = services.interview_publish_transcript(
        actor=request.auth,
        interview=_staff_interview(request, interview_id),
        transcript=payload.transcript,
        media_url=payload.media_url,
    )
    return public.interview_json(i, detail=True)


class DecisionFilters(Schema):
    organization: str = ""
    year: int | None = None
    page: int | None = None
    page_size: int | None = None


@decisions_public.get("", summary="重大行政决策事项目录及各环节（公开）")
def decision_list(request: HttpRequest, filters: Query[DecisionFilters]) -> dict[str, Any]:
    qs = selectors.public_decisions()
    if filters.year:
        qs = qs.filter(year=filters.year)
    return _page_of(request, qs, filters, public.decision_json)


class MajorDecisionUpdateIn(Schema):
    year: int
    title: str
    responsible_unit: str
    planned: str  # e.g. "2026年第四季度"


class MajorDecisionIn(MajorDecisionUpdateIn):
    organization: str


@decisions_staff.post("", response={201: CreatedOut}, summary="列入重大行政决策事项目录")
def staff_decision_create(request: HttpRequest, payload: MajorDecisionIn) -> Status[dict[str, Any]]:
    org = get_object_or_404(Organization, code=payload.organization)
    d = services.decision_add(actor=request.auth, organization=org, **payload.dict(exclude={"organization"}))
    return Status(201, {"id": d.pk, "state": _decision_state(d)})


def _decision_state(d: MajorDecision) -> str:
    """The last stage recorded ("listed" before any)."""
    done = set(d.stages.values_list("stage", flat=True))
    return next((s for s in reversed(rules.STAGE_ORDER) if s in done), "listed")


@decisions_staff.put("/{decision_id}", summary="修改重大行政决策事项")
def staff_decision_update(
    request: HttpRequest, decision_id: int, payload: MajorDecisionUpdateIn
) -> dict[str, Any]:
    d = get_object_or_404(selectors.decisions_for(request.auth), pk=decision_id)
    d = services.decision_update(actor=request.auth, decision=d, **payload.dict())
    return public.decision_json(d)


class StageIn(Schema):
    stage: str
    on: date
    note: str = ""
    document: int | None = None


@decisions_staff.post("/{decision_id}/stages", summary="记录决策环节")
def staff_decision_stage(request: HttpRequest, decision_id: int, payload: StageIn) -> dict[str, Any]:
    d = get_object_or_404(selectors.decisions_for(request.auth), pk=decision_id)
    document = None
    if payload.document is not None:
        document = Document.objects.filter(pk=payload.document).first()
        if document is None:
            raise ValidationFailed("关联文件不存在。", fields={"document": "not_found"})
    services.decision_stage_record(
        actor=request.auth,
        decision=d,
        stage=payload.stage,
        on=payload.on,
        note=payload.note,
        document=document,
    )
    return public.decision_json(d)
