"""The work plan's to-do entries (zwgk.core.todos): a lead unit sees, per task it leads, how
many responsible units are behind (deadline passed, not completed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count
from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import ITEM_LIMIT, TodoEntry
from zwgk.organizations.permissions import organizations_with_role
from zwgk.workplan.models import OPEN_STATUSES, TaskUnit, UnitRole
from zwgk.workplan.services import REPORTER_ROLES


def units_behind_on_led_tasks(user: Any, *, today: date) -> list[TodoEntry]:
    """One query: open responsible rows past their deadline on tasks led by the user's units."""
    mine = organizations_with_role(user, *REPORTER_ROLES).values("pk")
    rows = (
        TaskUnit.objects.responsible()
        .filter(
            status__in=OPEN_STATUSES,
            task__deadline__lt=today,
            task__assignments__role=UnitRole.LEAD,
            task__assignments__organization__in=mine,
        )
        .values("task_id", "task__section", "task__title", "task__deadline")
        .annotate(behind=Count("organization", distinct=True))
        .order_by("task__deadline", "task__position")
    )
    entries = [
        TodoEntry(
            f"{r['task__section']}{r['task__title']}：{r['behind']} 个责任单位逾期未完成",
            r["behind"],
            reverse("backoffice:workplan_task", args=[r["task_id"]]),
            r["task__deadline"],
            overdue=True,
            note="本单位牵头的任务，请督促落实",
        )
        for r in rows
    ]
    return todos.capped(
        entries[:ITEM_LIMIT],
        sum(e.count for e in entries),
        more_url=reverse("backoffice:workplan_overview"),
        more_title="其余牵头任务",
    )


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="workplan.units_behind",
            label="牵头任务的落实情况",
            roles=frozenset(REPORTER_ROLES),
            entries=units_behind_on_led_tasks,
            menu="backoffice:workplan_overview",
            order=450,
        )
    )
