"""Records: what the timeline holds, as the domain sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zwgk.foi.domain.states.errors import InvalidEvent
from zwgk.foi.domain.states.table import EventType, State


class AppealKind(StrEnum):
    # The keys of table 四 (annual.APPEAL_KINDS).
    RECONSIDERATION = "reconsideration"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration"


class AppealResult(StrEnum):
    UPHELD = "upheld"  # 维持
    CORRECTED = "corrected"  # 纠正
    OTHER = "other"  # 其他结果


class ReconsiderationProcedure(StrEnum):
    # 行政复议法 (2023) Art. 62: decided within 60 days of acceptance, extendable once by at most
    # 30; under the simplified procedure (Art. 53(1)(4): open-government cases may use it) 30.
    ORDINARY = "ordinary"  # 普通程序
    SIMPLIFIED = "simplified"  # 简易程序

    @property
    def label(self) -> str:
        return "普通程序" if self is ReconsiderationProcedure.ORDINARY else "简易程序"


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
    procedure: ReconsiderationProcedure | None = None  # reconsideration_accepted

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
        if self.procedure is not None:
            try:
                object.__setattr__(self, "procedure", ReconsiderationProcedure(self.procedure))
            except ValueError:
                message = "请选择复议程序（ordinary 普通程序 / simplified 简易程序）"
                raise InvalidEvent("invalid_procedure", message, field="procedure") from None


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
    """One reconsideration or lawsuit (RULES §2.10).

    `against` names the decision appealed: 0 the failure to reply (an open case past its
    deadline), 1 the reply, n + 1 the n-th new reply (重新答复). A reconsideration records its
    acceptance date and procedure once the body accepts it, and the ordinary procedure's one
    extension.
    """

    kind: AppealKind
    filed_on: date
    decided_on: date | None = None
    result: AppealResult | None = None
    against: int = 1
    accepted_on: date | None = None
    procedure: ReconsiderationProcedure | None = None
    extended_on: date | None = None

    @property
    def pending(self) -> bool:
        return self.result is None

    @property
    def group(self) -> str:
        """Decisions go to the pending appeal of their group: "reconsideration" or "litigation"."""
        return "reconsideration" if self.kind is AppealKind.RECONSIDERATION else "litigation"


@dataclass(frozen=True, kw_only=True, slots=True)
class Rereply:
    """A new reply after a 纠正 result (重新答复); the case's outcome and closing stay the first."""

    on: date
    outcome: str


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
    rereplies: tuple[Rereply, ...] = ()

    @property
    def decision_no(self) -> int:
        """What an appeal filed now is against (`Appeal.against`): 0 while no reply was given."""
        if self.closed_on is None:
            return 0
        return 1 + len(self.rereplies)

    @property
    def last_decision_on(self) -> date | None:
        """The date of the decision appealed now: the last new reply, or the closing."""
        return self.rereplies[-1].on if self.rereplies else self.closed_on

    def pending_appeal(self, group: str) -> Appeal | None:
        """The pending appeal of a group; the fold keeps at most one per group."""
        return next((a for a in reversed(self.appeals) if a.pending and a.group == group), None)

    def appeals_against(self, decision_no: int) -> tuple[Appeal, ...]:
        return tuple(a for a in self.appeals if a.against == decision_no)

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
        """The latest appeal of this kind."""
        return next((a for a in reversed(self.appeals) if a.kind is kind), None)
