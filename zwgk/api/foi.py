"""Applications for disclosure (API.md "Applications"): public submit and tracking, staff cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.foi_schemas import CaseOut, CaseWithConsultationOut
from zwgk.api.pagination import paginate
from zwgk.casework.downloads import FORMATS, letter_file_response
from zwgk.casework.letters import access_case_letter, letters_json
from zwgk.casework.replies import reply_awaiting_signoff, reply_record, tracking_public
from zwgk.core import proof_of_work, ratelimit
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import ValidationFailed
from zwgk.foi import masking, selectors, services, tracking
from zwgk.foi.domain.states import STATE_LABELS, EventType, State
from zwgk.foi.models import Application
from zwgk.organizations.models import Organization

public = Router(tags=["依申请公开"])
staff = Router(tags=["依申请公开"], auth=token_auth)


# --- input -------------------------------------------------------------------------------------


class ApplicantIn(Schema):
    type: str
    name: str
    id_type: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""


class ApplicationIn(Schema):
    organization: str
    applicant: ApplicantIn
    description: str = ""
    title: str = ""
    doc_no: str = ""
    purpose: str = ""
    form: str = "any"
    delivery: str = "email"


class EventIn(Schema):
    type: str
    on: date | None = None
    note: str = ""
    period_workdays: int | None = None
    workdays: int | None = None
    reason: str = ""
    party: str = ""
    kind: str = ""
    consultation_id: int | None = None
    basis: str = ""
    quantity: int | None = None
    outcome: str = ""
    result: str = ""
    after_reconsideration: bool | None = None
    # RULES §2.7 items 7–9 (API.md: `delivered`, `deadline_set`): how a notice was sent or
    # arrived, which notice, returned undelivered, a third party's objection, the Art. 35 date.
    channel: str = ""
    notice: str = ""
    returned: bool | None = None
    objected: bool | None = None
    due_on: date | None = None
    procedure: str = ""


class RegistrationIn(ApplicationIn):
    channel: str
    received_on: date
    note: str = ""
    # Importing a past case: its later events in order (each checked as if appended on its day).
    events: list[EventIn] = []


class HandlerIn(Schema):
    handler: str | None  # a username; null unassigns


class TrackingCodeOut(Schema):
    tracking_code: str


def _organization(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()


def _inputs(payload: ApplicationIn) -> tuple[services.ApplicantData, services.RequestData]:
    a = payload.applicant
    applicant = services.ApplicantData(
        type=a.type,
        name=a.name,
        id_type=a.id_type,
        id_number=a.id_number,
        phone=a.phone,
        email=a.email,
        address=a.address,
        postcode=a.postcode,
        contact_person=a.contact_person,
    )
    request = services.RequestData(
        description=payload.description,
        title=payload.title,
        doc_no=payload.doc_no,
        purpose=payload.purpose,
        info_form=payload.form,
        delivery=payload.delivery,
    )
    return applicant, request


def _new_event(payload: EventIn, today: date) -> services.NewEvent:
    fields = payload.dict()
    fields["on"] = fields["on"] or today
    return services.NewEvent(**fields)


# --- output ------------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def case_json(view: selectors.CaseView) -> dict[str, Any]:
    a = view.application
    reading = view.reading
    personal = view.personal_data
    applicant = {
        "type": a.applicant_type,
        "name": a.applicant_name if personal else masking.mask_name(a.applicant_name),
        "contact_person": a.contact_person if personal else masking.mask_name(a.contact_person),
        "id_type": a.id_type,
        "id_number": a.id_number if personal else masking.mask_id_number(a.id_number),
        "phone": a.phone if personal else masking.mask_phone(a.phone),
        "email": a.email if personal else masking.mask_email(a.email),
        "address": a.address if personal else masking.mask_address(a.address),
        "postcode": a.postcode if personal else "",
        "masked": not personal,
    }
    return {
        "id": a.pk,
        "tracking_code": a.tracking_code,
        "organization": a.organization.code,
        "channel": a.channel,
        "state": a.state,
        "state_label": STATE_LABELS[State(a.state)],
        "submitted_on": _iso(timezone.localdate(a.submitted_at) if a.submitted_at else None),
        "received_on": _iso(a.received_on),
        "due_on": _iso(reading.due_on if reading else None),
        "due_provisional": bool(reading and reading.due_provisional),
        "workdays_left": reading.workdays_left if reading and not reading.closed else None,
        "paused": bool(reading and reading.paused),
        "correction_notice_due_on": _iso(reading.correction_notice_due_on if reading else None),
        "correction_period_ends_on": _iso(reading.correction_period_ends_on if reading else None),
        "outcome": a.outcome or None,
        "outcome_label": view.outcome_label or None,
        "closed_on": _iso(a.closed_on),
        "handler": a.handler.get_username() if a.handler else None,
        "imported": a.imported,
        "applicant": applicant,
        "request": {
            "title": a.title,
            "doc_no": a.doc_no,
            "description": a.description,
            "purpose": a.purpose,
            "form": a.info_form,
            "delivery": a.delivery,
        },
        "consultations": [
            {
                "id": c.id,
                "party": c.party,
                "kind": c.kind,
                "started_on": _iso(c.started_on),
                "ended_on": _iso(c.ended_on),
                "answer_due_on": _iso(c.answer_due_on),
            }
            for c in view.consultations
        ],
        "fee": (
            {
                "basis": view.fee.basis,
                "quantity": view.fee.quantity,
                "amount_yuan": view.fee.amount_yuan,
                "already_counted": view.fee.already_counted,
                "sent_on": _iso(view.fee.sent_on),
                "paid_on": _iso(view.fee.paid_on),
                "due_on": _iso(view.fee.due_on),
            }
            if view.fee
            else None
        ),
        # RULES §2.7 items 7–8: each notice's delivery and the applicant's period counted from it.
        "notices": [
            {
                "notice": n.notice.value,
                "sent_on": _iso(n.sent_on),
                "sent_by": n.sent_by,
                "delivered_on": _iso(n.delivered_on),
                "returned_on": _iso(n.returned_on),
                "delivery": n.delivery.value,
                "period_ends_on": _iso(n.period_ends_on),
            }
            for n in view.notices
        ],
        "deadline_set": bool(reading and reading.deadline_set),
        "rereplies": [{"on": _iso(r.on), "outcome": r.outcome} for r in view.progress.rereplies],
        "appeals": [
            {
                "kind": ap.kind.value,
                "filed_on": _iso(ap.filed_on),
                "decided_on": _iso(ap.decided_on),
                "result": ap.result.value if ap.result else "pending",
                "against": ap.against,
                "accepted_on": _iso(ap.accepted_on),
                "procedure": ap.procedure.value if ap.procedure else None,
                "extended_on": _iso(ap.extended_on),
            }
            for ap in view.progress.appeals
        ],
        "events": [
            {
                "seq": e.seq,
                "type": e.type,
                "label": e.label,
                "on": _iso(e.on),
                "payload": e.payload,
                "note": e.note,
                "actor": e.actor_name,
                "created_at": timezone.localtime(e.created_at).isoformat(),
                "attachments": [
                    {"id": f.pk, "name": f.original_name, "size": f.size} for f in e.attachments.all()
                ],
            }
            for e in view.events
        ],
        "available_events": [t.value for t in view.actions],
        "letters": letters_json(view.application, full=view.personal_data),
        "reply_awaiting_signoff": reply_awaiting_signoff(view.application) is not None,
    }


def _case(request: HttpRequest, pk: int) -> dict[str, Any]:
    try:
        view = selectors.access_case(request.auth, pk, today=timezone.localdate(), cal=calendar_current())
    except ObjectDoesNotExist:
        raise Http404 from None
    return case_json(view)


# --- public ------------------------------------------------------------------------------------


@public.post("", response={201: TrackingCodeOut}, summary="提交政府信息公开申请（公开）")
def application_submit(
    request: HttpRequest,
    payload: ApplicationIn,
    x_altcha: str | None = Header(None, alias=proof_of_work.HEADER),
) -> Status[dict[str, str]]:
    """Carries the solved challenge of `GET /api/v1/challenge` in the `X-Altcha` header."""
    ratelimit.hit(request, "public_form")
    proof_of_work.challenge_check(x_altcha)
    applicant, req = _inputs(payload)
    application = services.application_submit(
        organization=_organization(payload.organization), applicant=applicant, request=req
    )
    return Status(201, {"tracking_code": application.tracking_code})


@public.get("/track/{code}", summary="凭查询码查询办理进度（公开）")
def application_track(request: HttpRequest, code: str) -> dict[str, Any]:
    application = tracking.lookup(request, code)
    return tracking_public(application)


# --- staff -------------------------------------------------------------------------------------


class ListFilters(Schema):
    queue: str = "open"
    organization: str = ""
    q: str = ""
    page: int | None = None
    page_size: int | None = None


@staff.get("", summary="案件列表（工作台）")
def application_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    if filters.queue not in selectors.QUEUES:
        raise ValidationFailed("未知的案件队列。", fields={"queue": "、".join(selectors.QUEUES)})
    today, cal = timezone.localdate(), calendar_current()
    qs = selectors.workbench_list(
        request.auth,
        queue=filters.queue,
        today=today,
        cal=cal,
        organization_code=filters.organization,
        search=filters.q,
    )

    def row_json(row: selectors.CaseRow) -> dict[str, Any]:
        a = row.application
        return {
            "id": a.pk,
            "tracking_code": a.tracking_code,
            "organization": a.organization.code,
            "state": a.state,
            "title": a.title or a.description[:60],
            "applicant_name": row.applicant_name,
            "applicant_id_number": row.id_number,
            "applicant_phone": row.phone,
            "received_on": _iso(a.received_on),
            "due_on": _iso(a.due_on),
            "due_provisional": a.due_provisional,
            "paused": a.paused,
            "workdays_left": row.workdays_left,
            "outcome": a.outcome or None,
            "handler": a.handler.get_username() if a.handler else None,
        }

    def serialize_page(rows: list[Application]) -> list[dict[str, Any]]:
        return [row_json(r) for r in selectors.case_rows(request.auth, rows, today=today, cal=cal)]

    body = paginate(request, qs, page=filters.page, page_size=filters.page_size, serialize=lambda a: a)
    body["results"] = serialize_page(body["results"])
    body["counts"] = selectors.workbench_counts(request.auth, today=today, cal=cal)
    return body


@staff.post("", response={201: CaseOut}, summary="登记任一渠道收到的申请（含补登、历史案件导入）")
def application_register(request: HttpRequest, payload: RegistrationIn) -> Status[dict[str, Any]]:
    applicant, req = _inputs(payload)
    today = timezone.localdate()
    application = services.application_register(
        actor=request.auth,
        organization=_organization(payload.organization),
        applicant=applicant,
        request=req,
        channel=payload.channel,
        received_on=payload.received_on,
        note=payload.note,
        history=[_new_event(e, today) for e in payload.events],
        today=today,
    )
    return Status(201, _case(request, application.pk))


@staff.get("/{int:application_id}", response=CaseOut, summary="案件详情")
def application_detail(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _case(request, application_id)


@staff.get(
    "/{int:application_id}/letters/{int:letter_id}.{fmt}",
    summary="下载文书（docx 或 pdf；letters 列表中的 docx_url / pdf_url）",
    url_name="application_letter_file",
    response={200: None},
)
def application_letter_file(
    request: HttpRequest, application_id: int, letter_id: int, fmt: str
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    try:
        letter, full = access_case_letter(request.auth, application_id, letter_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    return letter_file_response(letter, fmt, public=not full)


@staff.post("/{int:application_id}/events", response=CaseWithConsultationOut, summary="追加一个办理事件")
def application_event(request: HttpRequest, application_id: int, payload: EventIn) -> dict[str, Any]:
    today = timezone.localdate()
    event = _new_event(payload, today)
    try:
        if event.type == EventType.REPLIED:
            # Issue 19 item 10: issued at once when the caller may sign it off, else the case
            # waits for its letter's sign-off (`reply_awaiting_signoff`).
            reply_record(
                actor=request.auth,
                application_id=application_id,
                outcome=event.outcome,
                on=event.on,
                note=event.note,
                today=today,
            )
            return _case(request, application_id)
        appended = services.application_append_event(
            actor=request.auth, application_id=application_id, event=event, today=today
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    body = _case(request, application_id)
    if appended.event.type == EventType.CONSULTATION_STARTED:
        body["consultation_id"] = appended.event.payload["consultation_id"]
    return body


@staff.put("/{int:application_id}/handler", response=CaseOut, summary="分派或认领经办人")
def application_handler(request: HttpRequest, application_id: int, payload: HandlerIn) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    handler = None
    if payload.handler:
        handler = get_user_model().objects.filter(username=payload.handler).first()
        if handler is None:
            raise ValidationFailed("没有这个用户。", code="invalid_handler", fields={"handler": "未知"})
    try:
        services.application_assign_handler(
            actor=request.auth, application_id=application_id, handler=handler
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    return _case(request, application_id)
