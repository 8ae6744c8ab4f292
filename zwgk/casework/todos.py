"""The workbench's to-do entries for casework (zwgk.core.todos): drafts the handler has to finish
and submit, letters of the office head's agency in sign-off, and 会商 invitations waiting for the
opinion of the user's unit (any role: any of a unit's staff may answer for it).

`letters_in_signoff` lists the letters whose sign-off step waits for the user
(`casework.replies.letters_awaiting_signoff`, decision 0016): the office head and every other
post a chain names; the review queue's provider leaves letters to this one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zwgk.casework.joint_studies import joint_studies_awaiting
from zwgk.casework.models import Letter, LetterState
from zwgk.casework.replies import letters_awaiting_signoff
from zwgk.core import todos
from zwgk.core.todos import TodoEntry, capped
from zwgk.foi.selectors import ACT_ROLES
from zwgk.organizations.models import STAFF_ROLES, Role
from zwgk.organizations.permissions import organizations_with_role
from zwgk.review.chains import STEP_ROLES


def _letters(user: Any, state: str, *roles: str) -> QuerySet[Letter]:
    return Letter.objects.filter(
        state=state, application__organization__in=organizations_with_role(user, *roles)
    ).select_related("application")


def _entries(letters: QuerySet[Letter], today: date, note: str) -> list[TodoEntry]:
    # One query unless the list is full: only then is the total counted apart.
    page = list(letters.order_by("application__due_on", "pk")[: todos.ITEM_LIMIT])
    total = letters.count() if len(page) == todos.ITEM_LIMIT else len(page)
    items = []
    for letter in page:
        application = letter.application
        due = application.due_on if application.is_open else None
        items.append(
            TodoEntry(
                f"{letter.get_kind_display()}（{application.tracking_code}）",
                1,
                reverse("backoffice:casework_letter", args=[letter.pk]),
                due,
                overdue=due is not None and due < today,
                note=note,
            )
        )
    return capped(items, total, more_url=reverse("backoffice:foi_workbench"))


def letters_to_draft(user: Any, *, today: date) -> list[TodoEntry]:
    """Drafts of the user's agencies, returned ones included: finish the text and submit it."""
    return _entries(_letters(user, LetterState.DRAFT, *ACT_ROLES), today, "完成正文后报送审签")


def letters_in_signoff(user: Any, *, today: date) -> list[TodoEntry]:
    """Letters whose sign-off step waits for this user (the sign-off chains' selector: their post
    at the agency, never a letter they drafted)."""
    return _entries(letters_awaiting_signoff(user), today, "待您审签")


def joint_studies_to_answer(user: Any, *, today: date) -> list[TodoEntry]:
    """会商 invitations of the user's units still waiting for their opinion; the case's reply
    deadline is the date that matters (a joint study never pauses it)."""
    awaiting = joint_studies_awaiting(user)
    page = list(awaiting[: todos.ITEM_LIMIT])
    total = awaiting.count() if len(page) == todos.ITEM_LIMIT else len(page)
    items = []
    for invitation in page:
        study = invitation.study
        application = study.application
        due = application.due_on if application.is_open else None
        items.append(
            TodoEntry(
                f"{application.organization.display_name}：{study.question[:40]}",
                1,
                reverse("backoffice:casework_joint_study", args=[study.pk]),
                due,
                overdue=due is not None and due < today,
                note=f"请代表{invitation.organization.display_name}提出意见",
            )
        )
    return capped(items, total, more_url=reverse("backoffice:casework_joint_studies"))


def register_todos() -> None:
    todos.register(
        todos.TodoProvider(
            code="casework.joint_studies_to_answer",
            label="申请会商：待提出意见",
            roles=frozenset(STAFF_ROLES),
            entries=joint_studies_to_answer,
            menu="backoffice:casework_joint_studies",
            order=130,
        ),
        todos.TodoProvider(
            code="casework.letters_to_draft",
            label="待完成的文书",
            roles=frozenset({Role.HANDLER}),
            entries=letters_to_draft,
            menu="backoffice:foi_workbench",
            order=120,
        ),
        todos.TodoProvider(
            code="casework.letters_in_signoff",
            label="待审签的文书",
            roles=frozenset(STEP_ROLES),
            entries=letters_in_signoff,
            menu="backoffice:review_queue",
            order=200,
        ),
    )
