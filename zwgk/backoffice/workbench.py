"""The workbench's to-do list for the request's user, computed once per request: the workbench
page lists it, and every back-office page's navigation shows its counts (zwgk.core.todos)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest
from django.utils import timezone

from zwgk.core import todos
from zwgk.core.calendars import calendar_current
from zwgk.core.todos import TodoEntry, TodoSection
from zwgk.organizations.permissions import roles_of

DASHBOARD = "backoffice:dashboard"


def todo_sections(request: HttpRequest) -> list[TodoSection]:
    cached: list[TodoSection] | None = getattr(request, "_zwgk_todos", None)
    if cached is None:
        cached = todos.sections_for(request.user, roles_of(request.user), today=timezone.localdate())
        request._zwgk_todos = cached  # type: ignore[attr-defined]
    return cached


def todo_counts(request: HttpRequest) -> dict[str, int]:
    """Menu url name → count; the workbench's own entry counts everything."""
    sections = todo_sections(request)
    counts = todos.counts_by_menu(sections)
    counts[DASHBOARD] = sum(s.count for s in sections)
    return counts


@dataclass(frozen=True)
class Row:
    entry: TodoEntry
    workdays_left: int | None  # negative: working days past the due date

    @property
    def left_label(self) -> str:
        left = self.workdays_left
        if left is None:
            return ""
        if left < 0:
            return f"已过{-left}个工作日"
        return "今日到期" if left == 0 else f"剩{left}个工作日"


def rows_of(section: TodoSection, *, today: date) -> list[Row]:
    cal = calendar_current()
    rows = []
    for entry in section.entries:
        left = None
        if entry.due_on is not None:
            if today <= entry.due_on:
                left = cal.workdays_between(today, entry.due_on)
            else:
                left = -max(1, cal.workdays_between(entry.due_on, today))
        rows.append(Row(entry, left))
    return rows
