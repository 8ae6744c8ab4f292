"""The life of an application for disclosure: states, events and the one table between them.

Pure module: no Django imports, no calendar. A case is an append-only timeline of events
(API.md "Applications"); everything else is folded from it here: the state, the outcome, the
consultations and fee notices, the appeals. Rules that need working days (an extension only
before the deadline, a correction request within 7 working days, closing as abandoned only
after the applicant's period) live in `clock.py`, whose `check_event` is the one check the
service runs before appending.

Three layers, each raising `EventNotAllowed` (HTTP 409) or `InvalidEvent` (HTTP 400):
- `check_allowed(state, event)`: the table `ALLOWED` alone (what the workbench offers);
- `apply(progress, event)`: the table, the payload, and the rules that need history (one
  correction, one extension, consultation ids, the order of appeals, dates in order);
- `clock.check_event(cal, events, event)`: all of the above plus the calendar rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from zwgk.foi.domain.outcomes import FEE_NOT_PAID, NOT_CORRECTED, STILL_UNCLEAR, WITHDRAWN, is_outcome_code


class State(StrEnum):
    SUBMITTED = "submitted"  # online, has a tracking code, no receipt date yet (Art. 31)
    IN_PROGRESS = "in_progress"
    AWAITING_CORRECTION = "awaiting_correction"
    CONSULTING = "consulting"
    AWAITING_PAYMENT = "awaiting_payment"
    CLOSED = "closed"
    # Withdrawn before staff confirmed it: never received, so never a case (no outcome, not in
    # the annual report).
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Received and not yet closed: the reply clock runs (or is paused or suspended)."""
        return self in OPEN_STATES


STATE_LABELS: Final[Mapping[State, str]] = MappingProxyType(
    {
        State.SUBMITTED: "网上提交待确认",
        State.IN_PROGRESS: "办理中",
        State.AWAITING_CORRECTION: "待补正",
        State.CONSULTING: "征求意见中",
        State.AWAITING_PAYMENT: "待缴费",
        State.CLOSED: "已办结",
        State.CANCELLED: "已撤回（未受理）",
    }
)
OPEN_STATES: Final = frozenset(
    {State.IN_PROGRESS, State.AWAITING_CORRECTION, State.CONSULTING, State.AWAITING_PAYMENT}
)


class EventType(StrEnum):
    # The API.md names, plus the three the platform itself needs.
    SUBMITTED = "submitted"
    REGISTERED = "registered"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    EXTENDED = "extended"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_PAID = "fee_paid"
    REPLIED = "replied"
    WITHDRAWN = "withdrawn"
    RECONSIDERATION_FILED = "reconsideration_filed"
    RECONSIDERATION_DECIDED = "reconsideration_decided"
    LITIGATION_FILED = "litigation_filed"
    LITIGATION_DECIDED = "litigation_decided"
    CALENDAR_RECOMPUTED = "calendar_recomputed"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS: Final[Mapping[EventType, str]] = MappingProxyType(
    {
        EventType.SUBMITTED: "网上提交",
        EventType.REGISTERED: "登记受理",
        EventType.CORRECTION_REQUESTED: "告知补正",
        EventType.CORRECTION_RECEIVED: "收到补正",
        EventType.EXTENDED: "延长答复期限",
        EventType.CONSULTATION_STARTED: "征求意见",
        EventType.CONSULTATION_ENDED: "征求意见结束",
        EventType.FEE_NOTICE_SENT: "发出收费通知",
        EventType.FEE_PAID: "缴纳信息处理费",
        EventType.REPLIED: "答复",
        EventType.WITHDRAWN: "申请人撤回申请",
        EventType.RECONSIDERATION_FILED: "申请行政复议",
        EventType.RECONSIDERATION_DECIDED: "行政复议决定",
        EventType.LITIGATION_FILED: "提起行政诉讼",
        EventType.LITIGATION_DECIDED: "行政诉讼审结",
        EventType.CALENDAR_RECOMPUTED: "节假日安排调整，重新计算期限",
    }
)

_E = EventType
_ALWAYS = frozenset({_E.CALENDAR_RECOMPUTED})  # a system note: every state, no change

# The first event of a timeline: an online submission, or registration of one received by any
# channel (which also covers staff confirming an online one, from SUBMITTED).
FIRST_EVENTS: Final = frozenset({_E.SUBMITTED, _E.REGISTERED})

