"""The fold: each event applied to the progress so far, and what the workbench may offer next."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from zwgk.foi.domain.outcomes import FEE_NOT_PAID, NOT_CORRECTED, STILL_UNCLEAR, WITHDRAWN, is_outcome_code
from zwgk.foi.domain.states.errors import EventNotAllowed, EventOutOfOrder, InvalidEvent
from zwgk.foi.domain.states.records import (
    Appeal,
    AppealKind,
    AppealResult,
    Consultation,
    Delivery,
    DeliveryChannel,
    EventRecord,
    FeeNotice,
    NoticeKind,
    Progress,
    ReconsiderationProcedure,
    Rereply,
)
from zwgk.foi.domain.states.table import ALLOWED, FIRST_EVENTS, EventType, State, check_allowed

_E = EventType


def _invalid(field: str, code: str, message: str) -> InvalidEvent:
    return InvalidEvent(code, message, field=field)


def out_of_order(event: EventRecord, earlier: date, what: str) -> EventOutOfOrder:
    """The refusal naming both dates (API.md: 422 naming both dates)."""
    message = f"“{event.type.label}”的日期（{event.on.isoformat()}）不能早于{what}（{earlier.isoformat()}）"
    return EventOutOfOrder(message, on=event.on, other=earlier)


def _not_before(event: EventRecord, earlier: date | None, what: str) -> None:
    if earlier is not None and event.on < earlier:
        raise out_of_order(event, earlier, what)


# The case's own facts: what a closing event may not precede (system notes and appeals aside).
_NOT_FACTS = frozenset({_E.CALENDAR_RECOMPUTED}) | ALLOWED[State.CLOSED]


def apply(progress: Progress, event: EventRecord) -> Progress:
    """The progress after `event`, or a refusal (the table, the payload, the history)."""
    after = _apply(progress, event)
    if event.type in _NOT_FACTS or (progress.latest_on is not None and event.on < progress.latest_on):
        return after
    return replace(after, latest_on=event.on, latest_event=event.type)


def _delivery(event: EventRecord) -> Delivery:
    """A notice just sent; stored events from before delivery was recorded count as e-mail."""
    channel = event.channel if event.channel is not None else DeliveryChannel.EMAIL
    return Delivery(sent_on=event.on, sent_by=channel, printed_ends_on=event.printed_ends_on)


def _deliver(delivery: Delivery, event: EventRecord) -> Delivery:
    """A `delivered` event on `delivery`: received on `event.on`, or returned undelivered."""
    if delivery.delivered_on is not None:
        raise EventNotAllowed(None, event.type, code="notice_already_delivered")
    _not_before(event, delivery.sent_on, "发出日期")
    _not_before(event, delivery.returned_on, "退回日期")
    if event.returned:
        channel = event.channel or delivery.returned_by or delivery.sent_by
        return replace(delivery, returned_on=event.on, returned_by=channel)
    channel = event.channel or delivery.sent_by
    if delivery.returned_by is not None and channel is delivery.returned_by:
        # RULES §2.7 item 7: after a return, another channel or a public announcement.
        raise _invalid("channel", "redelivery_same_channel", "告知书被退回后，应当改用其他方式送达或公告送达")
    return replace(delivery, delivered_on=event.on, delivered_by=channel)


def _apply(progress: Progress, event: EventRecord) -> Progress:
    state, t, on = progress.state, event.type, event.on
    check_allowed(state, t)

    if t is _E.CALENDAR_RECOMPUTED:
        return progress
    if t is _E.SUBMITTED:
        return replace(progress, state=State.SUBMITTED, submitted_on=on)
    if t is _E.REGISTERED:
        _not_before(event, progress.submitted_on, "网上提交日期")
        return replace(progress, state=State.IN_PROGRESS, received_on=on)
    if t is _E.WITHDRAWN and state is State.SUBMITTED:
        _not_before(event, progress.submitted_on, "网上提交日期")
        return replace(progress, state=State.CANCELLED, closed_on=on)

    if state is not State.CLOSED:
        _not_before(event, progress.received_on, "收到申请日期")

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
            correction_delivery=_delivery(event),
        )
    if t is _E.CORRECTION_RECEIVED:
        _not_before(event, progress.correction_requested_on, "告知补正日期")
        return replace(progress, state=State.IN_PROGRESS, corrected_on=on)
    if t is _E.EXTENDED:
        if progress.extended_on is not None:
            raise EventNotAllowed(state, t, code="already_extended")
        if progress.set_due_on is not None:
            raise EventNotAllowed(state, t, code="deadline_replaces_extension")
        workdays = event.workdays
        if not isinstance(workdays, int) or isinstance(workdays, bool) or workdays < 1:
            raise _invalid("workdays", "invalid_workdays", "请填写延长的工作日数")
        # The 20-working-day ceiling is a clock rule: clock.check_extension.
        return replace(progress, extended_on=on, extension_workdays=workdays)
    if t is _E.CONSULTATION_STARTED:
        cid = event.consultation_id if event.consultation_id is not None else progress.next_consultation_id
        if any(c.id == cid for c in progress.consultations):
            raise EventNotAllowed(state, t, code="duplicate_consultation")
        added = Consultation(started_on=on, id=cid, third_party=event.kind == "third_party")
        return replace(progress, state=State.CONSULTING, consultations=(*progress.consultations, added))
    if t is _E.CONSULTATION_ENDED:
        match = next((c for c in progress.open_consultations if c.id == event.consultation_id), None)
        if match is None:
            raise EventNotAllowed(state, t, code="unknown_consultation")
        _not_before(event, match.started_on, "征求意见日期")
        ended = replace(match, ended_on=on, objected=event.objected if match.third_party else None)
        consultations = tuple(ended if c is match else c for c in progress.consultations)
        still_open = any(c.ended_on is None for c in consultations)
        return replace(
            progress,
            state=State.CONSULTING if still_open else State.IN_PROGRESS,
            consultations=consultations,
        )
    if t is _E.FEE_NOTICE_SENT:
        notice = FeeNotice(sent_on=on, basis=event.basis, delivery=_delivery(event))
        notices = (*progress.fee_notices, notice)
        return replace(progress, state=State.AWAITING_PAYMENT, fee_notices=notices)
    if t is _E.FEE_PAID:
        unpaid = progress.unpaid_fee_notice
        assert unpaid is not None  # AWAITING_PAYMENT always has one
        _not_before(event, unpaid.sent_on, "收费通知日期")
        notices = tuple(replace(f, paid_on=on) if f is unpaid else f for f in progress.fee_notices)
        return replace(progress, state=State.IN_PROGRESS, fee_notices=notices)
    if t is _E.DELIVERED:
        return _apply_delivery(progress, event)
    if t is _E.THIRD_PARTY_NOTIFIED:
        if state is State.CLOSED and not _corrected(progress):
            # On a closed case the notice only prepares a new reply after 纠正.
            raise EventNotAllowed(state, t, code="rereply_needs_correction")
        match = next((c for c in progress.consultations if c.id == event.consultation_id), None)
        if match is None or not match.needs_notice:
            raise EventNotAllowed(state, t, code="no_objection_to_notify")
        assert match.ended_on is not None  # an objection is recorded when the consultation ends
        _not_before(event, match.ended_on, "第三方提出意见日期")
        notified = replace(match, notified_on=on)
        return replace(
            progress, consultations=tuple(notified if c is match else c for c in progress.consultations)
        )
    if t is _E.REASONS_REQUESTED:
        if progress.reasons_requested_on is not None:
            raise EventNotAllowed(state, t, code="reasons_already_requested")
        period = event.period_workdays
        if not isinstance(period, int) or isinstance(period, bool) or period < 1:
            raise _invalid("period_workdays", "invalid_period", "请填写说明理由的期限（工作日，至少1天）")
        return replace(
            progress,
            reasons_requested_on=on,
            reasons_period_workdays=period,
            reasons_delivery=_delivery(event),
        )
    if t is _E.REASONS_RECEIVED:
        if progress.reasons_requested_on is None:
            raise EventNotAllowed(state, t, code="reasons_not_requested")
        if progress.reasons_received_on is not None:
            raise EventNotAllowed(state, t, code="reasons_already_received")
        _not_before(event, progress.reasons_requested_on, "要求说明理由日期")
        return replace(progress, reasons_received_on=on)
    if t is _E.DEADLINE_SET:
        if progress.set_due_on is not None:
            raise EventNotAllowed(state, t, code="deadline_already_set")
        if progress.reasons_received_on is None:
            raise EventNotAllowed(state, t, code="deadline_needs_reasons")
        if event.due_on is None:
            raise _invalid("due_on", "invalid_due_on", "请填写确定的答复期限（日期）")
        _not_before(event, progress.reasons_received_on, "收到申请人说明理由日期")
        return replace(progress, deadline_set_on=on, set_due_on=event.due_on)
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
    """Appeals and new replies (RULES §2.10), several per case, one after another.

    Each decision of the agency can be appealed once: by a reconsideration (possibly followed by
    litigation after it) or by direct litigation. The decisions are the failure to reply (an
    open case past its deadline: `clock.check_appeal`), the reply, and every new reply a 纠正
    result led to. A decision, acceptance or extension belongs to the pending appeal of its group,
    and a group has at most one pending appeal at a time, so the API's events need no appeal id.
    """
    t, on = event.type, event.on
    if t is _E.REREPLIED:
        return _apply_rereply(progress, event)
    if t is _E.RECONSIDERATION_FILED:
        _not_before(event, progress.last_decision_on, "答复日期")
        if progress.pending_appeal("reconsideration") is not None:
            raise EventNotAllowed(progress.state, t, code="appeal_pending")
        if progress.appeals_against(progress.decision_no):
            raise EventNotAllowed(progress.state, t, code="appeal_already_filed")
        filed = Appeal(kind=AppealKind.RECONSIDERATION, filed_on=on, against=progress.decision_no)
        return replace(progress, appeals=(*progress.appeals, filed))
    if t is _E.LITIGATION_FILED:
        return _apply_litigation(progress, event)

    if t in (_E.RECONSIDERATION_ACCEPTED, _E.RECONSIDERATION_EXTENDED, _E.RECONSIDERATION_DECIDED):
        target = progress.pending_appeal("reconsideration")
    else:
        target = progress.pending_appeal("litigation")
    if target is None:
        raise EventNotAllowed(progress.state, t, code="no_pending_appeal")
    _not_before(event, target.filed_on, "提出日期")
    if t is _E.RECONSIDERATION_ACCEPTED:
        if target.accepted_on is not None:
            raise EventNotAllowed(progress.state, t, code="reconsideration_already_accepted")
        if event.procedure is None:
            message = "请选择复议程序（ordinary 普通程序 / simplified 简易程序）"
            raise _invalid("procedure", "invalid_procedure", message)
        changed = replace(target, accepted_on=on, procedure=event.procedure)
    elif t is _E.RECONSIDERATION_EXTENDED:
        if target.accepted_on is None:
            raise EventNotAllowed(progress.state, t, code="reconsideration_not_accepted")
        if target.procedure is not ReconsiderationProcedure.ORDINARY:
            raise EventNotAllowed(progress.state, t, code="reconsideration_simplified_no_extension")
        if target.extended_on is not None:
            raise EventNotAllowed(progress.state, t, code="reconsideration_already_extended")
        _not_before(event, target.accepted_on, "受理日期")
        changed = replace(target, extended_on=on)
    else:
        if event.result is None:
            raise _invalid("result", "invalid_result", "请选择审结结果（维持、纠正或其他结果）")
        _not_before(event, target.accepted_on, "受理日期")
        changed = replace(target, decided_on=on, result=event.result)
    return replace(progress, appeals=tuple(changed if a is target else a for a in progress.appeals))


def _apply_litigation(progress: Progress, event: EventRecord) -> Progress:
    state, t, on = progress.state, event.type, event.on
    after = event.after_reconsideration
    if not isinstance(after, bool):
        raise _invalid("after_reconsideration", "invalid_after_reconsideration", "请说明是否复议后起诉")
    if progress.pending_appeal("litigation") is not None:
        raise EventNotAllowed(state, t, code="appeal_pending")
    if not after:
        _not_before(event, progress.last_decision_on, "答复日期")
        current = progress.appeals_against(progress.decision_no)
        if any(a.kind is AppealKind.RECONSIDERATION for a in current):
            raise EventNotAllowed(state, t, code="reconsideration_already_filed")
        if current:
            raise EventNotAllowed(state, t, code="appeal_already_filed")
        sued = Appeal(kind=AppealKind.LITIGATION_DIRECT, filed_on=on, against=progress.decision_no)
        return replace(progress, appeals=(*progress.appeals, sued))
    # After reconsideration (Litigation Law Art. 45): the latest reconsideration not yet taken to
    # court, once decided, or once the body let its period pass (a clock rule: the period needs
    # the acceptance date, and `clock.check_appeal` counts it).
    target = _reconsideration_to_sue_on(progress)
    if target is None or (target.pending and target.accepted_on is None):
        raise EventNotAllowed(state, t, code="reconsideration_not_decided")
    if target.decided_on is not None:
        _not_before(event, target.decided_on, "行政复议决定日期")
    _not_before(event, target.accepted_on, "受理日期")
    sued = Appeal(kind=AppealKind.LITIGATION_AFTER_RECONSIDERATION, filed_on=on, against=target.against)
    return replace(progress, appeals=(*progress.appeals, sued))


def _reconsideration_to_sue_on(progress: Progress) -> Appeal | None:
    """The reconsideration of the decision appealed now, unless already taken to court. A new
    reply supersedes the decisions before it: appeals still pending go on, new ones are
    against the new reply."""
    current = progress.appeals_against(progress.decision_no)
    if any(a.kind is not AppealKind.RECONSIDERATION for a in current):
        return None
    return next((a for a in current if a.kind is AppealKind.RECONSIDERATION), None)


def _corrected(progress: Progress) -> list[Appeal]:
    """The 纠正 results against the latest decision: each calls for a new reply."""
    return [a for a in progress.appeals_against(progress.decision_no) if a.result is AppealResult.CORRECTED]


def _apply_rereply(progress: Progress, event: EventRecord) -> Progress:
    """RULES §2.10: after a 纠正 result the agency replies again, with its own letter; the case's
    outcome and closing date stay those of the first closing (the annual report counts it once)."""
    state, t, code = progress.state, event.type, event.outcome
    corrected = _corrected(progress)
    if not corrected:
        raise EventNotAllowed(state, t, code="rereply_needs_correction")
    if not is_outcome_code(code):
        raise _invalid("outcome", "invalid_outcome", "请选择答复结果（3.1 至 3.6.3）")
    if code in (NOT_CORRECTED, FEE_NOT_PAID):
        raise EventNotAllowed(state, t, code="rereply_outcome_not_allowed")
    if code == STILL_UNCLEAR and progress.corrected_on is None:
        raise EventNotAllowed(state, t, code="outcome_needs_correction_received")
    assert code is not None
    _not_before(event, max(a.decided_on for a in corrected if a.decided_on), "纠正决定日期")
    return replace(progress, rereplies=(*progress.rereplies, Rereply(on=event.on, outcome=code)))


def _apply_delivery(progress: Progress, event: EventRecord) -> Progress:
    notice = event.notice
    if notice is None:
        raise _invalid(
            "notice", "invalid_notice", "请选择送达的文书（correction_notice、fee_notice 或 reasons_notice）"
        )
    delivery = progress.delivery(notice)
    if delivery is None:
        raise EventNotAllowed(progress.state, event.type, code="no_such_notice")
    delivered = _deliver(delivery, event)
    if notice is NoticeKind.CORRECTION:
        return replace(progress, correction_delivery=delivered)
    if notice is NoticeKind.REASONS:
        return replace(progress, reasons_delivery=delivered)
    last = replace(progress.fee_notices[-1], delivery=delivered)
    return replace(progress, fee_notices=(*progress.fee_notices[:-1], last))


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
    if progress.extended_on is not None or progress.set_due_on is not None:
        offered.discard(_E.EXTENDED)
    if not any(d is not None and d.delivered_on is None for d in map(progress.delivery, NoticeKind)):
        offered.discard(_E.DELIVERED)
    if not any(c.needs_notice for c in progress.consultations) or (
        state is State.CLOSED and not _corrected(progress)
    ):
        offered.discard(_E.THIRD_PARTY_NOTIFIED)
    if progress.reasons_requested_on is not None:
        offered.discard(_E.REASONS_REQUESTED)
    if progress.reasons_requested_on is None or progress.reasons_received_on is not None:
        offered.discard(_E.REASONS_RECEIVED)
    if progress.reasons_received_on is None or progress.set_due_on is not None:
        offered.discard(_E.DEADLINE_SET)
    for t in _APPEAL_SAMPLES:
        if t in offered and not _appeal_possible(progress, t):
            offered.discard(t)
    return frozenset(offered)


# Well-formed payloads of the appeal events, tried against the history (dates aside).
_APPEAL_SAMPLES: dict[EventType, tuple[dict[str, object], ...]] = {
    _E.RECONSIDERATION_FILED: ({},),
    _E.RECONSIDERATION_ACCEPTED: ({"procedure": ReconsiderationProcedure.ORDINARY},),
    _E.RECONSIDERATION_EXTENDED: ({},),
    _E.RECONSIDERATION_DECIDED: ({"result": AppealResult.UPHELD},),
    _E.LITIGATION_FILED: ({"after_reconsideration": False}, {"after_reconsideration": True}),
    _E.LITIGATION_DECIDED: ({"result": AppealResult.UPHELD},),
    _E.REREPLIED: ({"outcome": "3.1"},),
}


def _appeal_possible(progress: Progress, t: EventType) -> bool:
    """Whether the history allows this appeal event with some payload: the fold's own rules, so
    the workbench offers exactly what `apply` accepts (calendar rules aside: `clock`)."""
    for payload in _APPEAL_SAMPLES[t]:
        try:
            apply(progress, EventRecord(type=t, on=date.max, **payload))  # type: ignore[arg-type]
        except (EventNotAllowed, InvalidEvent):
            continue
        return True
    return False
