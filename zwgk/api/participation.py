"""Public participation (API.md "Interfaces for systems outside": the message endpoints are
fixed there; the consultation endpoints follow its style): public reading, submission with the
proof of work, staff actions by token."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Header, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.pagination import paginate
from zwgk.catalog.models import Document
from zwgk.core import proof_of_work, ratelimit
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization
from zwgk.participation import public, selectors, services
from zwgk.participation.models import ChannelKind, Comment, Message

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


class TrackingCodeOut(Schema):
    tracking_code: str


@messages_public.post("", response={201: TrackingCodeOut}, summary="提交留言（公开）")
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


@messages_public.get("", summary="已答复并公开的留言（公开）")
def message_list(request: HttpRequest, filters: Query[PublicList]) -> dict[str, Any]:
    words = services.sensitive_words()
    return paginate(
        request,
        selectors.published_messages(filters.organization),
        page=filters.page,
        page_size=filters.page_size,
        serialize=lambda m: public.message_public_json(m, words),
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


class AnswerIn(Schema):
    answer: str
    publish: bool = False
    on: date | None = None


@messages_staff.post("/{message_id}/answer", summary="答复留言")
def staff_message_answer(request: HttpRequest, message_id: int, payload: AnswerIn) -> dict[str, Any]:
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
    qs = selectors.public_consultations()
    if filters.organization:
        qs = qs.filter(organization__code=filters.organization)
    today = timezone.localdate()
    return paginate(
        request,
        qs,
        page=filters.page,
        page_size=filters.page_size,
        serialize=lambda c: public.consultation_json(c, today=today),
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