ALLOWED: Final[Mapping[State, frozenset[EventType]]] = MappingProxyType(
    {
        State.SUBMITTED: _ALWAYS | {_E.REGISTERED, _E.WITHDRAWN},
        State.IN_PROGRESS: _ALWAYS
        | {
            _E.CORRECTION_REQUESTED,
            _E.EXTENDED,
            _E.CONSULTATION_STARTED,
            _E.FEE_NOTICE_SENT,
            _E.REPLIED,
            _E.WITHDRAWN,
        },
        # The clock is suspended (Art. 30): nothing to extend or consult on until it restarts;
        # a reply here is normally 3.6.1 once the applicant's period is over.
        State.AWAITING_CORRECTION: _ALWAYS | {_E.CORRECTION_RECEIVED, _E.REPLIED, _E.WITHDRAWN},
        # No reply while a consultee may still answer (Arts. 32, 34): record its answer, or the
        # end of its 15 working days, first.
        State.CONSULTING: _ALWAYS
        | {_E.CONSULTATION_STARTED, _E.CONSULTATION_ENDED, _E.EXTENDED, _E.WITHDRAWN},
        State.AWAITING_PAYMENT: _ALWAYS | {_E.FEE_PAID, _E.EXTENDED, _E.REPLIED, _E.WITHDRAWN},
        # Appeals follow the decision and never reopen the case (Art. 51).
        State.CLOSED: _ALWAYS
        | {
            _E.RECONSIDERATION_FILED,
            _E.RECONSIDERATION_DECIDED,
            _E.LITIGATION_FILED,
            _E.LITIGATION_DECIDED,
        },
        State.CANCELLED: _ALWAYS,
    }
)


# --- Errors: a stable `code` for the API and a Chinese message for people --------------------------

MESSAGES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "correction_already_requested": "补正只能一次性告知，本申请已告知过补正（第三十条）",
        "correction_too_late": "补正告知应在收到申请之日起7个工作日内作出（第三十条），已超过期限",
        "correction_period_not_over": "申请人的补正期限尚未届满，不能按逾期不补正处理",
        "already_extended": "答复期限只能延长一次（第三十三条），本申请已经延期",
        "extension_too_long": "延长的期限最长不得超过20个工作日（第三十三条）",
        "extension_too_late": "答复期限已经届满，不能再延期（第三十三条）",
        "clock_suspended": "正在等待申请人补正，答复期限尚未重新起算，不能延期",
        "unknown_consultation": "没有这项正在进行的征求意见",
        "duplicate_consultation": "征求意见编号重复",
        "outcome_needs_correction_pending": "只有在等待申请人补正时，才能按逾期不补正（3.6.1）处理",
        "outcome_needs_correction_received": "只有收到补正后，才能按补正后申请内容仍不明确（3.4.3）处理",
        "outcome_needs_fee_pending": "只有在等待缴费时，才能按逾期未缴纳费用（3.6.2）处理",
        "fee_period_not_over": "申请人的缴费期限尚未届满，不能按逾期未缴费处理",
        "appeal_already_filed": "本申请已有行政复议或行政诉讼，不能再次提出这一类救济",
        "reconsideration_not_decided": "复议后起诉须在行政复议决定作出之后",
        "reconsideration_already_filed": "本申请已申请行政复议，起诉应登记为复议后起诉",
        "no_pending_appeal": "没有尚未审结的相应行政复议或行政诉讼",
    }
)


class FoiError(Exception):
    """A refused event; `code` is stable (API error code), `message` is for people."""

    code: str
    message: str

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class EventNotAllowed(FoiError):
    """The case's state or history does not allow this event now (HTTP 409).

    `state` is None when the check did not involve the state (calendar rules in `clock.py`) or
    when the case does not exist yet.
    """

    def __init__(self, state: State | None, event: EventType, *, code: str = "event_not_allowed") -> None:
        self.state = state
        self.event = event
        if code != "event_not_allowed":
            message = MESSAGES[code]
        elif state is None:
            message = f"申请尚未提交或登记，不能“{event.label}”"
        else:
            message = f"申请处于“{state.label}”状态，不能“{event.label}”"
        super().__init__(code, message)


