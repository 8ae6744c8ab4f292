"""The workbench's to-do entries for messages (zwgk.core.todos): pending ones by due date, the
overdue ones apart; a fixed number of queries whatever the number of messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.organizations.models import Role
from zwgk.participation.models import MessageState
from zwgk.participation.selectors import messages_for


def _url(queue: str) -> str:
    return f"{reverse('backoffice:participation_messages')}?queue={queue}"


def messages_to_answer(user: Any, *, today: date) -> list[TodoEntry]:
    pending = Q(state=MessageState.PENDING)
    late = pending & Q(due_on__lt=today)
    s = messages_for(user).aggregate(
        pending_n=Count("pk", filter=pending & Q(due_on__gte=today)),
        pending_first=Min("due_on", filter=pending & Q(due_on__gte=today)),
        late_n=Count("pk", filter=late),
        late_first=Min("due_on", filter=late),
    )
    out = []
    if s["late_n"]:
        out.append(
            TodoEntry(
                "已超过答复期限的留言",
                s["late_n"],
                _url("overdue"),
                s["late_first"],
                True,
                "超过3个月未答复将导致网站检查单项否决",
            )
        )
    if s["pending_n"]:
        out.append(TodoEntry("待答复的留言", s["pending_n"], _url("pending"), s["pending_first"]))
    return out


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="participation.messages_to_answer",
            label="政民互动留言",
            # Supervising offices get the overdue alerts by e-mail (alerts.py); their workbench
            # already spends its query budget on the overdue cases of every agency.
            roles=frozenset({Role.HANDLER, Role.OFFICE_HEAD}),
            entries=messages_to_answer,
            menu="backoffice:participation_messages",
            order=260,
        )
    )
