"""Emergency plans (应急预案; seed 五(二): units publish their plans, emergency-management
departments supervise): the registry, its history, and the emergency-management office's view
of which units have published theirs and which plans are overdue for evaluation or revision."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from zwgk.catalog.models import Document, DocumentState
from zwgk.core import audit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.organizations.models import Membership, Organization, OrgKind, Role
from zwgk.organizations.permissions import is_platform_admin
from zwgk.registries.models import (
    EmergencyPlan,
    EmergencyPlanRevision,
    EmergencyPlanType,
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
    """Record an evaluation or a revision; a revision with a new document replaces the plan's."""
    if check_permission:
        require_edit(actor, plan.organization)
    if kind not in (RevisionKind.EVALUATED, RevisionKind.REVISED):
        raise ValidationFailed("只能记录评估或修订。", fields={"kind": "evaluated / revised"})
    if on < plan.issued_on:
        raise ValidationFailed(
            f"日期不能早于预案印发日期（{plan.issued_on:%Y-%m-%d}）。", fields={"on": "早于印发日期"}
        )
    with transaction.atomic():
        revision = EmergencyPlanRevision.objects.create(
            plan=plan, kind=kind, on=on, note=note.strip(), document=_published(document)
        )
        if kind == RevisionKind.REVISED and document is not None:
            plan.document = document
            plan.save(update_fields=["document", "updated_at"])
        audit.record(
            actor=actor,
            verb=f"registries.plan_{kind}",
            target=plan,
            organization_code=plan.organization.code,
            data={"on": on.isoformat(), "note": revision.note, "document": document.pk if document else None},
        )
    return revision


def plan_type_set_period(*, actor: Any, plan_type: EmergencyPlanType, months: int) -> EmergencyPlanType:
    require_emergency_office(actor)
    if not 1 <= months <= 120:
        raise ValidationFailed("评估周期应为 1–120 个月。", fields={"review_period_months": "1–120"})
    before = plan_type.review_period_months
    if before == months:
        return plan_type
    with transaction.atomic():
        plan_type.review_period_months = months
        plan_type.save(update_fields=["review_period_months"])
        audit.record(
            actor=actor,
            verb="registries.plan_type_period",
            target=plan_type,
            before={"review_period_months": before},
            after={"review_period_months": months},
        )
    return plan_type


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
