"""Reading work plans through the permission check.

The supervising office (supervisor role) sees every unit in the subtree it supervises; a lead
unit sees the whole of the tasks it leads; any other unit sees its own tasks and its own
reports only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import is_platform_admin, organizations_with_role, visible_organizations
from zwgk.workplan.models import (
    ProgressEvidence,
    ProgressReport,
    ProgressStatus,
    TaskUnit,
    UnitRole,
    WorkPlan,
    WorkTask,
    status_as_at,
)


def supervises_all(user: Any, plan: WorkPlan) -> bool:
    """Supervisors of the issuing government (or administrators) see every unit of the plan."""
    if is_platform_admin(user):
        return True
    return organizations_with_role(user, Role.SUPERVISOR).filter(pk=plan.organization_id).exists()


def plan_list_for(user: Any) -> QuerySet[WorkPlan]:
    if is_platform_admin(user):
        return WorkPlan.objects.all()
    orgs = visible_organizations(user)
    return WorkPlan.objects.filter(tasks__assignments__organization__in=orgs).distinct()


def access_plan(user: Any, pk: int | None = None) -> WorkPlan:
    """The plan (the latest when `pk` is None); DoesNotExist → 404 for plans the user has no part in."""
    qs = plan_list_for(user).select_related("organization")
    if pk is None:
        plan = qs.order_by("-year", "-issued_on", "-id").first()
        if plan is None:
            raise WorkPlan.DoesNotExist
        return plan
    return qs.get(pk=pk)


def task_list_for(
    user: Any,
    plan: WorkPlan,
    *,
    unit: Organization | None = None,
    overdue_on: date | None = None,
) -> QuerySet[WorkTask]:
    """Tasks of `plan` the user may see, optionally those of one unit or those overdue on a date."""
    tasks = plan.tasks.all()
    if not supervises_all(user, plan):
        tasks = tasks.involving(visible_organizations(user))
    if unit is not None:
        tasks = tasks.involving([unit])
    if overdue_on is not None:
        tasks = tasks.overdue(on=overdue_on)
    responsible = Q(assignments__role=UnitRole.RESPONSIBLE)
    tasks = tasks.annotate(
        units_total=Count("assignments", filter=responsible),
        units_done=Count("assignments", filter=responsible & Q(assignments__status=ProgressStatus.DONE)),
    )
    if unit is not None:
        tasks = tasks.annotate(
            unit_status=Subquery(
                TaskUnit.objects.filter(task=OuterRef("pk"), organization=unit)
                .order_by("-role")  # responsible before lead
                .values("status")[:1]
            )
        )
    return tasks.prefetch_related(
        Prefetch(
            "assignments",
            queryset=TaskUnit.objects.filter(role=UnitRole.LEAD)
            .select_related("organization")
            .order_by("organization__sort_order"),
            to_attr="lead_assignments",
        )
    ).order_by("position")


def access_task(user: Any, pk: int) -> WorkTask:
    task = WorkTask.objects.select_related("plan__organization").get(pk=pk)
    if supervises_all(user, task.plan):
        return task
    if not task.assignments.filter(organization__in=visible_organizations(user)).exists():
        raise WorkTask.DoesNotExist
    return task


def reports_for(user: Any, task: WorkTask) -> QuerySet[ProgressReport]:
    """All reports for supervisors and the task's lead units; a unit's own reports otherwise."""
    reports = task.reports.select_related("organization").prefetch_related("uploads")
    if supervises_all(user, task.plan):
        return reports
    mine = visible_organizations(user)
    if task.assignments.filter(role=UnitRole.LEAD, organization__in=mine).exists():
        return reports
    return reports.filter(organization__in=mine)


def assignments_visible_to(user: Any, task: WorkTask) -> list[TaskUnit]:
    rows = list(task.assignments.select_related("organization").order_by("role", "organization__sort_order"))
    if supervises_all(user, task.plan):
        return rows
    mine = set(visible_organizations(user).values_list("pk", flat=True))
    if any(r.role == UnitRole.LEAD and r.organization_id in mine for r in rows):
        return rows
    return [r for r in rows if r.organization_id in mine or r.role == UnitRole.LEAD]


@dataclass
class UnitCompletion:
    organization: Organization
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    late: int = 0  # completed after the deadline
    statuses: dict[int, str] = field(default_factory=dict)  # task id → status
    late_tasks: set[int] = field(default_factory=set)

    @property
    def rate(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(self.rate * 100)


def statuses_as_at(plan: WorkPlan, *, on: date) -> dict[tuple[int, int], tuple[str, date | None]]:
    """(task id, organization id) → (status, completion date) as the reports stood at the end of
    `on`: the latest report by date decides the status, as `progress_report_submit` keeps it."""
    out: dict[tuple[int, int], tuple[str, date | None]] = {}
    reports = (
        ProgressReport.objects.filter(task__plan=plan, reported_on__lte=on)
        .order_by("reported_on", "id")
        .values_list("task_id", "organization_id", "status", "reported_on")
    )
    for task_id, org_id, status, day in reports:
        _, done_on = out.get((task_id, org_id), ("", None))
        if status != ProgressStatus.DONE:
            done_on = None
        elif done_on is None:
            done_on = day
        out[(task_id, org_id)] = (status, done_on)
    return out


def completion_by_unit(user: Any, plan: WorkPlan, *, on: date) -> list[UnitCompletion]:
    """One row per responsible unit the user may see: its tasks by status as at `on`, how many
    were overdue then, and how many it completed late.

    Three queries whatever the number of units and tasks.
    """
    rows = (
        TaskUnit.objects.responsible()
        .filter(task__plan=plan)
        .values_list("organization_id", "task_id", "task__deadline")
    )
    if not supervises_all(user, plan):
        rows = rows.filter(organization__in=visible_organizations(user))
    by_org: dict[int, UnitCompletion] = {}
    orgs: dict[int, Organization] = {}
    rows = list(rows)
    if rows:
        orgs = {o.pk: o for o in Organization.objects.filter(pk__in={r[0] for r in rows})}
    then = statuses_as_at(plan, on=on) if rows else {}
    counts: Counter[tuple[int, str]] = Counter()
    for org_id, task_id, deadline in rows:
        status, done_on = then.get((task_id, org_id), (ProgressStatus.NOT_STARTED, None))
        unit = by_org.setdefault(org_id, UnitCompletion(organization=orgs[org_id]))
        unit.total += 1
        unit.statuses[task_id] = status
        counts[(org_id, status)] += 1
        if status != ProgressStatus.DONE and deadline < on:
            unit.overdue += 1
        if done_on is not None and done_on > deadline:
            unit.late += 1
            unit.late_tasks.add(task_id)
    for org_id, unit in by_org.items():
        unit.done = counts[(org_id, ProgressStatus.DONE)]
        unit.in_progress = counts[(org_id, ProgressStatus.IN_PROGRESS)]
        unit.not_started = counts[(org_id, ProgressStatus.NOT_STARTED)]
    return sorted(by_org.values(), key=lambda u: (u.organization.sort_order, u.organization.code))


@dataclass
class PlanSummary:
    tasks: int
    completed: int
    overdue: int
    units: int
    completed_late: int = 0


def plan_summary(user: Any, plan: WorkPlan, *, on: date, completion: list[UnitCompletion]) -> PlanSummary:
    tasks = plan.tasks.all()
    if not supervises_all(user, plan):
        tasks = tasks.involving(visible_organizations(user))
    return PlanSummary(
        tasks=tasks.count(),
        completed=tasks.completed(on=on).count(),
        overdue=tasks.overdue(on=on).count(),
        units=len(completion),
        completed_late=tasks.completed_late(on=on).count(),
    )


def plan_units_for(user: Any, plan: WorkPlan) -> QuerySet[Organization]:
    """Units on the plan the user may filter by: all of them for supervisors, their own otherwise."""
    units = Organization.objects.filter(task_assignments__task__plan=plan).distinct()
    if not supervises_all(user, plan):
        units = units.filter(pk__in=visible_organizations(user))
    return units.order_by("sort_order", "code")


def access_evidence(user: Any, pk: int) -> ProgressEvidence:
    """An uploaded file, to whoever may read the report it belongs to."""
    evidence = ProgressEvidence.objects.select_related("report__task__plan").get(pk=pk)
    task = access_task(user, evidence.report.task_id)
    if not reports_for(user, task).filter(pk=evidence.report_id).exists():
        raise ProgressEvidence.DoesNotExist
    return evidence


def workplan_missed_by_unit(org_ids: list[int], *, year: int, as_of: date) -> list[tuple[int, str, int, str]]:
    """(task id, section, organization id, "overdue" | "late") for the responsible units' tasks of
    `year`'s plans that were, as at `as_of`, past their deadline and not completed, or completed
    after it. One query; read by the supervision overview and the assessment."""
    rows = (
        TaskUnit.objects.responsible()
        .filter(organization_id__in=org_ids, task__plan__year=year, task__deadline__lt=as_of)
        .annotate(status_then=status_as_at(as_of))
        .values_list(
            "task_id", "task__section", "organization_id", "status_then", "completed_on", "task__deadline"
        )
        .order_by("task__plan_id", "task__position", "organization_id")
    )
    out = []
    for task_id, section, org_id, status, completed_on, deadline in rows:
        if status != ProgressStatus.DONE:
            out.append((task_id, section, org_id, "overdue"))
        elif completed_on is not None and deadline < completed_on <= as_of:
            out.append((task_id, section, org_id, "late"))
    return out
