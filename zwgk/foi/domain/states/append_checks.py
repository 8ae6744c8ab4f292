"""Rules checked when an event is appended, never on replay.

Stored timelines from before these rules (imported cases, older data) stay readable: `fold.apply`
folds them as they are, and only a new event must pass these. Calendar rules come after, in
`clock.check_event`, which calls `check_new_event` first.
"""

from __future__ import annotations

from datetime import date

from zwgk.foi.domain.outcomes import DISCLOSED, THIRD_PARTY_RIGHTS, TOO_MANY
from zwgk.foi.domain.states.errors import MESSAGES, EventNotAllowed, EventOutOfOrder, InvalidEvent
from zwgk.foi.domain.states.fold import out_of_order
from zwgk.foi.domain.states.records import EventRecord, Progress
from zwgk.foi.domain.states.table import EventType

_E = EventType
CLOSING_EVENTS = frozenset({_E.REPLIED, _E.WITHDRAWN})


def check_order(progress: Progress, event: EventRecord, *, today: date) -> None:
    """RULES §2.7 item 6, the parts `fold.apply` does not hold stored data to: no event after
    today, and a closing event on or after every earlier event of the case (the corrected
    application, the last consultation's end, the last payment, and the rest)."""
    if event.on > today:
        message = f"“{event.type.label}”的日期（{event.on.isoformat()}）不能晚于今天（{today.isoformat()}）"
        raise EventOutOfOrder(message, on=event.on, other=today, code="date_in_future")
    open_case = progress.state is not None and progress.state.is_open
    latest, latest_event = progress.latest_on, progress.latest_event
    if event.type in CLOSING_EVENTS and open_case and latest is not None and event.on < latest:
        assert latest_event is not None
        raise out_of_order(event, latest, f"本案已记录的“{latest_event.label}”日期")


def check_new_event(progress: Progress, event: EventRecord, *, today: date) -> None:
    """Order, then what the law requires before this event (no calendar needed)."""
    check_order(progress, event, today=today)
    state, t = progress.state, event.type
    if t is _E.CONSULTATION_ENDED:
        match = next((c for c in progress.open_consultations if c.id == event.consultation_id), None)
        if match is not None and match.third_party and not isinstance(event.objected, bool):
            # RULES §2.7 item 9: a disclosure over an objection needs the written notice, so the
            # end of a third party's consultation says whether it objected.
            raise InvalidEvent("objected_required", "请说明第三方是否同意公开", field="objected")
    elif t is _E.FEE_NOTICE_SENT:
        if event.amount is not None and event.amount <= 0:
            raise InvalidEvent("fee_zero", MESSAGES["fee_zero"], field="quantity")
        bases = {f.basis for f in progress.fee_notices if f.basis}
        if bases and event.basis not in bases:
            raise InvalidEvent("fee_basis_differs", MESSAGES["fee_basis_differs"], field="basis")
    elif t in (_E.REPLIED, _E.REREPLIED):  # a new reply after 纠正 meets the same prerequisites
        code = event.outcome
        if code == THIRD_PARTY_RIGHTS and not any(c.third_party for c in progress.consultations):
            raise EventNotAllowed(state, t, code="outcome_needs_third_party_consultation")
        # Disclosing all over an objection needs the written notice first; a partial disclosure
        # may be withholding just the objected part, so it is not held to it (decision 0013).
        if code == DISCLOSED and any(c.needs_notice for c in progress.consultations):
            raise EventNotAllowed(state, t, code="third_party_not_notified")
        if code == TOO_MANY and progress.reasons_requested_on is None:
            raise EventNotAllowed(state, t, code="outcome_needs_reasons_requested")
