"""The statutory clock of an application for disclosure, exactly as RULES §2.7 defines it.

Pure module: no Django imports and no `date.today()`: the calendar and `today` are arguments.
"Within N working days from day D" is the N-th working day strictly after D (RULES §1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from zwgk.core.workdays import Calendar
from zwgk.foi.domain.appeal_periods import body_missed_its_period, reconsideration_decision_due_on
from zwgk.foi.domain.outcomes import FEE_NOT_PAID, NOT_CORRECTED, TOO_MANY
from zwgk.foi.domain.states import (
    AppealKind,
    Consultation,
    Delivery,
    DeliveryState,
    EventNotAllowed,
    EventRecord,
    EventType,
    FeeNotice,
    InvalidEvent,
    Progress,
    apply,
    available_events,
    check_new_event,
    replay,
)

REPLY_WORKDAYS: Final = 20  # Art. 33
MAX_EXTENSION_WORKDAYS: Final = 20  # Art. 33
CORRECTION_NOTICE_WORKDAYS: Final = 7  # Art. 30
CONSULTATION_ANSWER_WORKDAYS: Final = 15  # Arts. 32, 34
FEE_PAYMENT_WORKDAYS: Final = 20  # 国办函〔2020〕109号
DUE_SOON_WORKDAYS: Final = 3  # product decision: when reminders start
# Product decision (decision 0032): a posted notice (RULES §2.7 item 7) whose signature is not
# recorded this many working days after it was sent is chased: city post arrives in 1–3 days,
# so by then the 回执 or the tracking shows the day signed for, or the letter is lost.
SIGNATURE_CHASE_WORKDAYS: Final = 5

_DAY = timedelta(days=1)


@dataclass(frozen=True, kw_only=True, slots=True)
class ClockFacts:
    """The dated facts RULES §2.7 counts from (R, correction, C, consultations, fee notices, X).

    `closed_on` is the day the case closed (reply sent, withdrawn): it ends anything still open
    and freezes the reading.
    """

    received_on: date
    correction_requested_on: date | None = None
    correction_period_workdays: int | None = None
    corrected_on: date | None = None
    consultations: tuple[Consultation, ...] = ()
    fee_notices: tuple[FeeNotice, ...] = ()
    extension_workdays: int = 0
    closed_on: date | None = None
    correction_delivery: Delivery | None = None  # None: handed over on the day requested
    reasons_requested_on: date | None = None  # Art. 35
    reasons_period_workdays: int | None = None
    reasons_delivery: Delivery | None = None
    reasons_received_on: date | None = None
    set_due_on: date | None = None  # Art. 35: the longer deadline set by the office head

    def __post_init__(self) -> None:
        requested = self.correction_requested_on
        if (requested is None) != (self.correction_period_workdays is None):
            raise ValueError("a correction request needs its period, and only a request has one")
        if self.correction_period_workdays is not None and self.correction_period_workdays < 1:
            raise ValueError("the correction period is at least one working day")
        if self.corrected_on is not None and (requested is None or self.corrected_on < requested):
            raise ValueError("a corrected application follows a correction request")
        if self.extension_workdays < 0:
            raise ValueError("an extension cannot be negative")

    @classmethod
    def from_progress(cls, progress: Progress) -> ClockFacts | None:
        """The facts of a folded timeline; None before the receipt date exists."""
        if progress.received_on is None:
            return None
        return cls(
            received_on=progress.received_on,
            correction_requested_on=progress.correction_requested_on,
            correction_period_workdays=progress.correction_period_workdays,
            corrected_on=progress.corrected_on,
            consultations=progress.consultations,
            fee_notices=progress.fee_notices,
            extension_workdays=progress.extension_workdays,
            closed_on=progress.closed_on,
            correction_delivery=progress.correction_delivery,
            reasons_requested_on=progress.reasons_requested_on,
            reasons_period_workdays=progress.reasons_period_workdays,
            reasons_delivery=progress.reasons_delivery,
            reasons_received_on=progress.reasons_received_on,
            set_due_on=progress.set_due_on,
        )


def facts_from_events(events: Iterable[EventRecord]) -> ClockFacts | None:
    return ClockFacts.from_progress(replay(events))


@dataclass(frozen=True, kw_only=True, slots=True)
class ClockReading:
    """The clock of one case as of `as_of` (today, or the closing day of a closed case).

    `due_on` is None while the clock is suspended for a correction. `workdays_left` counts the
    working days d with as_of < d <= due_on (0 on the due day); once overdue it is minus the
    working days since the due day, and at least 1 in size, so that a weekend right after the
    due day already reads as overdue. `paused_days` are the paused working days that moved
    `due_on`. Every reported date whose count crossed a year with no loaded schedule is in
    `provisional_dates`; `due_provisional` says so for `due_on`.

    Periods given to the applicant (the correction period, each fee notice's 20 working days,
    the Art. 35 reasons period) run from the notice's delivery (RULES §2.7 item 7): their
    `…_delivery` states say whether that date is known (DELIVERED), only assumed from the day
    a letter was posted (PROVISIONAL), or missing because the notice came back (RETURNED: the
    period's end is then None).
    """

    as_of: date
    counted_after: date  # R, or C once a corrected application arrived
    due_on: date | None
    due_provisional: bool
    workdays_left: int | None
    extension_workdays: int
    correction_notice_due_on: date
    correction_period_ends_on: date | None
    awaiting_correction: bool
    consultation_answers_due_on: tuple[date, ...]  # one per ClockFacts.consultations
    fee_payments_due_on: tuple[date | None, ...]  # one per ClockFacts.fee_notices
    awaiting_payment: bool
    paused: bool
    paused_days: frozenset[date]
    provisional_dates: frozenset[date]
    closed: bool
    correction_delivery: DeliveryState | None = None
    fee_deliveries: tuple[DeliveryState, ...] = ()
    reasons_period_ends_on: date | None = None
    reasons_delivery: DeliveryState | None = None
    deadline_set: bool = False  # `due_on` is the Art. 35 date set by the office head

    @property
    def paused_workdays(self) -> int:
        return len(self.paused_days)

    @property
    def fee_due_on(self) -> date | None:
        """When the latest fee notice must be paid."""
        return self.fee_payments_due_on[-1] if self.fee_payments_due_on else None

    @property
    def overdue(self) -> bool:
        return not self.closed and self.due_on is not None and self.as_of > self.due_on

    @property
    def closed_late(self) -> bool:
        return self.closed and self.due_on is not None and self.as_of > self.due_on

    @property
    def fee_delivery(self) -> DeliveryState | None:
        return self.fee_deliveries[-1] if self.fee_deliveries else None

    @property
    def correction_period_over(self) -> bool:
        """The applicant's correction period, counted from a known delivery, has run out (3.6.1
        is now possible)."""
        ends = self.correction_period_ends_on
        known = self.correction_delivery in (None, DeliveryState.DELIVERED)
        return self.awaiting_correction and known and ends is not None and self.as_of > ends

    @property
    def fee_period_over(self) -> bool:
        """The latest fee notice is unpaid past its 20 working days counted from a known delivery
        (3.6.2 is now possible)."""
        due = self.fee_due_on
        known = self.fee_delivery in (None, DeliveryState.DELIVERED)
        return self.awaiting_payment and known and due is not None and self.as_of > due

    @property
    def reasons_period_over(self) -> bool:
        """The Art. 35 period to state reasons, counted from a known delivery, has run out."""
        ends = self.reasons_period_ends_on
        known = self.reasons_delivery is DeliveryState.DELIVERED
        return known and ends is not None and self.as_of > ends


def consultation_answer_due_on(cal: Calendar, started_on: date) -> date:
    return cal.add_workdays(started_on, CONSULTATION_ANSWER_WORKDAYS)


def fee_payment_due_on(cal: Calendar, sent_on: date) -> date:
    return cal.add_workdays(sent_on, FEE_PAYMENT_WORKDAYS)


def correction_notice_due_on(cal: Calendar, received_on: date) -> date:
    return cal.add_workdays(received_on, CORRECTION_NOTICE_WORKDAYS)


def applicant_period_ends_on(cal: Calendar, delivery: Delivery, workdays: int) -> date | None:
    """The end of a period given to the applicant: `workdays` working days after delivery, or
    the date the notice printed if that is later (a recompute never shortens it; RULES §2.7
    item 7). None while the notice is returned undelivered."""
    start = delivery.counts_from
    if start is None:
        return None
    ends = cal.add_workdays(start, workdays)
    printed = delivery.printed_ends_on
    return printed if printed is not None and printed > ends else ends


def _days_after(first_excluded: date, last: date) -> Iterable[date]:
    day = first_excluded + _DAY
    while day <= last:
        yield day
        day += _DAY


def read_clock(cal: Calendar, facts: ClockFacts, today: date) -> ClockReading:
    """RULES §2.7 as of `today`.

    1. Counting starts after R, or after C once the corrected application was received; from
       the correction request until C the reply clock is suspended and `due_on` is None: the
       deadline does not exist yet (it will be 20 working days after C), and the workbench
       shows `correction_period_ends_on` instead.
    2. A working day d is paused when S < d <= E for a consultation, or F < d <= P for a fee
       notice. E is the answer day, but never later than the 15th working day after S (the
       consultee's limit; after it the agency decides alone). A consultation still open, within
       its limit, and an unpaid fee notice pause through `today`: the due date shown is the
       earliest possible one and moves one working day later for every paused working day, and
       recording the answer or the payment today leaves it where it is.
    3. `due_on` is the working day on which the unpaused working days after the start reach
       20, plus X after an extension.
    4. The correction notice is due on the 7th working day after R, an answer on the 15th after
       S, a fee on the 20th after F.
    A closed case is read as of its closing day, so its figures stop moving (`workdays_left`
    then tells how early, or with `closed_late` how late, it was closed).
    """
    as_of = today if facts.closed_on is None else min(today, facts.closed_on)
    received = facts.received_on
    provisional: set[date] = set()

    def dated(after: date, due: date) -> date:
        if cal.any_provisional(after + _DAY, due):
            provisional.add(due)
        return due

    def period(delivery: Delivery, workdays: int) -> date | None:
        ends = applicant_period_ends_on(cal, delivery, workdays)
        start = delivery.counts_from
        return dated(start, ends) if ends is not None and start is not None else None

    notice_due = dated(received, correction_notice_due_on(cal, received))
    period_ends = None
    correction_delivery = None
    if facts.correction_requested_on is not None and facts.correction_period_workdays is not None:
        delivery = facts.correction_delivery or Delivery(sent_on=facts.correction_requested_on)
        period_ends = period(delivery, facts.correction_period_workdays)
        correction_delivery = delivery.state
    reasons_ends = None
    reasons_delivery = None
    if facts.reasons_requested_on is not None and facts.reasons_period_workdays is not None:
        delivery = facts.reasons_delivery or Delivery(sent_on=facts.reasons_requested_on)
        reasons_ends = period(delivery, facts.reasons_period_workdays)
        reasons_delivery = delivery.state
    awaiting_correction = facts.correction_requested_on is not None and facts.corrected_on is None
    start = facts.corrected_on if facts.corrected_on is not None else received

    answers_due = tuple(
        dated(c.started_on, consultation_answer_due_on(cal, c.started_on)) for c in facts.consultations
    )
    fee_deliveries = [f.delivery or Delivery(sent_on=f.sent_on) for f in facts.fee_notices]
    fees_due = tuple(period(delivery, FEE_PAYMENT_WORKDAYS) for delivery in fee_deliveries)

    windows: list[tuple[date, date]] = []  # (S, E] and (F, P]
    holding = False  # something open stops the clock as of as_of
    for c, limit in zip(facts.consultations, answers_due, strict=True):
        answered = c.ended_on is not None and c.ended_on <= as_of
        end = c.ended_on if c.ended_on is not None else as_of
        windows.append((c.started_on, min(end, limit)))
        holding |= not answered and c.started_on <= as_of <= limit
    unpaid = False
    for f in facts.fee_notices:
        paid = f.paid_on is not None and f.paid_on <= as_of
        windows.append((f.sent_on, f.paid_on if f.paid_on is not None else as_of))
        unpaid |= not paid and f.sent_on <= as_of
    paused_set = {d for lo, hi in windows for d in _days_after(max(lo, start), hi) if cal.is_workday(d)}

    due_on: date | None = None
    workdays_left: int | None = None
    due_provisional = False
    if not awaiting_correction:
        due_on = cal.add_workdays(start, REPLY_WORKDAYS + facts.extension_workdays, paused=paused_set)
        if facts.set_due_on is not None:
            # Art. 35: the date the office head set replaces the computed one (decision 0013).
            due_on = facts.set_due_on
        if as_of <= due_on:
            workdays_left = cal.workdays_between(as_of, due_on)
        else:
            workdays_left = -max(1, cal.workdays_between(due_on, as_of))
        due_provisional = facts.set_due_on is None and dated(start, due_on) in provisional

    closed = facts.closed_on is not None
    return ClockReading(
        as_of=as_of,
        counted_after=start,
        due_on=due_on,
        due_provisional=due_provisional,
        workdays_left=workdays_left,
        extension_workdays=facts.extension_workdays,
        correction_notice_due_on=notice_due,
        correction_period_ends_on=period_ends,
        awaiting_correction=awaiting_correction and not closed,
        consultation_answers_due_on=answers_due,
        fee_payments_due_on=fees_due,
        awaiting_payment=unpaid and not closed,
        paused=not closed and due_on is not None and due_on > as_of and (holding or unpaid),
        paused_days=frozenset(d for d in paused_set if due_on is None or d <= due_on),
        provisional_dates=frozenset(provisional),
        closed=closed,
        correction_delivery=correction_delivery,
        fee_deliveries=tuple(d.state for d in fee_deliveries),
        reasons_period_ends_on=reasons_ends,
        reasons_delivery=reasons_delivery,
        deadline_set=facts.set_due_on is not None,
    )


# --- Reminders --------------------------------------------------------------------------------------


def is_overdue(reading: ClockReading) -> bool:
    """An open case past its reply deadline."""
    return reading.overdue


def is_due_soon(reading: ClockReading, workdays: int = DUE_SOON_WORKDAYS) -> bool:
    """An open case due within `workdays` working days (0 = due today), not overdue.

    A paused case is not due soon: its deadline moves every day until the pause ends.
    """
    left = reading.workdays_left
    return not reading.closed and not reading.paused and left is not None and 0 <= left <= workdays


def signature_chase_on(cal: Calendar, sent_on: date) -> date:
    """The day an unsigned posted notice sent on `sent_on` is chased (to-do late, reminder)."""
    return cal.add_workdays(sent_on, SIGNATURE_CHASE_WORKDAYS)


def due_soon_until(cal: Calendar, today: date, workdays: int = DUE_SOON_WORKDAYS) -> date:
    """The last due date that is "due soon" on `today`: for a query on a stored `due_on`,
    today <= due_on <= due_soon_until(...) is the same test as `is_due_soon` (due dates are
    working days), paused cases aside."""
    return cal.add_workdays(today, workdays)


# --- Calendar rules for new events ----------------------------------------------------------------


def check_extension(cal: Calendar, facts: ClockFacts, on: date, workdays: int) -> None:
    """Art. 33: one extension of at most 20 working days, granted before the deadline passes
    (on the due day itself is still in time)."""
    if workdays < 1:
        raise InvalidEvent("invalid_workdays", "请填写延长的工作日数", field="workdays")
    if workdays > MAX_EXTENSION_WORKDAYS:
        raise InvalidEvent(
            "extension_too_long", "延长的期限最长不得超过20个工作日（第三十三条）", field="workdays"
        )
    if facts.extension_workdays:
        raise EventNotAllowed(None, EventType.EXTENDED, code="already_extended")
    reading = read_clock(cal, facts, on)
    if reading.due_on is None:
        raise EventNotAllowed(None, EventType.EXTENDED, code="clock_suspended")
    if on > reading.due_on:
        raise EventNotAllowed(None, EventType.EXTENDED, code="extension_too_late")


def check_correction_request(cal: Calendar, facts: ClockFacts, on: date) -> None:
    """Art. 30: once, and within 7 working days of receipt."""
    if facts.correction_requested_on is not None:
        raise EventNotAllowed(None, EventType.CORRECTION_REQUESTED, code="correction_already_requested")
    if on > correction_notice_due_on(cal, facts.received_on):
        raise EventNotAllowed(None, EventType.CORRECTION_REQUESTED, code="correction_too_late")


def _delivery_known(state: DeliveryState | None) -> None:
    if state is DeliveryState.PROVISIONAL:
        raise EventNotAllowed(None, EventType.REPLIED, code="delivery_not_recorded")
    if state is DeliveryState.RETURNED:
        raise EventNotAllowed(None, EventType.REPLIED, code="notice_returned")


def check_closing(cal: Calendar, facts: ClockFacts, on: date, outcome: str | None) -> None:
    """Closing as abandoned (3.6.1, 3.6.2) only once the applicant's period, counted from the
    notice's delivery, has run out (RULES §2.7 item 7); 3.5.4 only once the reasons are in or
    their period has run out (item 8)."""
    reading = read_clock(cal, facts, on)
    if outcome == NOT_CORRECTED and not reading.correction_period_over:
        _delivery_known(reading.correction_delivery)
        raise EventNotAllowed(None, EventType.REPLIED, code="correction_period_not_over")
    if outcome == FEE_NOT_PAID and not reading.fee_period_over:
        _delivery_known(reading.fee_delivery)
        raise EventNotAllowed(None, EventType.REPLIED, code="fee_period_not_over")
    if outcome == TOO_MANY and facts.reasons_received_on is None and not reading.reasons_period_over:
        _delivery_known(reading.reasons_delivery)
        raise EventNotAllowed(None, EventType.REPLIED, code="reasons_period_not_over")


def _within_reply_period(cal: Calendar, facts: ClockFacts, event: EventRecord, code: str) -> ClockReading:
    """Notices and requests of the agency go out on or before the current reply deadline."""
    reading = read_clock(cal, facts, event.on)
    if reading.due_on is not None and event.on > reading.due_on:
        raise EventNotAllowed(None, event.type, code=code)
    return reading


def check_deadline_set(cal: Calendar, facts: ClockFacts, event: EventRecord) -> None:
    """Art. 35: a longer deadline, set before the current one passes."""
    reading = _within_reply_period(cal, facts, event, "deadline_too_late")
    assert event.due_on is not None  # apply() refused a missing one
    if reading.due_on is not None and event.due_on <= reading.due_on:
        message = (
            f"确定的答复期限（{event.due_on.isoformat()}）"
            f"应晚于当前的答复期限（{reading.due_on.isoformat()}）"
        )
        raise InvalidEvent("deadline_not_later", message, field="due_on")


def check_appeal(cal: Calendar, before: Progress, after: Progress, event: EventRecord) -> None:
    """The calendar rules of appeals (RULES §2.10).

    - On an open case an appeal is against the failure to reply: only once the reply deadline
      has passed (行政复议法 Art. 11(11), 23(1)(3)); while the clock is suspended for a
      correction there is no deadline to have passed.
    - Litigation after a reconsideration the body has not decided: only after the body's
      period, counted from its acceptance, has ended (行政诉讼法 Art. 45).
    - The body's one extension (ordinary procedure) is granted within its period.
    """
    t = event.type
    filed = t in (EventType.RECONSIDERATION_FILED, EventType.LITIGATION_FILED)
    if filed and before.state is not None and before.state.is_open:
        facts = ClockFacts.from_progress(before)
        reading = read_clock(cal, facts, event.on) if facts is not None else None
        if reading is None or reading.due_on is None or event.on <= reading.due_on:
            raise EventNotAllowed(None, t, code="reply_not_overdue")
    if t is EventType.LITIGATION_FILED and event.after_reconsideration:
        against = after.appeals[-1].against
        sued = next(
            a for a in before.appeals if a.kind is AppealKind.RECONSIDERATION and a.against == against
        )
        if sued.pending and not body_missed_its_period(cal, sued, event.on):
            raise EventNotAllowed(None, t, code="reconsideration_period_not_over")
    if t is EventType.RECONSIDERATION_EXTENDED:
        extended = before.pending_appeal("reconsideration")
        assert extended is not None  # apply() refused otherwise
        due = reconsideration_decision_due_on(cal, extended)
        if due is None or event.on > due:
            raise EventNotAllowed(None, t, code="reconsideration_period_over")


def check_event(
    cal: Calendar, events: Iterable[EventRecord], event: EventRecord, *, today: date | None = None
) -> Progress:
    """The one check before appending `event`: state table, payload, history, the rules a new
    event must pass (`states.check_new_event`: order, as of `today` when given) and calendar
    rules. Returns the progress after the event."""
    before = replay(events)
    after = apply(before, event)
    check_new_event(before, event, today=today if today is not None else event.on)
    facts = ClockFacts.from_progress(before)
    if facts is not None:
        t = event.type
        if t is EventType.EXTENDED:
            assert event.workdays is not None  # apply() refused a missing one
            check_extension(cal, facts, event.on, event.workdays)
        elif t is EventType.CORRECTION_REQUESTED:
            check_correction_request(cal, facts, event.on)
        elif t is EventType.REPLIED:
            check_closing(cal, facts, event.on, event.outcome)
        elif t is EventType.FEE_NOTICE_SENT:
            _within_reply_period(cal, facts, event, "fee_notice_too_late")
        elif t is EventType.REASONS_REQUESTED:
            _within_reply_period(cal, facts, event, "reasons_too_late")
        elif t is EventType.DEADLINE_SET:
            check_deadline_set(cal, facts, event)
    check_appeal(cal, before, after, event)
    return after


def available_events_on(cal: Calendar, progress: Progress, today: date) -> frozenset[EventType]:
    """`states.available_events` less what the calendar already rules out on `today`."""
    offered = set(available_events(progress))
    facts = ClockFacts.from_progress(progress)
    if facts is not None and progress.state is not None and progress.state.is_open:
        reading = read_clock(cal, facts, today)
        if reading.due_on is None or today > reading.due_on:
            offered.discard(EventType.EXTENDED)
            offered.discard(EventType.DEADLINE_SET)
            offered.discard(EventType.REASONS_REQUESTED)
            offered.discard(EventType.FEE_NOTICE_SENT)
        if today > reading.correction_notice_due_on:
            offered.discard(EventType.CORRECTION_REQUESTED)
        if reading.due_on is None or today <= reading.due_on:
            # Nothing to appeal yet: the failure to reply starts the day after the deadline.
            offered.discard(EventType.RECONSIDERATION_FILED)
            if not progress.appeals:  # litigation after a reconsideration came after the deadline
                offered.discard(EventType.LITIGATION_FILED)
    return frozenset(offered)
