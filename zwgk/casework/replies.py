"""A reply is given when its letter is issued (issue 19 item 10, decision 0016).

The handler records the reply (outcome and date) through `reply_record`, from the case page or
the API. The reply letter is prepared (an unlinked draft of that outcome is taken over, else one
is filled in from the template) and then either
- issued at once, when the caller holds every step of the reply chain and the letter is nobody's
  draft (API.md: "the caller's role decides"): the `replied` event is appended on `on`; or
- sent through the sign-off chain (or left as a draft when something is still to be written in):
  the case stays open and shows "答复待签发", its due date running; the chain's last approval
  appends the `replied` event dated that day, the letter's 落款日期, and issues the letter.
Imported past cases (`application_register(history=…)`) carry their reply date as before.

And the letter queues the workbench lists: letters waiting for a user's sign-off, letters not
yet sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zwgk.casework import letters
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.domain.letter_texts import LetterKind
from zwgk.casework.models import Letter, LetterState
from zwgk.core.errors import Conflict, NotPermitted
from zwgk.foi import tracking
from zwgk.foi.domain.states import OPEN_STATES, EventType, State
from zwgk.foi.models import Application
from zwgk.foi.selectors import ACT_ROLES, application_list_for, can_act
from zwgk.foi.services import NewEvent, application_append_event
from zwgk.foi.services.replies import reply_check
from zwgk.organizations.permissions import organizations_with_role
from zwgk.review.selectors import review_queue_for


@dataclass(frozen=True)
class ReplyRecorded:
    application: Application
    letter: Letter
    issued: bool  # False: the case waits for the letter's sign-off (答复待签发) or its draft


def _unlinked_draft(application: Application, outcome: str) -> Letter | None:
    """A reply of that outcome drafted ahead (by the handler, for the page's editor)."""
    return (
        application.letters.select_for_update()
        .filter(kind=LetterKind.REPLY, variant=outcome, event__isnull=True, state=LetterState.DRAFT)
        .order_by("-id")
        .first()
    )


def reply_record(
    *,
    actor: Any,
    application_id: int,
    outcome: str,
    on: date,
    note: str = "",
    today: date | None = None,
) -> ReplyRecorded:
    """Record the reply of a case: issued at once, or sent for sign-off (see the module)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = (
            application_list_for(actor)
            .select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=application_id)
        )
        if not can_act(actor, application):
            raise NotPermitted("只有受理机关的依申请经办人或公开工作机构负责人可以办理。")
        reply_check(application, outcome=outcome, on=on, today=today)
        waiting = reply_awaiting_signoff(application)
        if waiting is not None:
            raise Conflict(
                "该申请的答复书已在审签中，签发后即办结；如需修改请先退回或撤回。",
                code="reply_awaiting_signoff",
            )
        org = application.organization
        steps = letters.chain_for(org, letters.REVIEW_KIND, LetterKind.REPLY.value)
        draft = _unlinked_draft(application, outcome)
        if draft is None and letters.may_sign_at_once(actor, org, steps):
            # The event appended, its hook fills the letter in from the template and signs it off
            # at once. A letter with something left to write in is not signed: the savepoint
            # undoes the event and the letter is prepared below instead.
            try:
                with transaction.atomic():
                    appended = application_append_event(
                        actor=actor,
                        application_id=application.pk,
                        event=NewEvent(type=EventType.REPLIED.value, on=on, outcome=outcome, note=note),
                        today=today,
                    )
                    letter = Letter.objects.get(event=appended.event)
            except Conflict as exc:
                # The append refuses a reply whose letter it could not issue (decision 0016).
                if exc.code != letters.REPLY_NEEDS_SIGNOFF:
                    raise
            else:
                application.refresh_from_db()
                return ReplyRecorded(application, letter, issued=True)
        letter = draft or letters._create(
            application, LetterKind.REPLY, variant=outcome, actor=actor, today=on
        )
        letter.letter_date = on
        letter.save(update_fields=["letter_date", "updated_at"])
        if not texts.markers(letter.body):
            letters._submit(letter, actor, note=note or "答复书报审签，签发后办结")
        letter.refresh_from_db()
        application.refresh_from_db()
    return ReplyRecorded(application, letter, issued=letter.state == LetterState.ISSUED)


def reply_awaiting_signoff(application: Application) -> Letter | None:
    """The reply letter in sign-off whose issue will close the case (the case shows 答复待签发)."""
    return (
        application.letters.filter(
            kind=LetterKind.REPLY,
            event__isnull=True,
            state__in=(LetterState.SUBMITTED, LetterState.APPROVED),
        )
        .order_by("-id")
        .first()
    )


def tracking_public(application: Application) -> dict[str, Any]:
    """The public tracking answer (portal page and API alike): the case's progress, 答复待签发
    while its reply letter is in sign-off, and its issued letters."""
    return {
        **tracking.tracking_answer(
            application, reply_awaiting_signoff=reply_awaiting_signoff(application) is not None
        ),
        "letters": letters.issued_letters_public(application),
    }


def replies_awaiting_signoff_among(application_ids: list[int]) -> set[int]:
    """Which of these cases wait for their reply letter's sign-off (one query, for lists)."""
    return set(
        Letter.objects.filter(
            application_id__in=application_ids,
            kind=LetterKind.REPLY,
            event__isnull=True,
            state__in=(LetterState.SUBMITTED, LetterState.APPROVED),
        ).values_list("application_id", flat=True)
    )


def letters_awaiting_signoff(user: Any) -> QuerySet[Letter]:
    """Letters whose sign-off step waits for this user: their post at the agency, never a
    letter they drafted (decision 0016). The workbench's signer to-do list."""
    ids = review_queue_for(user, kind=letters.REVIEW_KIND).values("object_id")
    return (
        Letter.objects.filter(pk__in=ids, state=LetterState.SUBMITTED)
        .select_related("application__organization")
        .order_by("created_at", "id")
    )


def letters_unsent(user: Any) -> QuerySet[Letter]:
    """Letters of the user's agencies (as handler or office head) not yet issued: drafts to
    finish, letters in sign-off, approved letters whose step is not recorded. Oldest first."""
    return (
        Letter.objects.filter(
            application__organization__in=organizations_with_role(user, *ACT_ROLES),
            state__in=(LetterState.DRAFT, LetterState.SUBMITTED, LetterState.APPROVED),
        )
        # A reply drafted for a case closed otherwise (withdrawn) will never be sent.
        .exclude(
            kind=LetterKind.REPLY,
            event__isnull=True,
            application__state__in=[s.value for s in State if s not in OPEN_STATES],
        )
        .select_related("application__organization")
        .order_by("created_at", "id")
    )
