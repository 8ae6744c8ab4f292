"""Public enterprises and institutions (API.md "Public enterprises"): sectors, units with their
outlets and complaint channels, complaints (申诉) filed by the public and answered by staff."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.pagination import paginate
from zwgk.core import proof_of_work, ratelimit
from zwgk.core.errors import ValidationFailed
from zwgk.directory import complaints, selectors, services
from zwgk.directory.models import Complaint, ComplaintOutcome, ComplaintState, Sector
from zwgk.foi.masking import mask_email, mask_name, mask_phone
from zwgk.organizations.models import Organization, OrgKind

public = Router(tags=["公共企事业单位"])
staff = Router(tags=["公共企事业单位"], auth=token_auth)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class SectorOut(Schema):
    code: str
    name: str
    competent_department: str | None


@public.get("/sectors", response=list[SectorOut], summary="公共企事业单位领域及主管部门（公开）")
def sector_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "name": s.name,
            "competent_department": s.competent_department.code if s.competent_department else None,
        }
        for s in Sector.objects.select_related("competent_department")
    ]


class OutletOut(Schema):
    name: str
    address: str
    hours: str
    phone: str


class ChannelOut(Schema):
    kind: str
    value: str
    note: str


class UnitOut(Schema):
    code: str
    name: str
    sector: str | None
    competent_department: str | None
    outlets: list[OutletOut]
    channels: list[ChannelOut]
    verified_on: date | None = Field(..., description="主管部门最近核实日期")
    verification_result: str | None
    verification_stale: bool


@public.get("", response=list[UnitOut], summary="公共企事业单位及其服务网点、投诉渠道（公开）")
def unit_list(request: HttpRequest, sector: str = "", department: str = "") -> list[dict[str, Any]]:
    rows = []
    for dept, entries in selectors.public_service_directory(today=timezone.localdate()):
        for e in entries:
            if sector and (e.sector is None or e.sector.code != sector):
                continue
            if department and (dept is None or dept.code != department):
                continue
            rows.append(
                {
                    "code": e.organization.code,
                    "name": e.organization.name,
                    "sector": e.sector.code if e.sector else None,
                    "competent_department": dept.code if dept else None,
                    "outlets": [
                        {"name": o.name, "address": o.address, "hours": o.hours, "phone": o.phone}
                        for o in e.outlets
                    ],
                    "channels": [{"kind": c.kind, "value": c.value, "note": c.note} for c in e.channels],
                    "verified_on": e.verified_on,
                    "verification_result": e.result,
                    "verification_stale": e.stale,
                }
            )
    return rows


class ComplaintIn(Schema):
    organization: str = Field(..., description="被申诉单位的机构代码")
    subject: str = Field(..., max_length=200)
    body: str = Field(..., max_length=5000)
    name: str = Field(..., max_length=100)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)


class ComplaintFiledOut(Schema):
    number: str
    token: str = Field(..., description="查询凭据：凭此查看办理进度和结果，请妥善保管")
    received_on: date
    due_on: date
    due_provisional: bool = Field(..., description="期限涉及尚未载入节假日安排的年度（暂定）")
    url: str


class ComplaintPublicOut(Schema):
    number: str
    organization: str
    department: str
    subject: str
    received_on: date
    due_on: date
    due_provisional: bool
    state: ComplaintState
    outcome: ComplaintOutcome | None
    answer: str
    answered_on: date | None


@public.post(
    "/complaints", response={201: ComplaintFiledOut}, summary="对公共企事业单位信息公开提出申诉（公开）"
)
def complaint_submit(
    request: HttpRequest,
    payload: ComplaintIn,
    x_altcha: str | None = Header(None, alias=proof_of_work.HEADER),
) -> Status[dict[str, Any]]:
    """Carries the solved challenge of `GET /api/v1/challenge` in the `X-Altcha` header."""
    ratelimit.hit(request, "public_form")
    proof_of_work.challenge_check(x_altcha)
    unit = Organization.objects.filter(code=payload.organization, kind=OrgKind.PUBLIC_ENTERPRISE).first()
    if unit is None:
        raise ValidationFailed("未找到该公共企事业单位。", fields={"organization": payload.organization})
    complaint = complaints.complaint_file(
        filing=complaints.Filing(
            organization=unit, name=payload.name, subject=payload.subject, body=payload.body,
            email=payload.email, phone=payload.phone,
        ),
        received_on=timezone.localdate(),
    )  # fmt: skip
    return Status(
        201,
        {
            "number": complaint.number,
            "token": complaint.token,
            "received_on": complaint.received_on,
            "due_on": complaint.due_on,
            "due_provisional": complaint.due_provisional,
            "url": complaints.tracking_url(complaint),
        },
    )


def _public_json(c: Complaint) -> dict[str, Any]:
    return {
        "number": c.number,
        "organization": c.organization.code,
        "department": c.department.code,
        "subject": c.subject,
        "received_on": c.received_on,
        "due_on": c.due_on,
        "due_provisional": c.due_provisional,
        "state": c.state,
        "outcome": c.outcome or None,
        "answer": c.answer,
        "answered_on": c.answered_on,
    }


@public.get("/complaints/{token}", response=ComplaintPublicOut, summary="凭查询凭据查看申诉办理情况（公开）")
def complaint_track(request: HttpRequest, token: str) -> dict[str, Any]:
    ratelimit.hit(request, "tracking_lookup")
    c = Complaint.objects.select_related("organization", "department").filter(token=token).first()
    if c is None:
        raise Http404
    return _public_json(c)


# --- staff -------------------------------------------------------------------------------------


class ComplaintStaffOut(ComplaintPublicOut):
    id: int
    name: str
    email: str
    phone: str
    body: str
    overdue: bool


def _staff_json(c: Complaint, today: date, user: Any) -> dict[str, Any]:
    # The complainant's name and contacts are the answering department's; supervisors get them masked.
    personal = complaints.sees_contacts(user, c)
    return {
        **_public_json(c),
        "id": c.pk,
        "name": c.name if personal else mask_name(c.name),
        "email": c.email if personal else mask_email(c.email),
        "phone": c.phone if personal else mask_phone(c.phone),
        "body": c.body,
        "overdue": c.state == ComplaintState.OPEN and c.due_on < today,
    }


class ComplaintFilters(Schema):
    state: str = Field("", description="open / answered / overdue；空：全部")
    page: int | None = None
    page_size: int | None = None


@staff.get("/complaints", summary="本部门办理或监督的申诉")
def complaint_list(request: HttpRequest, filters: Query[ComplaintFilters]) -> dict[str, Any]:
    today = timezone.localdate()
    qs = complaints.complaint_list_for(request.auth, state=filters.state, today=today)
    return paginate(
        request, qs.order_by("due_on", "id"), page=filters.page, page_size=filters.page_size,
        serialize=lambda c: _staff_json(c, today, request.auth),
    )  # fmt: skip


def _complaint_for(request: HttpRequest, complaint_id: int) -> Complaint:
    c = complaints.complaints_for(request.auth).filter(pk=complaint_id).first()
    if c is None:
        raise Http404
    return c


@staff.get("/complaints/{int:complaint_id}", response=ComplaintStaffOut, summary="申诉详情")
def complaint_detail(request: HttpRequest, complaint_id: int) -> dict[str, Any]:
    return _staff_json(_complaint_for(request, complaint_id), timezone.localdate(), request.auth)


class ComplaintAnswerIn(Schema):
    outcome: ComplaintOutcome
    answer: str
    answered_on: date | None = Field(None, description="默认今天")


@staff.post(
    "/complaints/{int:complaint_id}/answer", response=ComplaintStaffOut, summary="答复申诉（告知申诉人）"
)
def complaint_answer(request: HttpRequest, complaint_id: int, payload: ComplaintAnswerIn) -> dict[str, Any]:
    c = _complaint_for(request, complaint_id)
    today = timezone.localdate()
    answered = complaints.complaint_answer(
        actor=request.auth, complaint_id=c.pk, outcome=payload.outcome, answer=payload.answer,
        answered_on=payload.answered_on or today, today=today,
    )  # fmt: skip
    return _staff_json(answered, today, request.auth)


class OutletIn(Schema):
    name: str
    address: str
    hours: str = ""
    phone: str = ""
    sort: int = Field(100, ge=0, le=9999)


@staff.put("/{code}/outlets", response=OutletOut, summary="新增或更新服务网点（按名称）")
def outlet_upsert(request: HttpRequest, code: str, payload: OutletIn) -> dict[str, Any]:
    try:
        unit = selectors.access_enterprise(request.auth, code)
    except Organization.DoesNotExist:
        raise Http404 from None
    outlet = services.service_outlet_upsert(actor=request.auth, organization=unit, **payload.dict())
    return {"name": outlet.name, "address": outlet.address, "hours": outlet.hours, "phone": outlet.phone}
