"""To-do entries: published Q&A entries whose source lapsed (repealed, amended, withdrawn), for
the owning agency's editors and reviewers, until someone edits or retires each (issue 24.3).

The public never sees such an entry as current (it is resolved at every read); the stored
`Entry.lapsed_on`, written by `services.entries_recheck`, keeps this count to one query."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count
from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.knowledge.models import Entry, EntryState
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role

ROLES = frozenset({Role.EDITOR, Role.REVIEWER})


def lapsed_entry_todos(user: Any, *, today: date) -> list[TodoEntry]:
    url = reverse("backoffice:knowledge_entries") + "?expired=1"
    rows = (
        Entry.objects.filter(
            state=EntryState.PUBLISHED,
            lapsed_on__isnull=False,
            organization__in=organizations_with_role(user, *ROLES),
        )
        .values("organization__short_name", "organization__name")
        .annotate(n=Count("pk"))
        .order_by("organization__short_name")
    )
    return [
        TodoEntry(
            f"来源已失效的问答：{r['organization__short_name'] or r['organization__name']}",
            r["n"],
            url,
            note="来源文件已修改、废止或事项停止办理，请修改后重新报审，或撤下",
        )
        for r in rows
    ]


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="knowledge.lapsed_entries",
            label="来源已失效的问答",
            roles=ROLES,
            entries=lapsed_entry_todos,
            menu="backoffice:knowledge_entries",
            order=430,
        )
    )
