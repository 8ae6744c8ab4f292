"""The fold: each event applied to the progress so far, and what the workbench may offer next."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from zwgk.foi.domain.outcomes import FEE_NOT_PAID, NOT_CORRECTED, STILL_UNCLEAR, WITHDRAWN, is_outcome_code
from zwgk.foi.domain.states.errors import EventNotAllowed, InvalidEvent
from zwgk.foi.domain.states.records import (
    Appeal,
    AppealKind,
    Consultation,
    EventRecord,
    FeeNotice,
    Progress,
)
from zwgk.foi.domain.states.table import ALLOWED, FIRST_EVENTS, EventType, State, check_allowed

_E = EventType


def _invalid(field: str, code: str, message: str) -> InvalidEvent:
    return InvalidEvent(code, message, field=field)


def _not_before(day: date, earlier: date | None, what: str) -> None:
    if earlier is not None and day < earlier:
        raise _invalid("on", "date_out_of_order", f"日期不能早于{what}（{earlier.isoformat()}）")


def apply(progress: Progress, event: EventRecord) -> Progress:
    """The progress after `event`, or a refusal (the table, the payload, the history)."""
    state, t, on = progress.state, event.type, event.on
    check_allowed(state, t)

    if t is _E.CALENDAR_RECOMPUTED:
        return progress
    if t is _E.SUBMITTED:
        return replace(progress, state=State.SUBMITTED, submitted_on=on)
    if t is _E.REGISTERED:
        _not_before(on, progress.submitted_on, "网上提交日期")
        return replace(progress, state=State.IN_PROGRESS, received_on=on)
    if t is _E.WITHDRAWN and state is State.SUBMITTED:
        _not_before(on, progress.submitted_on, "网上提交日期")
        return replace(progress, state=State.CANCELLED, closed_on=on)

    if state is not State.CLOSED:
        _not_before(on, progress.received_on, "收到申请日期")

    if t is _E.CORRECTION_REQUESTED:
        if progress.correction_requested_on is not None:
            raise EventNotAllowed(state, t, code="correction_already_requested")
        period = event.period_workdays
        if not isinstance(period, int) or isinstance(period, bool) or period < 1:
            raise _invalid("period_workdays", "invalid_period", "请填写补正期限（工作日，至少1天）")
        return replace(
            progress,
            state=State.AWAITING_CORRECTION,
            correction_requested_on=on,
            correction_period_workdays=period,
        )
    if t is _E.CORRECTION_RECEIVED:
        _not_before(on, progress.correction_requested_on, "告知补正日期")
        return replace(progress, state=State.IN_PROGRESS, corrected_on=on)
    if t is _E.EXTENDED:
        if progress.extended_on is not None:
            raise EventNotAllowed(state, t, code="already_extended")
        workdays = event.workdays
        if not isinstance(workdays, int) or isinstance(workdays, bool) or workdays < 1:
            raise _invalid("workdays", "invalid_workdays", "请填写延长的工作日数")
        # The 20-working-day ceiling is a clock rule: clock.check_extension.
        return replace(progress, extended_on=on, extension_workdays=workdays)
    if t is _E.CONSULTATION_STARTED:
        cid = event.consultation_id if event.consultation_id is not None else progress.next_consultation_id
        if any(c.id == cid for c in progress.consultations):
            raise EventNotAllowed(state, t, code="duplicate_consultation")
        added = Consultation(started_on=on, id=cid)
        return replace(progress, state=State.CONSULTING, consultations=(*progress.consultations, added))
    if t is _E.CONSULTATION_ENDED:
        match = next((c for c in progress.open_consultations if c.id == event.consultation_id), None)
        if match is None:
            raise EventNotAllowed(state, t, code="unknown_consultation")
        _not_before(on, match.started_on, "征求意见日期")
        consultations = tuple(replace(c, ended_on=on) if c is match else c for c in progress.consultations)
        still_open = any(c.ended_on is None for c in consultations)
        return replace(
            progress,
            state=State.CONSULTING if still_open else State.IN_PROGRESS,
            consultations=consultations,
        )
    if t is _E.FEE_NOTICE_SENT:
        notices = (*progress.fee_notices, FeeNotice(sent_on=on))
        return replace(progress, state=State.AWAITING_PAYMENT, fee_notices=notices)
    if t is _E.FEE_PAID:
        unpaid = progress.unpaid_fee_notice
        assert unpaid is not None  # AWAITING_PAYMENT always has one
        _not_before(on, unpaid.sent_on, "收费通知日期")
        notices = tuple(replace(f, paid_on=on) if f is unpaid else f for f in progress.fee_notices)
        return replace(progress, state=State.IN_PROGRESS, fee_notices=notices)
    if t is _E.REPLIED:
        _check_outcome(progress, event)
        return replace(progress, state=State.CLOSED, outcome=event.outcome, closed_on=on)
    if t is _E.WITHDRAWN:
        return replace(progress, state=State.CLOSED, outcome=WITHDRAWN, closed_on=on)
    return _apply_appeal(progress, event)


def _check_outcome(progress: Progress, event: EventRecord) -> None:
    code = event.outcome
    if not is_outcome_code(code):
        raise _invalid("outcome", "invalid_outcome", "请选择答复结果（3.1 至 3.6.3）")
    state, t = progress.state, event.type
    if code == NOT_CORRECTED and state is not State.AWAITING_CORRECTION:
        raise EventNotAllowed(state, t, code="outcome_needs_correction_pending")
    if code == STILL_UNCLEAR and progress.corrected_on is None:
        raise EventNotAllowed(state, t, code="outcome_needs_correction_received")
    if code == FEE_NOT_PAID and state is not State.AWAITING_PAYMENT:
        raise EventNotAllowed(state, t, code="outcome_needs_fee_pending")


def _apply_appeal(progress: Progress, event: EventRecord) -> Progress:
    state, t, on = progress.state, event.type, event.on
    _not_before(on, progress.closed_on, "办结日期")
    reconsideration = progress.appeal(AppealKind.RECONSIDERATION)
    litigation = progress.appeal(AppealKind.LITIGATION_DIRECT) or progress.appeal(
        AppealKind.LITIGATION_AFTER_RECONSIDERATION
    )

    if t is _E.RECONSIDERATION_FILED:
        if reconsideration is not None or litigation is not None:
            raise EventNotAllowed(state, t, code="appeal_already_filed")
        filed = Appeal(kind=AppealKind.RECONSIDERATION, filed_on=on)
        return replace(progress, appeals=(*progress.appeals, filed))

    if t is _E.LITIGATION_FILED:
        after = event.after_reconsideration
        if not isinstance(after, bool):
            raise _invalid("after_reconsideration", "invalid_after_reconsideration", "请说明是否复议后起诉")
        if litigation is not None:
            raise EventNotAllowed(state, t, code="appeal_already_filed")
        if reconsideration is not None and not after:
            raise EventNotAllowed(state, t, code="reconsideration_already_filed")
        if after:
            if reconsideration is None or reconsideration.pending:
                raise EventNotAllowed(state, t, code="reconsideration_not_decided")
            _not_before(on, reconsideration.decided_on, "行政复议决定日期")
        kind = AppealKind.LITIGATION_AFTER_RECONSIDERATION if after else AppealKind.LITIGATION_DIRECT
        return replace(progress, appeals=(*progress.appeals, Appeal(kind=kind, filed_on=on)))

    target = reconsideration if t is _E.RECONSIDERATION_DECIDED else litigation
    if target is None or not target.pending:
        raise EventNotAllowed(state, t, code="no_pending_appeal")
    if event.result is None:
        raise _invalid("result", "invalid_result", "请选择审结结果（维持、纠正或其他结果）")
    _not_before(on, target.filed_on, "提出日期")
    decided = replace(target, decided_on=on, result=event.result)
    return replace(progress, appeals=tuple(decided if a is target else a for a in progress.appeals))


def replay(events: Iterable[EventRecord]) -> Progress:
    """Fold a stored timeline. Stored timelines passed these checks when appended, so a
    refusal here means the data was changed behind the service's back."""
    progress = Progress()
    for event in events:
        progress = apply(progress, event)
    return progress


