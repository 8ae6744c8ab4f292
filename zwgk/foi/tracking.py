"""The public tracking answer: what anyone holding a tracking code may learn.

State, dates, the due date and the reply once sent. No personal data, no staff names, no notes,
no consultees: the code may have been passed on or guessed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zwgk.core import ratelimit
from zwgk.foi import tracking_codes
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import STATE_LABELS, State
from zwgk.foi.models import Application
from zwgk.foi.selectors import application_by_tracking_code

# Shown instead of the state while the reply letter waits for sign-off (decision 0016): the case
# is still open and its due date runs, but the applicant learns the reply is written.
REPLY_AWAITING_SIGNOFF_LABEL = "答复待签发"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def lookup(request: HttpRequest, code: str) -> Application:
    """Rate-limited against guessing; DoesNotExist for unknown or malformed codes."""
    ratelimit.hit(request, "tracking_lookup")
    normal = tracking_codes.normalize(code)
    if normal is None:
        raise Application.DoesNotExist
    return application_by_tracking_code(normal)


def tracking_answer(application: Application, *, reply_awaiting_signoff: bool = False) -> dict[str, Any]:
    """`reply_awaiting_signoff`: the case's reply letter is in sign-off, as `casework` (which owns
    letters, decision 0006) knows; `casework.replies.tracking_public` passes it."""
    reply = None
    if application.outcome and application.state == State.CLOSED:
        outcome = OUTCOMES_BY_CODE[application.outcome]
        reply = {
            "replied_on": _iso(application.closed_on),
            "outcome": outcome.code,
            "outcome_label": outcome.label,
        }
    is_open = application.is_open
    awaiting = reply_awaiting_signoff and is_open
    label = REPLY_AWAITING_SIGNOFF_LABEL if awaiting else STATE_LABELS[State(application.state)]
    submitted = timezone.localdate(application.submitted_at) if application.submitted_at else None
    return {
        "tracking_code": application.tracking_code,
        "organization": {"code": application.organization.code, "name": application.organization.name},
        "state": application.state,
        "state_label": label,
        "reply_awaiting_signoff": awaiting,
        "submitted_on": _iso(submitted),
        "received_on": _iso(application.received_on),
        "due_on": _iso(application.due_on) if is_open else None,
        "due_provisional": application.due_provisional if is_open else False,
        "paused": application.paused if is_open else False,
        "closed_on": _iso(application.closed_on),
        "reply": reply,
    }
