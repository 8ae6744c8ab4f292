"""To-do entries for complaints (申诉): the competent department's complaints to answer, and the
supervising office's overdue ones by department. Fixed queries whatever the number of complaints."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.directory.complaints import ANSWER_ROLES, overdue_complaints
from zwgk.directory.models import ComplaintState
from zwgk.organizations.models import Organization, OrgKind, Role
from zwgk.organizations.permissions import organizations_with_role


def _list_url(query: str = "") -> str:
    url = reverse("backoffice:directory_complaints")
    return f"{url}?{query}" if query else url


def complaints_to_answer(user: Any, *, today: date) -> list[TodoEntry] | None:
    """The open complaints of the departments where the user answers; None (no section at all)
    for staff of agencies that oversee no public enterprise and have no complaint on file.
    One query: the departments, whether each oversees a unit, and their open complaints."""
    units = Organization.objects.filter(parent=OuterRef("pk"), kind=OrgKind.PUBLIC_ENTERPRISE)
    is_open = Q(received_disclosure_complaints__state=ComplaintState.OPEN)
    summary = (
        organizations_with_role(user, *ANSWER_ROLES)
        .annotate(oversees_units=Exists(units))
        .aggregate(
            departments=Count("pk", filter=Q(oversees_units=True)),
            complaints=Count("received_disclosure_complaints"),
            n=Count("received_disclosure_complaints", filter=is_open),
            first=Min("received_disclosure_complaints__due_on", filter=is_open),
            late=Count(
                "received_disclosure_complaints",
                filter=is_open & Q(received_disclosure_complaints__due_on__lt=today),
            ),
        )
    )
    if not summary["departments"] and not summary["complaints"]:
        return None
    if not summary["n"]:
        return []
    note = "调查后将结果告知申诉人"
    if summary["late"]:
        note += f"；其中{summary['late']}件已逾期"
    return [
        TodoEntry(
            "待答复的公开申诉",
            summary["n"],
            _list_url("state=open"),
            summary["first"],
            overdue=bool(summary["late"]),
            note=note,
        )
    ]


def overdue_by_department(user: Any, *, today: date) -> list[TodoEntry]:
    rows = (
        overdue_complaints(user, today=today)
        .values("department__code", "department__short_name", "department__name")
        .annotate(n=Count("pk"), first=Min("due_on"))
        .order_by("-n", "department__code")
    )
    return [
        TodoEntry(
            f"{r['department__short_name'] or r['department__name']}：逾期未答复的公开申诉",
            r["n"],
            _list_url(f"state=overdue&department={r['department__code']}"),
            r["first"],
            overdue=True,
        )
        for r in rows
    ]


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="directory.complaints_to_answer",
            label="公共企事业单位信息公开申诉",
            roles=frozenset(ANSWER_ROLES),
            entries=complaints_to_answer,
            menu="backoffice:directory_complaints",
            order=300,
        ),
        todos.TodoProvider(
            code="directory.overdue_complaints",
            label="各主管部门逾期未答复的申诉",
            roles=frozenset({Role.SUPERVISOR, Role.ADMIN}),
            entries=overdue_by_department,
            menu="backoffice:directory_complaints",
            order=510,
        ),
    )
