"""The reviewer's to-do entries (zwgk.core.todos): what waits for their sign-off, by kind."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from zwgk.core import todos
from zwgk.core.todos import TodoEntry
from zwgk.review import registry
from zwgk.review.chains import STEP_ROLES
from zwgk.review.selectors import review_queue_for

# Letters are listed one by one by `casework.letters_in_signoff`, with their cases' deadlines.
LISTED_ELSEWHERE = ("foi.letter",)


def review_queue_todos(user: Any, *, today: date) -> list[TodoEntry]:
    """What waits for the user's sign-off step, by kind (decision 0016's chains)."""
    rows = (
        review_queue_for(user)
        .exclude(kind__in=LISTED_ELSEWHERE)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), first=Min("submitted_at"))
        .order_by("kind")
    )
    url = reverse("backoffice:review_queue")
    return [
        TodoEntry(
            f"待审签：{registry.label(r['kind'])}",
            r["n"],
            url,
            note=f"最早于{timezone.localtime(r['first']):%Y-%m-%d}报审",
        )
        for r in rows
    ]


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="review.queue",
            label="审签队列",
            roles=frozenset(STEP_ROLES),
            entries=review_queue_todos,
            menu="backoffice:review_queue",
            order=300,
        )
    )