class InvalidEvent(FoiError, ValueError):
    """The event's own data is wrong (HTTP 400); `field` names the offending input."""

    def __init__(self, code: str, message: str, *, field: str) -> None:
        super().__init__(code, message)
        self.field = field

    @property
    def fields(self) -> dict[str, str]:
        return {self.field: self.message}


def check_allowed(state: State | None, event: EventType) -> None:
    """The table alone: `state` None means no timeline yet."""
    allowed = FIRST_EVENTS if state is None else ALLOWED[state]
    if event not in allowed:
        raise EventNotAllowed(state, event)


# --- Records: what the timeline holds, as the domain sees it --------------------------------------


class AppealKind(StrEnum):
    # The keys of table 四 (annual.APPEAL_KINDS).
    RECONSIDERATION = "reconsideration"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration"


class AppealResult(StrEnum):
    UPHELD = "upheld"  # 维持
    CORRECTED = "corrected"  # 纠正
    OTHER = "other"  # 其他结果


@dataclass(frozen=True, kw_only=True, slots=True)
class EventRecord:
    """One event of the timeline; only the fields its type uses are set.

    The `registered` event's `on` is the receipt date of Art. 31 (RULES §2.2). Consultation ids
    are per-case numbers 1, 2, …; a `consultation_started` without one gets the next number.
    """

    type: EventType
    on: date
    period_workdays: int | None = None  # correction_requested: the applicant's period
    workdays: int | None = None  # extended
    consultation_id: int | None = None  # consultation_started / consultation_ended
    outcome: str | None = None  # replied
    after_reconsideration: bool | None = None  # litigation_filed
    result: AppealResult | None = None  # reconsideration_decided / litigation_decided

    def __post_init__(self) -> None:
        # Callers may pass the stored strings; unknown ones fail here, not deep in a lookup.
        try:
            object.__setattr__(self, "type", EventType(self.type))
        except ValueError:
            raise InvalidEvent("invalid_type", f"未知的事件类型：{self.type}", field="type") from None
        if self.result is not None:
            try:
                object.__setattr__(self, "result", AppealResult(self.result))
            except ValueError:
                message = f"未知的审结结果：{self.result}"
                raise InvalidEvent("invalid_result", message, field="result") from None


@dataclass(frozen=True, kw_only=True, slots=True)
class Consultation:
    """A consultation of a third party (Art. 32) or another agency (Art. 34).

    `ended_on` is the day its answer was received, or the day recorded as the end when no
    answer came; the clock never pauses past the 15th working day after `started_on`.
    """

    started_on: date
    ended_on: date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("a consultation cannot end before it starts")


@dataclass(frozen=True, kw_only=True, slots=True)
class FeeNotice:
    sent_on: date
    paid_on: date | None = None

    def __post_init__(self) -> None:
        if self.paid_on is not None and self.paid_on < self.sent_on:
            raise ValueError("a fee cannot be paid before the notice was sent")


@dataclass(frozen=True, kw_only=True, slots=True)
class Appeal:
    kind: AppealKind
    filed_on: date
    decided_on: date | None = None
    result: AppealResult | None = None

    @property
    def pending(self) -> bool:
        return self.result is None


@dataclass(frozen=True, kw_only=True, slots=True)
class Progress:
    """Everything folded from a timeline; `state` is None before the first event."""

    state: State | None = None
    submitted_on: date | None = None
    received_on: date | None = None
    correction_requested_on: date | None = None
    correction_period_workdays: int | None = None
    corrected_on: date | None = None
    extended_on: date | None = None
    extension_workdays: int = 0
    consultations: tuple[Consultation, ...] = ()
    fee_notices: tuple[FeeNotice, ...] = ()
    outcome: str | None = None
    closed_on: date | None = None
    appeals: tuple[Appeal, ...] = ()

    @property
    def open_consultations(self) -> tuple[Consultation, ...]:
        return tuple(c for c in self.consultations if c.ended_on is None)

    @property
    def next_consultation_id(self) -> int:
        return max((c.id or 0 for c in self.consultations), default=0) + 1

    @property
    def unpaid_fee_notice(self) -> FeeNotice | None:
        return next((f for f in self.fee_notices if f.paid_on is None), None)

    def appeal(self, kind: AppealKind) -> Appeal | None:
        return next((a for a in self.appeals if a.kind is kind), None)


# --- The fold ---------------------------------------------------------------------------------------


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
