"""To-do entries: published guides that lack a key element (RULES §5.1 would fail the site),
for the agency's editors and signers and for the supervising office above them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count
from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.organizations.models import Role
from zwgk.services.guides import incomplete_published

ROLES = frozenset({Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN})


def incomplete_guide_todos(user: Any, *, today: date) -> list[TodoEntry]:
    url = reverse("backoffice:services_guides") + "?incomplete=1"
    rows = (
        incomplete_published(user)
        .order_by()
        .values("organization__short_name", "organization__name")
        .annotate(n=Count("pk"))
        .order_by("organization__short_name")
    )
    return [
        TodoEntry(
            f"办事指南要素缺失：{r['organization__short_name'] or r['organization__name']}",
            r["n"],
            url,
            note="缺少名称、依据、条件、材料、地点、时间、电话、流程之一，网站普查单项否决",
        )
        for r in rows
    ]


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="services.incomplete_guides",
            label="办事指南要素缺失",
            roles=ROLES,
            entries=incomplete_guide_todos,
            menu="backoffice:services_guides",
            order=420,
        )
    )