def derive_state(events: Iterable[EventRecord]) -> State:
    state = replay(events).state
    if state is None:
        raise ValueError("an application's timeline starts with `submitted` or `registered`")
    return state


def check_transition(events: Iterable[EventRecord], event: EventRecord) -> Progress:
    """The progress after appending `event` to `events`, or a refusal; no calendar rules."""
    return apply(replay(events), event)


def available_events(progress: Progress) -> frozenset[EventType]:
    """The events the workbench offers now: the table, less what the history already rules
    out (payload and calendar rules can still refuse an offered event)."""
    state = progress.state
    if state is None:
        return FIRST_EVENTS
    offered = set(ALLOWED[state])
    if progress.correction_requested_on is not None:
        offered.discard(_E.CORRECTION_REQUESTED)
    if progress.extended_on is not None:
        offered.discard(_E.EXTENDED)
    reconsideration = progress.appeal(AppealKind.RECONSIDERATION)
    litigation = progress.appeal(AppealKind.LITIGATION_DIRECT) or progress.appeal(
        AppealKind.LITIGATION_AFTER_RECONSIDERATION
    )
    if reconsideration is not None or litigation is not None:
        offered.discard(_E.RECONSIDERATION_FILED)
    if litigation is not None or (reconsideration is not None and reconsideration.pending):
        offered.discard(_E.LITIGATION_FILED)
    if reconsideration is None or not reconsideration.pending:
        offered.discard(_E.RECONSIDERATION_DECIDED)
    if litigation is None or not litigation.pending:
        offered.discard(_E.LITIGATION_DECIDED)
    return frozenset(offered)
