"""The editor's to-do entries (zwgk.core.todos): drafts returned by the reviewer, and the
agency's items this year flagged for a missing or late interpretation.

The interpretation flags apply the supervising office's rules of `catalog.compliance` (the same
functions `selectors.compliance_flags_for` applies) to the editor's own agencies only, in two
queries whatever the year's volume: the editor sees what the supervisor will count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zwgk.catalog import compliance
from zwgk.catalog.models import Document, DocumentState
from zwgk.core import todos
from zwgk.core.todos import TodoEntry, capped
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role


def returned_drafts(user: Any, *, today: date) -> list[TodoEntry]:
    docs = Document.objects.filter(
        organization__in=organizations_with_role(user, Role.EDITOR), state=DocumentState.RETURNED
    )
    page = list(docs.order_by("-updated_at", "-pk").values_list("pk", "title")[: todos.ITEM_LIMIT])
    total = docs.count() if len(page) == todos.ITEM_LIMIT else len(page)
    items = [
        TodoEntry(
            title, 1, reverse("backoffice:catalog_document", args=[pk]), note="按审签意见修改后重新报审"
        )
        for pk, title in page
    ]
    return capped(
        items, total, more_url=f"{reverse('backoffice:catalog_documents')}?state={DocumentState.RETURNED}"
    )


def interpretation_flags(user: Any, *, today: date) -> list[TodoEntry]:
    """Policies the agency published this year with no interpretation, or with one published later."""
    scope = Document.objects.published().filter(
        organization__in=organizations_with_role(user, Role.EDITOR),
        published_on__gte=date(today.year, 1, 1),
        published_on__lte=date(today.year, 12, 31),
    )
    interpreted: dict[int, list[date]] = {}
    for policy_id, published_on in (
        Document.objects.published()
        .filter(interprets__in=scope.values("pk"))
        .values_list("interprets_id", "published_on")
    ):
        interpreted.setdefault(policy_id, []).append(published_on)
    flagged: list[tuple[date, int, str, str]] = []
    for pk, title, kind, genre_requires, published_on in scope.values_list(
        "pk", "title", "kind", "genre__requires_interpretation", "published_on"
    ):
        if not compliance.needs_interpretation(kind=kind, genre_requires=bool(genre_requires)):
            continue
        problem = compliance.interpretation_flag(published_on, interpreted.get(pk, []))
        if problem is not None:
            flagged.append((published_on, pk, title, problem))
    flagged.sort(reverse=True)
    items = [
        TodoEntry(
            title,
            1,
            reverse("backoffice:catalog_document", args=[pk]),
            published_on,
            overdue=True,
            note=compliance.FLAG_LABELS[problem],
        )
        for published_on, pk, title, problem in flagged[: todos.ITEM_LIMIT]
    ]
    return capped(
        items,
        len(flagged),
        more_url=f"{reverse('backoffice:catalog_documents')}?state={DocumentState.PUBLISHED}",
    )


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="catalog.returned_drafts",
            label="被退回的稿件",
            roles=frozenset({Role.EDITOR}),
            entries=returned_drafts,
            menu="backoffice:catalog_documents",
            order=400,
        ),
        todos.TodoProvider(
            code="catalog.interpretation_flags",
            label="政策文件解读（本年度）",
            roles=frozenset({Role.EDITOR}),
            entries=interpretation_flags,
            menu="backoffice:catalog_documents",
            order=410,
        ),
    )
