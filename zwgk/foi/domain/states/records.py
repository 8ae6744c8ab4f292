"""Records: what the timeline holds, as the domain sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

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


class NoticeKind(StrEnum):
    """The notices that give the applicant a period (RULES §2.7 items 7, 8): the `notice` of a
    `delivered` event (API.md), and the letter kinds of the same names."""

    CORRECTION = "correction_notice"  # Art. 30
    FEE = "fee_notice"  # Art. 42
    REASONS = "reasons_notice"  # Art. 35: asking the applicant to state the reasons

    @property
    def label(self) -> str:
        return NOTICE_LABELS[self]


NOTICE_LABELS: Final = {
    NoticeKind.CORRECTION: "补正告知书",
    NoticeKind.FEE: "收费通知",
    NoticeKind.REASONS: "说明理由告知书",
}


class DeliveryChannel(StrEnum):
    """How a notice reached (or was sent to) the applicant (送达方式)."""

    IN_PERSON = "in_person"  # 直接送达
    EMAIL = "email"
    ONLINE = "online"  # the applicant's online account
    FAX = "fax"
    POST = "post"  # 邮寄: delivered the day signed for
    ANNOUNCEMENT = "announcement"  # 公告送达: the day the announcement counts as delivery

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS: Final = {
    DeliveryChannel.IN_PERSON: "直接送达",
    DeliveryChannel.EMAIL: "电子邮件",
    DeliveryChannel.ONLINE: "网上申请账户",
    DeliveryChannel.FAX: "传真",
    DeliveryChannel.POST: "邮寄",
    DeliveryChannel.ANNOUNCEMENT: "公告送达",
}
# RULES §2.7 item 7: e-mail and the online account deliver on the day sent (so do handing over
# and fax, whose receipt the office sees at once: decision 0013); post waits for the signature.
SAME_DAY_CHANNELS: Final = frozenset(
    {DeliveryChannel.IN_PERSON, DeliveryChannel.EMAIL, DeliveryChannel.ONLINE, DeliveryChannel.FAX}
)


class DeliveryState(StrEnum):
    DELIVERED = "delivered"  # recorded, or sent by a same-day channel
    PROVISIONAL = "provisional"  # posted, not yet signed for: shown from the day sent
    RETURNED = "returned"  # came back undelivered; no period runs until it is delivered again


@dataclass(frozen=True, kw_only=True, slots=True)
class Delivery:
    """The delivery (送达) of one notice to the applicant (RULES §2.7 item 7).

    `printed_ends_on` is the end of the applicant's period as the notice printed it (None when
    it printed none): a recompute never ends the period earlier than that.
    """

    sent_on: date
    sent_by: DeliveryChannel = DeliveryChannel.EMAIL
    delivered_on: date | None = None
    delivered_by: DeliveryChannel | None = None
    returned_on: date | None = None  # the latest attempt came back (cleared by a delivery)
    returned_by: DeliveryChannel | None = None
    printed_ends_on: date | None = None

    @property
    def state(self) -> DeliveryState:
        if self.delivered_on is not None:
            return DeliveryState.DELIVERED
        if self.returned_on is not None:
            return DeliveryState.RETURNED
        if self.sent_by in SAME_DAY_CHANNELS:
            return DeliveryState.DELIVERED
        return DeliveryState.PROVISIONAL

    @property
    def counts_from(self) -> date | None:
        """The day the applicant's period counts from: the delivery, or (same-day channels, and
        provisionally for post) the day sent; None while returned undelivered."""
        if self.delivered_on is not None:
            return self.delivered_on
        if self.returned_on is not None:
            return None
        return self.sent_on


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
    kind: str | None = None  # consultation_started: third_party | agency
    objected: bool | None = None  # consultation_ended (third party): it did not agree to disclosure
    notice: NoticeKind | None = None  # delivered
    channel: DeliveryChannel | None = None  # delivered: how; a notice event: how it was sent
    returned: bool | None = None  # delivered: the attempt came back undelivered
    printed_ends_on: date | None = None  # a notice event: the period's end as printed
    basis: str | None = None  # fee_notice_sent
    amount: Decimal | None = None  # fee_notice_sent: yuan
    due_on: date | None = None  # deadline_set (Art. 35)
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
        if self.notice is not None:
            try:
                object.__setattr__(self, "notice", NoticeKind(self.notice))
            except ValueError:
                message = "请选择送达的文书（correction_notice、fee_notice 或 reasons_notice）"
                raise InvalidEvent("invalid_notice", message, field="notice") from None
        if self.channel is not None:
            try:
                object.__setattr__(self, "channel", DeliveryChannel(self.channel))
            except ValueError:
                message = "送达方式应为 " + "、".join(c.value for c in DeliveryChannel)
                raise InvalidEvent("invalid_channel", message, field="channel") from None
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
    third_party: bool = False  # Art. 32 (a third party), else Art. 34 (another agency)
    objected: bool | None = None  # a third party's answer: it did not agree (None: not recorded)
    notified_on: date | None = None  # the third party told in writing of a disclosure (Art. 32)

    def __post_init__(self) -> None:
        if self.ended_on is not None and self.ended_on < self.started_on:
            raise ValueError("a consultation cannot end before it starts")

    @property
    def needs_notice(self) -> bool:
        """A third party objected and has not been told in writing of a disclosure yet."""
        return self.third_party and bool(self.objected) and self.notified_on is None


@dataclass(frozen=True, kw_only=True, slots=True)
class FeeNotice:
    sent_on: date
    paid_on: date | None = None
    basis: str | None = None
    delivery: Delivery | None = None  # None: handed over on the day sent

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
    correction_delivery: Delivery | None = None
    # Art. 35: the notice asking for reasons, the reasons received, the deadline set.
    reasons_requested_on: date | None = None
    reasons_period_workdays: int | None = None
    reasons_delivery: Delivery | None = None
    reasons_received_on: date | None = None
    deadline_set_on: date | None = None
    set_due_on: date | None = None
    # The latest date of the case's own events (not system notes, not appeals): what a closing
    # event may not precede (RULES §2.7 item 6), with the event that holds it.
    latest_on: date | None = None
    latest_event: EventType | None = None
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

    def delivery(self, notice: NoticeKind) -> Delivery | None:
        if notice is NoticeKind.CORRECTION:
            return self.correction_delivery
        if notice is NoticeKind.REASONS:
            return self.reasons_delivery
        return self.fee_notices[-1].delivery if self.fee_notices else None

    @property
    def notices_awaiting_signature(self) -> tuple[tuple[NoticeKind, Delivery], ...]:
        """Posted notices of an open case whose signature (签收) is not recorded while their
        period still matters: the applicant's period is shown provisionally from the day sent
        until the handler records the day signed for (RULES §2.7 item 7)."""
        if self.closed_on is not None:
            return ()
        fee = self.unpaid_fee_notice
        candidates = (
            (NoticeKind.CORRECTION, self.correction_delivery if self.corrected_on is None else None),
            (NoticeKind.REASONS, self.reasons_delivery if self.reasons_received_on is None else None),
            (NoticeKind.FEE, fee.delivery if fee is not None else None),
        )
        return tuple(
            (kind, d) for kind, d in candidates if d is not None and d.state is DeliveryState.PROVISIONAL
        )

    @property
    def unpaid_fee_notice(self) -> FeeNotice | None:
        return next((f for f in self.fee_notices if f.paid_on is None), None)

    def appeal(self, kind: AppealKind) -> Appeal | None:
        """The latest appeal of this kind."""
        return next((a for a in reversed(self.appeals) if a.kind is kind), None)
