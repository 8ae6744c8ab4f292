"""To-do entries (zwgk.core.todos) for emergency plans overdue for evaluation or revision: the
emergency-management office's, for the units it oversees, and the issuing unit's own, for its
信息员 and 公开工作机构负责人 (who record the evaluation or the revision)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role
from zwgk.registries.emergency import PLANNING_KINDS, emergency_scope, overdue_plans, plan_statuses
from zwgk.registries.models import EmergencyPlan


def plans_overdue(user: Any, *, today: date) -> list[TodoEntry]:
    units = emergency_scope(user).filter(kind__in=PLANNING_KINDS)
    overdue = [
        s for s in plan_statuses(EmergencyPlan.objects.filter(organization__in=units)) if s.overdue(today)
    ]
    if not overdue:
        return []
    overdue.sort(key=lambda s: s.due_on)
    names = "、".join(s.plan.organization.display_name for s in overdue[:3]) + (
        "等" if len(overdue) > 3 else ""
    )
    return [
        TodoEntry(
            "应急预案逾期未评估或修订",
            len(overdue),
            reverse("backoffice:registries_emergency"),
            overdue[0].due_on,
            overdue=True,
            note=names,
        )
    ]


UNIT_ROLES = frozenset({Role.EDITOR, Role.OFFICE_HEAD})


def own_plans_overdue(user: Any, *, today: date) -> list[TodoEntry]:
    """One entry per plan of the user's own units (not those a supervisor oversees): the page
    where the evaluation or revision is recorded. One query."""
    overdue = overdue_plans(organizations_with_role(user, *UNIT_ROLES), today=today)
    return todos.capped(
        [
            TodoEntry(
                f"应急预案逾期未评估或修订：{s.plan.title}",
                1,
                reverse("backoffice:registries_plan", args=[s.plan.organization.code, s.plan.pk]),
                s.due_on,
                overdue=True,
                note=f"{s.plan.plan_type.name}每{s.plan.plan_type.review_period_months}个月评估一次；"
                "评估后记录评估，修订后登记修订",
            )
            for s in overdue[: todos.ITEM_LIMIT]
        ],
        len(overdue),
        more_url=reverse("backoffice:registries"),
    )


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="registries.own_plans_overdue",
            label="本单位应急预案评估修订",
            roles=UNIT_ROLES,
            entries=own_plans_overdue,
            menu="backoffice:registries",
            order=545,
        ),
        todos.TodoProvider(
            code="registries.plans_overdue",
            label="应急预案评估修订",
            roles=frozenset({Role.EMERGENCY_OFFICE}),
            entries=plans_overdue,
            menu="backoffice:registries_emergency",
            order=540,
        ),
    )
