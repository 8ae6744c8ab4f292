"""The emergency-management office's to-do entries (zwgk.core.todos): emergency plans overdue
for evaluation or revision in the units it oversees."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.organizations.models import Role
from zwgk.registries.emergency import PLANNING_KINDS, emergency_scope, plan_statuses
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


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="registries.plans_overdue",
            label="应急预案评估修订",
            roles=frozenset({Role.EMERGENCY_OFFICE}),
            entries=plans_overdue,
            menu="backoffice:registries_emergency",
            order=540,
        )
    )
