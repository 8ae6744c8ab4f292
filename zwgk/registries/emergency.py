"""Emergency plans (应急预案; seed 五(二): units publish their plans, emergency-management
departments supervise): the registry, its history, and the emergency-management office's view
of which units have published theirs and which plans are overdue for evaluation or revision."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils.text import slugify

from zwgk.catalog.models import Document, DocumentState
from zwgk.core import audit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.organizations.models import Membership, Organization, OrgKind, Role
from zwgk.organizations.permissions import is_platform_admin
from zwgk.registries.models import (
    EmergencyPlan,
    EmergencyPlanRevision,
    EmergencyPlanType,
    PlanLevel,
    RevisionKind,
)
from zwgk.registries.permissions import require_edit

PLAN_FIELDS = ["title", "plan_type", "level", "document", "issued_on"]
# Units expected to publish plans: governments and their departments (not enterprises).
PLANNING_KINDS = frozenset(
    {
        OrgKind.GOVERNMENT,
        OrgKind.DEPARTMENT,
        OrgKind.DISTRICT,
        OrgKind.DEVELOPMENT_ZONE,
        OrgKind.TOWNSHIP,
        OrgKind.STREET,
    }
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day when it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- who oversees -------------------------------------------------------------------------------
def emergency_scope(user: Any) -> QuerySet[Organization]:
    """The units whose plans the user oversees: for the emergency-management office role held
    at an agency, every unit of the government that agency belongs to (its parent's subtree);
    administrators everything."""
    qs = Organization.objects.filter(is_active=True)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_platform_admin(user):
        return qs
    cond = Q(pk__in=[])
    for org in Organization.objects.filter(
        memberships__user=user, memberships__role=Role.EMERGENCY_OFFICE
    ).select_related("parent"):
        root = org.parent or org
        cond |= Q(path__startswith=root.path)
    return qs.filter(cond)


def is_emergency_office(user: Any) -> bool:
    if is_platform_admin(user):
        return True
    return Membership.objects.filter(user=user, role=Role.EMERGENCY_OFFICE).exists()


def require_emergency_office(user: Any) -> None:
    if not is_emergency_office(user):
        raise NotPermitted("只有应急管理部门（应急预案监督岗）或平台管理员可以执行此操作。")


# --- changes -----------------------------------------------------------------------------------
def _published(document: Document | None) -> Document | None:
    if document is not None and document.state != DocumentState.PUBLISHED:
        raise ValidationFailed("预案文件须为已发布的信息。", fields={"document": "未发布"})
    return document


def plan_register(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    plan_type: EmergencyPlanType,
    level: str,
    issued_on: date,
    document: Document | None = None,
    check_permission: bool = True,
) -> EmergencyPlan:
    if check_permission:
        require_edit(actor, organization)
    title = title.strip()
    if not title:
        raise ValidationFailed("请填写预案名称。", fields={"title": "必填"})
    if EmergencyPlan.objects.filter(organization=organization, title=title).exists():
        raise ValidationFailed("本单位已有同名预案，请记录修订而不是重新登记。", fields={"title": "重复"})
    with transaction.atomic():
        plan = EmergencyPlan.objects.create(
            organization=organization,
            title=title,
            plan_type=plan_type,
            level=level,
            issued_on=issued_on,
            document=_published(document),
        )
        EmergencyPlanRevision.objects.create(
            plan=plan, kind=RevisionKind.ISSUED, on=issued_on, document=document
        )
        audit.record(
            actor=actor,
            verb="registries.plan_register",
            target=plan,
            organization_code=organization.code,
            after=audit.snapshot(plan, PLAN_FIELDS),
        )
    return plan


def plan_record(
    *,
    actor: Any,
    plan: EmergencyPlan,
    kind: str,
    on: date,
    note: str = "",
    document: Document | None = None,
    check_permission: bool = True,
) -> EmergencyPlanRevision:
    """Record an evaluation or a revision; a revision with a new document replaces the plan's.
    A revision is `plan_revise` with the plan's other columns unchanged (one way to revise)."""
    if check_permission:
        require_edit(actor, plan.organization)
    if kind not in (RevisionKind.EVALUATED, RevisionKind.REVISED):
        raise ValidationFailed("只能记录评估或修订。", fields={"kind": "evaluated / revised"})
    if kind == RevisionKind.REVISED:
        return plan_revise(
            actor=actor,
            plan=plan,
            on=on,
            note=note,
            title=plan.title,
            plan_type=plan.plan_type,
            level=plan.level,
            document=document or plan.document,
            check_permission=False,
        )
    if on < plan.issued_on:
        raise ValidationFailed(
            f"日期不能早于预案印发日期（{plan.issued_on:%Y-%m-%d}）。", fields={"on": "早于印发日期"}
        )
    with transaction.atomic():
        revision = EmergencyPlanRevision.objects.create(
            plan=plan, kind=kind, on=on, note=note.strip(), document=_published(document)
        )
        audit.record(
            actor=actor,
            verb=f"registries.plan_{kind}",
            target=plan,
            organization_code=plan.organization.code,
            data={"on": on.isoformat(), "note": revision.note, "document": document.pk if document else None},
        )
    return revision


PLAN_TYPE_FIELDS = ["code", "name", "review_period_months", "sort"]


def _plan_type_checks(*, name: str, months: int, sort: int, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "必填"
    elif EmergencyPlanType.objects.filter(name=name).exclude(pk=exclude).exists():
        errors["name"] = "已有同名预案类型"
    if not 1 <= months <= 120:
        errors["review_period_months"] = "应为 1–120 个月"
    if not 0 <= sort <= 9999:
        errors["sort"] = "应为 0–9999"
    return errors


def plan_type_create(
    *, actor: Any, code: str, name: str, review_period_months: int, sort: int = 100
) -> EmergencyPlanType:
    """A new plan type. Its code is used by the API's filters, so it is chosen once."""
    require_emergency_office(actor)
    code, name = code.strip(), name.strip()
    errors = _plan_type_checks(name=name, months=review_period_months, sort=sort)
    if not code or slugify(code) != code or len(code) > 64:
        errors["code"] = "由小写字母、数字和连字符组成，最长64位"
    elif EmergencyPlanType.objects.filter(code=code).exists():
        errors["code"] = "代码已被使用"
    if errors:
        raise ValidationFailed("预案类型填写有误。", fields=errors)
    with transaction.atomic():
        plan_type = EmergencyPlanType.objects.create(
            code=code, name=name, review_period_months=review_period_months, sort=sort
        )
        audit.record(
            actor=actor,
            verb="registries.plan_type_create",
            target=plan_type,
            after=audit.snapshot(plan_type, PLAN_TYPE_FIELDS),
        )
    return plan_type


def plan_type_update(
    *, actor: Any, plan_type: EmergencyPlanType, name: str, review_period_months: int, sort: int
) -> EmergencyPlanType:
    """Rename a type or change its evaluation period: every plan of the type is due
    `review_period_months` after its latest issue, evaluation or revision from now on."""
    require_emergency_office(actor)
    name = name.strip()
    errors = _plan_type_checks(name=name, months=review_period_months, sort=sort, exclude=plan_type.pk)
    if errors:
        raise ValidationFailed("预案类型填写有误。", fields=errors)
    before = audit.snapshot(plan_type, PLAN_TYPE_FIELDS)
    plan_type.name, plan_type.review_period_months, plan_type.sort = name, review_period_months, sort
    after = audit.snapshot(plan_type, PLAN_TYPE_FIELDS)
    if before == after:
        return plan_type
    with transaction.atomic():
        plan_type.save(update_fields=["name", "review_period_months", "sort"])
        audit.record(
            actor=actor, verb="registries.plan_type_update", target=plan_type, before=before, after=after
        )
    return plan_type


def plan_type_set_period(*, actor: Any, plan_type: EmergencyPlanType, months: int) -> EmergencyPlanType:
    return plan_type_update(
        actor=actor,
        plan_type=plan_type,
        name=plan_type.name,
        review_period_months=months,
        sort=plan_type.sort,
    )


def plan_revise(
    *,
    actor: Any,
    plan: EmergencyPlan,
    on: date,
    note: str,
    title: str,
    plan_type: EmergencyPlanType,
    level: str,
    document: Document | None,
    check_permission: bool = True,
) -> EmergencyPlanRevision:
    """Change a registered plan. Every change is a revision (修订): it goes into the plan's
    history with its date and what changed, and restarts the evaluation period."""
    if check_permission:
        require_edit(actor, plan.organization)
    title, note = title.strip(), note.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "必填"
    elif (
        EmergencyPlan.objects.filter(organization=plan.organization, title=title).exclude(pk=plan.pk).exists()
    ):
        errors["title"] = "本单位已有同名预案"
    if level not in PlanLevel.values:
        errors["level"] = "未知层级"
    if on < plan.issued_on:
        errors["on"] = f"不能早于预案印发日期（{plan.issued_on:%Y-%m-%d}）"
    if errors:
        raise ValidationFailed("预案修订填写有误。", fields=errors)
    with transaction.atomic():
        plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
        before = audit.snapshot(plan, PLAN_FIELDS)
        plan.title, plan.plan_type, plan.level = title, plan_type, level
        plan.document = _published(document)
        after = audit.snapshot(plan, PLAN_FIELDS)
        changed = [f for f in PLAN_FIELDS if before[f] != after[f]]
        if not changed and not note:
            raise ValidationFailed(
                "没有修改任何内容；只记录评估时请选择“记录评估”。", fields={"note": "无修改"}
            )
        labels = "、".join(str(EmergencyPlan._meta.get_field(f).verbose_name) for f in changed)
        revision = EmergencyPlanRevision.objects.create(
            plan=plan,
            kind=RevisionKind.REVISED,
            on=on,
            note=(note or f"修改了{labels}")[:500],
            document=plan.document if "document" in changed else None,
        )
        plan.save(update_fields=["title", "plan_type", "level", "document", "updated_at"])
        audit.record(
            actor=actor,
            verb="registries.plan_revise",
            target=plan,
            organization_code=plan.organization.code,
            before={f: before[f] for f in changed},
            after={f: after[f] for f in changed},
            data={"on": on.isoformat(), "note": revision.note},
        )
    return revision


# --- status ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanStatus:
    plan: EmergencyPlan
    last_reviewed_on: date  # the latest of issued, evaluated, revised
    due_on: date
    published: bool

    def overdue(self, today: date) -> bool:
        return today > self.due_on


def plan_statuses(plans: QuerySet[EmergencyPlan]) -> list[PlanStatus]:
    """Each plan with the day its next evaluation or revision is due: the type's period after
    its latest issue, evaluation or revision."""
    plans = plans.select_related("organization", "plan_type", "document").prefetch_related("revisions")
    out = []
    for plan in plans:
        last = max([plan.issued_on, *(r.on for r in plan.revisions.all())])
        out.append(
            PlanStatus(
                plan=plan,
                last_reviewed_on=last,
                due_on=add_months(last, plan.plan_type.review_period_months),
                published=plan.document is not None and plan.document.state == DocumentState.PUBLISHED,
            )
        )
    return out


@dataclass(frozen=True)
class UnitRow:
    organization: Organization
    plans: int
    published: int
    overdue: int


def oversight(user: Any, *, today: date) -> tuple[list[UnitRow], list[PlanStatus]]:
    """For the emergency-management office: every planning unit in scope with its plans,
    published plans and overdue plans; and the overdue plans, most overdue first."""
    units = list(emergency_scope(user).filter(kind__in=PLANNING_KINDS))
    statuses = plan_statuses(EmergencyPlan.objects.filter(organization__in=units))
    rows = []
    for unit in units:
        mine = [s for s in statuses if s.plan.organization_id == unit.pk]
        rows.append(
            UnitRow(
                organization=unit,
                plans=len(mine),
                published=sum(1 for s in mine if s.published),
                overdue=sum(1 for s in mine if s.overdue(today)),
            )
        )
    overdue = sorted((s for s in statuses if s.overdue(today)), key=lambda s: (s.due_on, s.plan.pk))
    return rows, overdue


def overdue_plans(organizations: QuerySet[Organization], *, today: date) -> list[PlanStatus]:
    """The plans of `organizations` overdue for evaluation or revision, most overdue first, in
    one query (the latest history date aggregated in the database): the navigation's to-do
    counts read it on every back-office page."""
    plans = (
        EmergencyPlan.objects.filter(organization__in=organizations)
        .annotate(last_on=Max("revisions__on"))
        .select_related("organization", "plan_type")
    )
    out = []
    for plan in plans:
        last = max(plan.issued_on, plan.last_on or plan.issued_on)
        due = add_months(last, plan.plan_type.review_period_months)
        if today > due:
            out.append(PlanStatus(plan=plan, last_reviewed_on=last, due_on=due, published=False))
    return sorted(out, key=lambda s: (s.due_on, s.plan.pk))
