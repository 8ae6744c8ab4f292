"""Service guides and case progress (API.md "Interfaces for systems outside", issue 24):
public guides and progress lookup, the service system's progress push, staff guide drafting."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.pagination import paginate
from zwgk.core import ratelimit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import has_role
from zwgk.services import guides as guide_services
from zwgk.services import packages, progress
from zwgk.services.models import Guide, GuideVersion, Milestone, Package, ProgressCase

public = Router(tags=["政务服务"])
staff = Router(tags=["政务服务"], auth=token_auth)


# --- guides ----------------------------------------------------------------------------------
class MaterialOut(Schema):
    name: str
    shared_code: str
    form: str
    copies: int
    required: bool
    note: str
    template_url: str
    sample_url: str


class FaqOut(Schema):
    question: str
    answer: str


class GuideRow(Schema):
    id: int
    item_code: str
    name: str
    organization: str
    organization_name: str
    version: int
    published_at: str
    url: str


class GuideOut(GuideRow):
    legal_basis: str
    conditions: str
    materials: list[MaterialOut]
    procedure: list[str]
    statutory_limit: int | None
    promised_limit: int | None
    limit_unit: str = Field(..., description="workdays（工作日）或 days（自然日）")
    fee_standard: str
    fee_basis: str
    window_address: str
    office_hours: str
    online_url: str
    contact_phone: str
    complaint_channel: str
    faq: list[FaqOut]
    complete: bool
    missing: list[str] = Field(
        ..., description="缺失的关键要素：name basis conditions materials place time phone procedure"
    )


def _row(request: HttpRequest, guide: Guide) -> dict[str, Any]:
    version = guide.published
    assert version is not None and version.published_at is not None
    return {
        "id": guide.pk,
        "item_code": guide.item_code,
        "name": version.name,
        "organization": guide.organization.code,
        "organization_name": guide.organization.name,
        "version": version.number,
        "published_at": timezone.localtime(version.published_at).isoformat(timespec="seconds"),
        "url": request.build_absolute_uri(guide.get_absolute_url()),
    }


def _absolute(request: HttpRequest, href: str) -> str:
    return request.build_absolute_uri(href) if href.startswith("/") else href


def guide_detail_json(request: HttpRequest, guide: Guide) -> dict[str, Any]:
    version: GuideVersion = guide.published  # type: ignore[assignment]
    return {
        **_row(request, guide),
        "legal_basis": version.legal_basis,
        "conditions": version.conditions,
        "materials": [
            {
                "name": m.name,
                "shared_code": m.shared_code,
                "form": m.form,
                "copies": m.copies,
                "required": m.required,
                "note": m.note,
                # An uploaded file is served by the portal; its absolute URL stands in the link.
                "template_url": _absolute(request, m.template_href),
                "sample_url": _absolute(request, m.sample_href),
            }
            for m in version.materials.all()
        ],
        "procedure": [line.strip() for line in version.procedure.splitlines() if line.strip()],
        "statutory_limit": version.statutory_limit,
        "promised_limit": version.promised_limit,
        "limit_unit": version.limit_unit,
        "fee_standard": version.fee_standard,
        "fee_basis": version.fee_basis,
        "window_address": version.window_address,
        "office_hours": version.office_hours,
        "online_url": version.online_url,
        "contact_phone": version.contact_phone,
        "complaint_channel": version.complaint_channel,
        "faq": version.faq,
        "complete": version.complete,
        "missing": list(version.missing),
    }


class GuideListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[GuideRow]


@public.get(
    "/guides",
    response=GuideListOut,
    summary="已发布的办事指南",
    description="`organization` 为机构代码；`q` 按事项名称、编码、条件、材料检索（每个词都须命中）。",
)
def guide_list(
    request: HttpRequest,
    organization: str = "",
    q: str = "",
    page: int | None = None,
    page_size: int | None = None,
) -> dict[str, Any]:
    org = None
    if organization:
        org = Organization.objects.filter(code=organization).first()
        if org is None:
            raise ValidationFailed("未知机构。", fields={"organization": "未知机构代码"})
    qs = guide_services.public_guides(organization=org, q=q[:100])
    return paginate(request, qs, page=page, page_size=page_size, serialize=lambda g: _row(request, g))


@public.get("/guides/{int:guide_id}", response=GuideOut, summary="办事指南详情（含要素完整性）")
def guide_get(request: HttpRequest, guide_id: int) -> dict[str, Any]:
    try:
        guide = guide_services.public_guide(guide_id)
    except Guide.DoesNotExist:
        raise Http404 from None
    return guide_detail_json(request, guide)


# --- packages --------------------------------------------------------------------------------
class PackageGuideOut(Schema):
    id: int
    item_code: str
    name: str
    organization: str


class ChecklistOut(Schema):
    name: str
    shared_code: str
    required: bool
    copies: int
    forms: list[str]
    template_url: str
    sample_url: str
    items: list[str] = Field(..., description="要求该材料的事项名称；多于一个即为共用材料，只提交一次")


class PackageOut(Schema):
    code: str
    name: str
    kind: str = Field(..., description="one_thing（一件事）或 one_class（一类事）")
    life_event: str
    lead: str
    organizations: list[str]
    guides: list[PackageGuideOut]
    checklist: list[ChecklistOut]
    url: str


def _package_json(request: HttpRequest, package: Package) -> dict[str, Any]:
    members = packages.package_guides(package)
    return {
        "code": package.code,
        "name": package.name,
        "kind": package.kind,
        "life_event": package.life_event,
        "lead": package.lead.code,
        "organizations": sorted({g.organization.code for g in members}),
        "guides": [
            {
                "id": g.pk,
                "item_code": g.item_code,
                "name": g.published.name if g.published else "",
                "organization": g.organization.code,
            }
            for g in members
        ],
        "checklist": [vars(line) for line in packages.combined_checklist(members)],
        "url": request.build_absolute_uri(package.get_absolute_url()),
    }


@public.get("/guide-packages", response=list[PackageOut], summary="“一件事”主题服务（含合并材料清单）")
def package_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_package_json(request, p) for p in packages.public_packages()]


@public.get("/guide-packages/{code}", response=PackageOut, summary="“一件事”详情")
def package_get(request: HttpRequest, code: str) -> dict[str, Any]:
    package = packages.public_packages().filter(code=code).first()
    if package is None:
        raise Http404
    return _package_json(request, package)


# --- progress --------------------------------------------------------------------------------
class ProgressIn(Schema):
    case_no: str = Field(..., max_length=64)
    item_code: str = Field(..., max_length=64)
    organization: str
    milestone: Milestone
    on: date
    unit: str = Field("", max_length=200)
    verification_code: str = Field(..., max_length=64)


class MilestoneOut(Schema):
    milestone: str
    label: str
    on: date
    unit: str


class ItemOut(Schema):
    item_code: str
    name: str


class GuideOrganizationOut(Schema):
    code: str
    name: str


class ProgressOut(Schema):
    case_no: str
    item: ItemOut
    organization: GuideOrganizationOut
    milestones: list[MilestoneOut]
    on_time: bool | None = Field(
        ..., description="受理至办结是否在承诺时限内；未办结且未超期为 null，已超期未办结为 false"
    )


@staff.post(
    "/services/progress",
    response={200: ProgressOut, 201: ProgressOut},
    summary="推送办件进度（政务服务系统）",
    description=(
        "仅政务服务系统的接口账号（角色 service_system）可调用。同一 (case_no, milestone) 首次到达返回 201，"
        "再次到达返回 200 且不重复记录；日期不同则更正并记入审计日志。环节可跳过；"
        "日期早于此前环节、晚于此后环节或晚于今天返回 422。"
    ),
)
def progress_push(request: HttpRequest, payload: ProgressIn) -> Status[dict[str, Any]]:
    result = progress.progress_push(
        actor=request.auth,
        case_no=payload.case_no,
        item_code=payload.item_code,
        organization_code=payload.organization,
        milestone=payload.milestone.value,
        on=payload.on,
        unit=payload.unit,
        verification_code=payload.verification_code,
    )
    case = progress.lookup(result.case.case_no, payload.verification_code)
    return Status(201 if result.created else 200, progress.public_answer(case))


@public.get(
    "/services/progress/{case_no}",
    response=ProgressOut,
    summary="办件进度查询",
    description="须带办件的查询验证码 `code`；验证码错误或缺失与办件不存在一样返回 404。不含任何个人信息。",
)
def progress_get(request: HttpRequest, case_no: str, code: str = "") -> dict[str, Any]:
    ratelimit.hit(request, "tracking_lookup")
    try:
        case = progress.lookup(case_no, code)
    except ProgressCase.DoesNotExist:
        raise Http404 from None
    return progress.public_answer(case)


class ItemStatisticsOut(Schema):
    id: int
    item_code: str
    name: str
    organization: str
    decided: int
    on_time: int
    late: int
    open_overdue: int = Field(..., description="超过承诺时限仍未办结")
    rate: float | None = Field(..., description="按时办结率（已办结中按时的比例）")


@staff.get(
    "/services/statistics",
    response=list[ItemStatisticsOut],
    summary="办件按时办结统计（按事项）",
    description="受理至办结对照指南承诺时限（工作日或自然日，按指南所写）。范围：调用者可见的机构。",
)
def statistics(request: HttpRequest, organization: str = "") -> list[dict[str, Any]]:
    qs = guide_services.guides_for(request.auth)
    if organization:
        qs = qs.filter(organization__code=organization)
    return [
        {
            "id": s.guide.pk,
            "item_code": s.guide.item_code,
            "name": s.guide.published.name if s.guide.published else "",
            "organization": s.guide.organization.code,
            "decided": s.decided,
            "on_time": s.on_time,
            "late": s.late,
            "open_overdue": s.open_overdue,
            "rate": s.rate,
        }
        for s in progress.on_time_statistics(qs)
    ]


# --- staff: guides -----------------------------------------------------------------------------
class MaterialIn(Schema):
    name: str
    shared_code: str = ""
    form: str = ""
    copies: int = 1
    required: bool = True
    note: str = ""
    template_url: str = ""
    sample_url: str = ""
    template_file: int | None = Field(None, description="本指南已上传的空白表格文件编号（后台上传）")
    sample_file: int | None = Field(None, description="本指南已上传的示例样表文件编号（后台上传）")


class FaqIn(Schema):
    question: str
    answer: str


class GuideUpdateIn(Schema):
    name: str
    legal_basis: str = ""
    conditions: str = ""
    procedure: str = ""
    statutory_limit: int | None = None
    promised_limit: int | None = None
    limit_unit: str = "workdays"
    fee_standard: str = ""
    fee_basis: str = ""
    window_address: str = ""
    office_hours: str = ""
    online_url: str = ""
    contact_phone: str = ""
    complaint_channel: str = ""
    faq: list[FaqIn] = []
    materials: list[MaterialIn] = []


class GuideIn(GuideUpdateIn):
    organization: str
    item_code: str


class DraftOut(Schema):
    id: int
    item_code: str
    version: int
    state: str
    complete: bool
    missing: list[str]


class GuideSubmitIn(Schema):
    note: str = ""


def _input(payload: GuideUpdateIn) -> guide_services.GuideInput:
    data = payload.dict()
    data.pop("organization", None)
    data.pop("item_code", None)
    materials = [guide_services.MaterialInput(**m) for m in data.pop("materials")]
    return guide_services.GuideInput(**data, materials=materials)


def _draft(version: GuideVersion) -> dict[str, Any]:
    return {
        "id": version.guide_id,
        "item_code": version.guide.item_code,
        "version": version.number,
        "state": version.state,
        "complete": version.complete,
        "missing": list(version.missing),
    }


def _access(request: HttpRequest, guide_id: int) -> None:
    try:
        guide_services.access_guide(request.auth, guide_id)
    except Guide.DoesNotExist:
        raise Http404 from None


@staff.post("/guides", response={201: DraftOut}, summary="新建办事指南（草稿）")
def guide_create(request: HttpRequest, payload: GuideIn) -> Status[dict[str, Any]]:
    org = Organization.objects.filter(code=payload.organization).first()
    if org is None:
        raise ValidationFailed("未知机构。", fields={"organization": "未知机构代码"})
    if not has_role(request.auth, org, *guide_services.EDIT_ROLES):
        raise NotPermitted(f"只有“{org.display_name}”的信息员或审签人可以编辑其办事指南。")
    version = guide_services.guide_create(
        actor=request.auth, organization=org, item_code=payload.item_code, data=_input(payload)
    )
    return Status(201, _draft(version))


@staff.put("/guides/{int:guide_id}", response=DraftOut, summary="修改办事指南（保存为新草稿版本）")
def guide_update(request: HttpRequest, guide_id: int, payload: GuideUpdateIn) -> dict[str, Any]:
    _access(request, guide_id)
    version = guide_services.guide_save_draft(actor=request.auth, pk=guide_id, data=_input(payload))
    return _draft(version)


@staff.post("/guides/{int:guide_id}/submit", response=DraftOut, summary="办事指南草稿报送审核")
def guide_submit(request: HttpRequest, guide_id: int, payload: GuideSubmitIn | None = None) -> dict[str, Any]:
    _access(request, guide_id)
    version = guide_services.guide_submit(
        actor=request.auth, pk=guide_id, note=(payload or GuideSubmitIn()).note
    )
    return _draft(version)


# --- staff: withdrawal (停止办理) ------------------------------------------------------------
class GuideWithdrawIn(Schema):
    reason: str = Field(..., max_length=500)


class GuideWithdrawnOut(Schema):
    id: int
    item_code: str
    withdrawn_at: str
    reason: str


@staff.post(
    "/guides/{int:guide_id}/withdraw",
    response=GuideWithdrawnOut,
    summary="办事指南停止办理（撤下门户和检索，套餐显示缺项，相关问答失效）",
)
def guide_withdraw(request: HttpRequest, guide_id: int, payload: GuideWithdrawIn) -> dict[str, Any]:
    _access(request, guide_id)
    guide = guide_services.guide_withdraw(actor=request.auth, pk=guide_id, reason=payload.reason)
    assert guide.withdrawn_at is not None
    return {
        "id": guide.pk,
        "item_code": guide.item_code,
        "withdrawn_at": timezone.localtime(guide.withdrawn_at).isoformat(timespec="seconds"),
        "reason": guide.withdrawn_reason,
    }


# --- staff: 一件事 packages ----------------------------------------------------------------------
class ServicePackageIn(Schema):
    name: str = Field(..., max_length=200)
    kind: str = Field("one_thing", description="one_thing（一件事）或 one_class（一类事）")
    life_event: str = Field("", max_length=2000)
    lead: str = Field(..., description="牵头机构代码")
    guides: list[str] = Field(..., description="事项编码，按办理顺序，至少两项", max_length=60)
    public: bool = False


class ServicePackageGapOut(Schema):
    item_code: str
    organization: str
    withdrawn: bool = Field(..., description="true：已停止办理；false：暂无现行指南（修订中）")
    reason: str


class ServicePackageStaffOut(PackageOut):
    public: bool
    gaps: list[ServicePackageGapOut]


@staff.put(
    "/guide-packages/{code}",
    response=ServicePackageStaffOut,
    summary="新建或修改“一件事”套餐（牵头机构审签人或公开工作机构负责人）",
)
def package_put(request: HttpRequest, code: str, payload: ServicePackageIn) -> dict[str, Any]:
    lead = Organization.objects.filter(code=payload.lead).first()
    if lead is None:
        raise ValidationFailed("未知机构。", fields={"lead": "未知机构代码"})
    found = {g.item_code: g for g in Guide.objects.filter(item_code__in=payload.guides)}
    unknown = [c for c in payload.guides if c not in found]
    if unknown:
        raise ValidationFailed(f"未知事项编码：{'、'.join(unknown)}。", fields={"guides": "未知事项编码"})
    package = packages.package_save(
        actor=request.auth,
        code=code,
        name=payload.name,
        lead=lead,
        guides=[found[c] for c in payload.guides],
        life_event=payload.life_event,
        kind=payload.kind,
        public=payload.public,
    )
    members = packages.package_guides(package)
    return {
        **_package_json(request, package),
        "public": package.public,
        "gaps": [
            {
                "item_code": gap.guide.item_code,
                "organization": gap.guide.organization.code,
                "withdrawn": gap.withdrawn,
                "reason": gap.guide.withdrawn_reason,
            }
            for gap in packages.package_gaps(members)
        ],
    }
