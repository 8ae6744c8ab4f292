"""States, events and `ALLOWED`, the one table between them, with its check."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from zwgk.foi.domain.states.errors import EventNotAllowed


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
    # RULES §2.10 (issue 19): the reconsideration body's acceptance (受理) with its procedure,
    # the body's 30-day extension, and the new reply a 纠正 result obliges the agency to give.
    RECONSIDERATION_ACCEPTED = "reconsideration_accepted"
    RECONSIDERATION_EXTENDED = "reconsideration_extended"
    REREPLIED = "rereplied"
    CALENDAR_RECOMPUTED = "calendar_recomputed"
    # RULES §2.7 items 7–9 (API.md: `delivered`, `deadline_set`), and the steps around them.
    DELIVERED = "delivered"
    REASONS_REQUESTED = "reasons_requested"
    REASONS_RECEIVED = "reasons_received"
    DEADLINE_SET = "deadline_set"
    THIRD_PARTY_NOTIFIED = "third_party_notified"

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
        EventType.RECONSIDERATION_ACCEPTED: "行政复议受理",
        EventType.RECONSIDERATION_EXTENDED: "行政复议延期",
        EventType.REREPLIED: "重新答复",
        EventType.CALENDAR_RECOMPUTED: "节假日安排调整，重新计算期限",
        EventType.DELIVERED: "登记送达",
        EventType.REASONS_REQUESTED: "要求申请人说明理由",
        EventType.REASONS_RECEIVED: "收到申请人说明的理由",
        EventType.DEADLINE_SET: "确定延迟答复期限",
        EventType.THIRD_PARTY_NOTIFIED: "书面告知第三方决定公开",
    }
)

_E = EventType
_ALWAYS = frozenset({_E.CALENDAR_RECOMPUTED})  # a system note: every state, no change
# While the case is open: deliveries of notices, and Art. 35 (asked for reasons, reasons in,
# a longer deadline). Whether the notice or request exists is a history rule (`fold.apply`).
_OPEN_STEPS = frozenset({_E.DELIVERED, _E.REASONS_REQUESTED, _E.REASONS_RECEIVED, _E.DEADLINE_SET})

# Appeals (RULES §2.10): on a closed case against its reply; on an open one against the failure
# to reply once the deadline has passed (a clock rule, `clock.check_appeal`). They never change
# the case's state; the order of appeals is checked by `fold`.
_APPEALS = frozenset(
    {
        _E.RECONSIDERATION_FILED,
        _E.RECONSIDERATION_ACCEPTED,
        _E.RECONSIDERATION_EXTENDED,
        _E.RECONSIDERATION_DECIDED,
        _E.LITIGATION_FILED,
        _E.LITIGATION_DECIDED,
    }
)

# The first event of a timeline: an online submission, or registration of one received by any
# channel (which also covers staff confirming an online one, from SUBMITTED).
FIRST_EVENTS: Final = frozenset({_E.SUBMITTED, _E.REGISTERED})

ALLOWED: Final[Mapping[State, frozenset[EventType]]] = MappingProxyType(
    {
        State.SUBMITTED: _ALWAYS | {_E.REGISTERED, _E.WITHDRAWN},
        State.IN_PROGRESS: _ALWAYS
        | _OPEN_STEPS
        | {
            _E.THIRD_PARTY_NOTIFIED,
            _E.CORRECTION_REQUESTED,
            _E.EXTENDED,
            _E.CONSULTATION_STARTED,
            _E.FEE_NOTICE_SENT,
            _E.REPLIED,
            _E.WITHDRAWN,
        }
        | _APPEALS,
        # The clock is suspended (Art. 30): nothing to extend or consult on until it restarts;
        # a reply here is normally 3.6.1 once the applicant's period is over.
        State.AWAITING_CORRECTION: _ALWAYS
        | {_E.DELIVERED, _E.CORRECTION_RECEIVED, _E.REPLIED, _E.WITHDRAWN}
        | _APPEALS,
        # No reply while a consultee may still answer (Arts. 32, 34): record its answer, or the
        # end of its 15 working days, first.
        State.CONSULTING: _ALWAYS
        | _OPEN_STEPS
        | {_E.CONSULTATION_STARTED, _E.CONSULTATION_ENDED, _E.EXTENDED, _E.WITHDRAWN}
        | _APPEALS,
        State.AWAITING_PAYMENT: _ALWAYS
        | _OPEN_STEPS
        | {_E.FEE_PAID, _E.EXTENDED, _E.REPLIED, _E.WITHDRAWN}
        | _APPEALS,
        # Appeals follow the decision and never reopen the case (Art. 51); a 纠正 result leads
        # to a new reply on the closed case (RULES §2.10), which may disclose over a third
        # party's objection only after the written notice (Art. 32, decision 0013).
        State.CLOSED: _ALWAYS | _APPEALS | {_E.REREPLIED, _E.THIRD_PARTY_NOTIFIED},
        State.CANCELLED: _ALWAYS,
    }
)


def check_allowed(state: State | None, event: EventType) -> None:
    """The table alone: `state` None means no timeline yet."""
    allowed = FIRST_EVENTS if state is None else ALLOWED[state]
    if event not in allowed:
        raise EventNotAllowed(state, event)
