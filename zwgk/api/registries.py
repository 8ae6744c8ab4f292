"""Registries (issue 22): standard catalogues, power lists, the negative list. Public reading
under /api/v1/registries/, staff editing and internal reports under /api/v1/staff/registries/."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.pagination import paginate
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import visible_organizations
from zwgk.registries import catalogues, emergency, powers, selectors, training
from zwgk.registries.models import (
    Area,
    EmergencyPlan,
    EmergencyPlanType,
    PlanLevel,
    PowerKind,
    StandardItem,
    TrainingSession,
)

public = Router(tags=["公开清单与目录"])
staff = Router(tags=["公开清单与目录"], auth=token_auth)


# --- public ------------------------------------------------------------------------------------
class AreaOut(Schema):
    code: str
    name: str


@public.get("/areas", response=list[AreaOut], summary="基层政务公开标准目录的领域")
def area_list(request: HttpRequest) -> list[dict[str, Any]]:
    return list(Area.objects.filter(is_active=True).values("code", "name"))


class CatalogueQuery(Schema):
    organization: str = Field("", description="区市县、乡镇或街道的机构代码；留空为全省通用目录")
    area: str = ""
    page: int | None = Field(None, ge=1)
    page_size: int | None = Field(None, ge=1)


@public.get("/standard-items", summary="基层政务公开标准目录事项（按单位、领域）")
def standard_item_list(request: HttpRequest, query: Query[CatalogueQuery]) -> dict[str, Any]:
    organization = selectors.catalogue_unit(query.organization) if query.organization else None
    area = Area.objects.get(code=query.area) if query.area else None
    return paginate(
        request,
        selectors.standard_items(organization, area),
        page=query.page,
        page_size=query.page_size,
        serialize=lambda i: selectors.standard_item_json(i, request.build_absolute_uri),
    )


class PowerQuery(Schema):
    q: str = ""
    kind: str = ""
    organization: str = ""
    page: int | None = Field(None, ge=1)
    page_size: int | None = Field(None, ge=1)


@public.get("/power-items", summary="检索各机关现行权责清单事项")
def power_item_list(request: HttpRequest, query: Query[PowerQuery]) -> dict[str, Any]:
    if query.kind and query.kind not in PowerKind.values:
        raise ValidationFailed("kind 取值不正确。", fields={"kind": " / ".join(PowerKind.values)})
    return paginate(
        request,
        selectors.current_power_items(q=query.q, kind=query.kind, organization=query.organization),
        page=query.page,
        page_size=query.page_size,
        serialize=selectors.power_item_json,
    )


@public.get("/power-lists/{code}", summary="机关现行（最新发布）权责清单")
def power_list_current(request: HttpRequest, code: str) -> dict[str, Any]:
    return selectors.version_json(selectors.published_version(code))


@public.get("/negative-list", summary="现行市场准入负面清单及本市实施措施")
def negative_list(request: HttpRequest) -> dict[str, Any]:
    return selectors.negative_list_json(selectors.current_edition())


# --- staff: standard catalogues ------------------------------------------------------------------
class StandardItemIn(Schema):
    area: str
    level1: str
    level2: str
    content: str
    legal_basis: str
    time_limit: str
    time_limit_workdays: int | None = None
    responsible: str
    channels: list[str]
    audience: str
    method: str
    tiers: list[str]
    effective_on: date | None = None
    sort: int = 100
    from_template: bool | None = None
    documents: list[str] | None = Field(None, description="落实该事项的已发布信息的索引号；省略则不变")


@staff.post(
    "/catalogues/{code}/items",
    response={200: dict[str, Any]},
    summary="新增或更新标准目录事项（同一领域内按一级、二级事项匹配）",
)
def standard_item_save(request: HttpRequest, code: str, payload: StandardItemIn) -> dict[str, Any]:
    organization = selectors.unit_for_staff(request.auth, code)
    raw = payload.dict()
    from_template, documents = raw.pop("from_template"), raw.pop("documents")
    item = catalogues.standard_item_upsert(
        actor=request.auth,
        organization=organization,
        data=catalogues.parse_item(raw),
        from_template=from_template,
    )
    if documents is not None:
        catalogues.standard_item_link_documents(
            actor=request.auth, item=item, documents=catalogues.documents_by_index(documents)
        )
    return selectors.standard_item_json(item, request.build_absolute_uri)


@staff.delete("/standard-items/{int:item_id}", response={204: None}, summary="删除标准目录事项")
def standard_item_remove(request: HttpRequest, item_id: int) -> Status[None]:
    item = StandardItem.objects.select_related("organization").get(
        pk=item_id, organization__in=visible_organizations(request.auth)
    )
    catalogues.standard_item_delete(actor=request.auth, item=item)
    return Status(204, None)


class AdoptIn(Schema):
    area: str


@staff.post("/catalogues/{code}/adopt", summary="采用全省通用目录中某一领域的事项")
def catalogue_adopt(request: HttpRequest, code: str, payload: AdoptIn) -> dict[str, Any]:
    organization = selectors.unit_for_staff(request.auth, code)
    created = catalogues.catalogue_adopt(
        actor=request.auth, organization=organization, area=Area.objects.get(code=payload.area)
    )
    return {"created": [selectors.standard_item_json(i) for i in created]}


@staff.get("/catalogues/{code}/unfulfilled", summary="超过公开时限仍未公开的目录事项")
def catalogue_unfulfilled(request: HttpRequest, code: str) -> dict[str, Any]:
    organization = selectors.unit_for_staff(request.auth, code)
    rows = catalogues.unfulfilled_items(organization, today=timezone.localdate())
    return {
        "organization": organization.code,
        "results": [
            {
                "id": r.item.pk,
                "area": r.item.area.code,
                "level1": r.item.level1,
                "level2": r.item.level2,
                "due_on": r.due_on,
                "status": r.status,
                "first_published_on": r.first_published_on,
            }
            for r in rows
        ],
    }


@staff.get("/catalogues/{code}/departures", summary="与全省通用目录的差异")
def catalogue_departures(request: HttpRequest, code: str) -> dict[str, Any]:
    organization = selectors.unit_for_staff(request.auth, code)
    return {
        "organization": organization.code,
        "results": [
            {
                "kind": d.kind,
                "area": d.area.code,
                "level1": d.level1,
                "level2": d.level2,
                "fields": list(d.fields),
            }
            for d in catalogues.template_departures(organization)
        ],
    }


# --- staff: power lists ----------------------------------------------------------------------------
class DraftIn(Schema):
    note: str = ""


@staff.post("/power-lists/{code}/draft", summary="开始（或取得进行中的）权责清单动态调整")
def power_draft(request: HttpRequest, code: str, payload: DraftIn | None = None) -> dict[str, Any]:
    organization = selectors.unit_for_staff(request.auth, code)
    draft = powers.power_list_draft(
        actor=request.auth, organization=organization, note=(payload or DraftIn()).note
    )
    return selectors.version_json(draft)


class PowerItemIn(Schema):
    code: str
    kind: str
    name: str
    sub_item: str = ""
    legal_basis: str
    responsible_unit: str
    accountability: str
    note: str = ""
    sort: int = 100


def _draft(request: HttpRequest, code: str) -> Any:
    organization = selectors.unit_for_staff(request.auth, code)
    draft = powers.draft_version(organization)
    if draft is None:
        raise ValidationFailed("该机关没有进行中的调整，请先开始动态调整。", code="no_draft")
    return draft


@staff.post("/power-lists/{code}/draft/items", summary="在调整中的版本里新增或更新事项（按事项编码）")
def power_item_save(request: HttpRequest, code: str, payload: PowerItemIn) -> dict[str, Any]:
    draft = _draft(request, code)
    item = powers.power_item_upsert(
        actor=request.auth, version=draft, data=powers.parse_power_item(payload.dict())
    )
    return selectors.power_item_json(item)


@staff.delete(
    "/power-lists/{code}/draft/items/{item_code}",
    response={204: None},
    summary="从调整中的版本里删除事项",
)
def power_item_remove(request: HttpRequest, code: str, item_code: str) -> Status[None]:
    draft = _draft(request, code)
    powers.power_item_delete(actor=request.auth, item=draft.items.get(code=item_code))
    return Status(204, None)


class RegistryPublishIn(Schema):
    published_on: date | None = None
    note: str = ""


@staff.post("/power-lists/{code}/draft/publish", summary="发布调整后的权责清单（成为现行版本）")
def power_publish(
    request: HttpRequest, code: str, payload: RegistryPublishIn | None = None
) -> dict[str, Any]:
    payload = payload or RegistryPublishIn()
    draft = _draft(request, code)
    version = powers.power_list_publish(
        actor=request.auth, version=draft, on=payload.published_on or timezone.localdate(), note=payload.note
    )
    changes = powers.version_changes(version)
    return {
        **selectors.version_json(version),
        "changes": {"added": changes.added, "removed": changes.removed, "changed": changes.changed},
    }


# --- emergency plans --------------------------------------------------------------------------------
class PlanQuery(Schema):
    level: str = ""
    plan_type: str = ""
    organization: str = ""
    page: int | None = Field(None, ge=1)
    page_size: int | None = Field(None, ge=1)


@public.get("/emergency-plans", summary="已公开的应急预案（按层级、类型、编制单位）")
def plan_list(request: HttpRequest, query: Query[PlanQuery]) -> dict[str, Any]:
    if query.level and query.level not in PlanLevel.values:
        raise ValidationFailed("level 取值不正确。", fields={"level": " / ".join(PlanLevel.values)})
    plans = selectors.public_plans(
        level=query.level, plan_type=query.plan_type, organization=query.organization
    )
    return paginate(
        request,
        plans.prefetch_related("revisions"),
        page=query.page,
        page_size=query.page_size,
        serialize=lambda p: selectors.plan_json(p, request.build_absolute_uri),
    )


class PlanIn(Schema):
    organization: str
    title: str
    plan_type: str
    level: str
    issued_on: date
    document: str = Field("", description="已发布的预案文件索引号")


def _document(index_no: str) -> Any:
    return catalogues.documents_by_index([index_no])[0] if index_no.strip() else None


@staff.post("/emergency-plans", response={201: dict[str, Any]}, summary="登记应急预案")
def plan_create(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    organization = selectors.unit_for_staff(request.auth, payload.organization)
    if payload.level not in PlanLevel.values:
        raise ValidationFailed("level 取值不正确。", fields={"level": " / ".join(PlanLevel.values)})
    plan = emergency.plan_register(
        actor=request.auth,
        organization=organization,
        title=payload.title,
        plan_type=EmergencyPlanType.objects.get(code=payload.plan_type),
        level=payload.level,
        issued_on=payload.issued_on,
        document=_document(payload.document),
    )
    return Status(201, selectors.plan_json(plan, request.build_absolute_uri))


class RevisionIn(Schema):
    kind: str = Field(description="evaluated | revised")
    on: date
    note: str = ""
    document: str = ""


@staff.post("/emergency-plans/{int:plan_id}/revisions", summary="记录应急预案的评估或修订")
def plan_revision(request: HttpRequest, plan_id: int, payload: RevisionIn) -> dict[str, Any]:
    plan = EmergencyPlan.objects.select_related("organization").get(
        pk=plan_id, organization__in=visible_organizations(request.auth)
    )
    emergency.plan_record(
        actor=request.auth,
        plan=plan,
        kind=payload.kind,
        on=payload.on,
        note=payload.note,
        document=_document(payload.document),
    )
    return selectors.plan_json(plan, request.build_absolute_uri)


@staff.get("/emergency-plans/overdue", summary="逾期未评估或修订的应急预案（应急管理部门）")
def plans_overdue(request: HttpRequest) -> dict[str, Any]:
    emergency.require_emergency_office(request.auth)
    today = timezone.localdate()
    units, overdue = emergency.oversight(request.auth, today=today)
    return {
        "units": [
            {
                "organization": u.organization.code,
                "plans": u.plans,
                "published": u.published,
                "overdue": u.overdue,
            }
            for u in units
        ],
        "overdue": [
            {
                "id": s.plan.pk,
                "organization": s.plan.organization.code,
                "title": s.plan.title,
                "last_reviewed_on": s.last_reviewed_on,
                "due_on": s.due_on,
            }
            for s in overdue
        ],
    }


# --- training -----------------------------------------------------------------------------------
class TrainingQuery(Schema):
    organization: str
    year: int = Field(..., ge=2000, le=2100)


def _session_json(session: TrainingSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "organization": session.organization.code,
        "topic": session.topic,
        "held_on": session.held_on,
        "trainer": session.trainer,
        "material": session.material.index_no if session.material else None,
        "material_note": session.material_note,
        "economic_policy": session.economic_policy,
        "participants": [
            {"organization": p.organization.code, "role": p.role, "count": p.count}
            for p in session.participants.all()
        ],
    }


@staff.get("/trainings", summary="单位的培训记录与年度培训数据")
def training_list(request: HttpRequest, query: Query[TrainingQuery]) -> dict[str, Any]:
    organization = selectors.unit_for_staff(request.auth, query.organization)
    sessions = (
        TrainingSession.objects.filter(
            Q(organization=organization) | Q(participants__organization=organization),
            held_on__year=query.year,
        )
        .distinct()
        .select_related("organization", "material")
        .prefetch_related("participants__organization")
    )
    figures = training.training_figures([organization.pk], year=query.year)[organization.pk]
    return {
        "organization": organization.code,
        "year": query.year,
        "figures": {
            "held": figures.held,
            "trained": figures.trained,
            "frontline_economic": figures.frontline_economic,
        },
        "sessions": [_session_json(s) for s in sessions],
    }


class ParticipantIn(Schema):
    organization: str
    role: str
    count: int = Field(..., ge=1)


class TrainingIn(Schema):
    organization: str
    topic: str
    held_on: date
    trainer: str
    material: str = ""
    material_note: str = ""
    economic_policy: bool = False
    participants: list[ParticipantIn]


@staff.post("/trainings", response={201: dict[str, Any]}, summary="记录一次培训及参训人员")
def training_create(request: HttpRequest, payload: TrainingIn) -> Status[dict[str, Any]]:
    organization = selectors.unit_for_staff(request.auth, payload.organization)
    orgs = Organization.objects.in_bulk([p.organization for p in payload.participants], field_name="code")
    unknown = sorted({p.organization for p in payload.participants} - set(orgs))
    if unknown:
        raise ValidationFailed(f"未知的参训单位：{'、'.join(unknown)}", fields={"participants": "未知单位"})
    session = training.training_record(
        actor=request.auth,
        organization=organization,
        topic=payload.topic,
        held_on=payload.held_on,
        trainer=payload.trainer,
        participants=[
            training.ParticipantInput(orgs[p.organization], p.role, p.count) for p in payload.participants
        ],
        material=_document(payload.material),
        material_note=payload.material_note,
        economic_policy=payload.economic_policy,
    )
    return Status(201, _session_json(session))


# --- the negative list: the city's measures and links (administrators) -------------------------------
class LinkIn(Schema):
    organization: str
    code: str


class NegativeItemIn(Schema):
    city_measures: str
    licensing_items: list[LinkIn] = []


@staff.put(
    "/negative-list/items/{int:number}", summary="设置现行负面清单事项的本市实施措施及对应行政许可事项"
)
def negative_item_update(request: HttpRequest, number: int, payload: NegativeItemIn) -> dict[str, Any]:
    item = selectors.current_edition().items.get(number=number)
    with transaction.atomic():
        powers.negative_item_measures_set(actor=request.auth, item=item, city_measures=payload.city_measures)
        for link in payload.licensing_items:
            powers.negative_item_link(
                actor=request.auth,
                item=item,
                organization=Organization.objects.get(code=link.organization),
                power_code=link.code,
            )
    return next(i for i in selectors.negative_list_json(item.edition)["items"] if i["number"] == number)
