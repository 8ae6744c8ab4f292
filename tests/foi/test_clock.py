"""The reply clock (RULES §2.7) on the official 2025/2026 calendars. Runs without Django.

Every expected date was counted by hand on the RULES §1 tables, never taken from the code; the
comment on each row says what makes it interesting. March 2026 is the workhorse: received Mon
03-02, due Mon 03-30 unpaused, and 清明 (04-04..04-06) waits just after.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.calendars import calendar_2025_2026
from zwgk.foi.domain.clock import (
    CONSULTATION_ANSWER_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    DUE_SOON_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    REPLY_WORKDAYS,
    ClockFacts,
    available_events_on,
    check_closing,
    check_correction_request,
    check_event,
    check_extension,
    consultation_answer_due_on,
    correction_notice_due_on,
    due_soon_until,
    facts_from_events,
    fee_payment_due_on,
    is_due_soon,
    is_overdue,
    read_clock,
)
from zwgk.foi.domain.states import (
    Consultation,
    EventNotAllowed,
    EventRecord,
    EventType,
    FeeNotice,
    InvalidEvent,
    replay,
)

CAL = calendar_2025_2026()


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def C(start: str, end: str | None = None) -> Consultation:
    return Consultation(started_on=d(start), ended_on=d(end) if end else None)


def Fee(sent: str, paid: str | None = None) -> FeeNotice:
    return FeeNotice(sent_on=d(sent), paid_on=d(paid) if paid else None)


def F(
    received: str,
    *,
    requested: str | None = None,
    period: int | None = None,
    corrected: str | None = None,
    consultations: tuple[Consultation, ...] = (),
    fees: tuple[FeeNotice, ...] = (),
    extension: int = 0,
    closed: str | None = None,
) -> ClockFacts:
    return ClockFacts(
        received_on=d(received),
        correction_requested_on=d(requested) if requested else None,
        correction_period_workdays=period,
        corrected_on=d(corrected) if corrected else None,
        consultations=consultations,
        fee_notices=fees,
        extension_workdays=extension,
        closed_on=d(closed) if closed else None,
    )


def read(facts: ClockFacts, today: str):
    return read_clock(CAL, facts, d(today))


def test_statutory_constants():
    assert (REPLY_WORKDAYS, MAX_EXTENSION_WORKDAYS) == (20, 20)  # Art. 33
    assert CORRECTION_NOTICE_WORKDAYS == 7  # Art. 30
    assert CONSULTATION_ANSWER_WORKDAYS == 15  # Arts. 32, 34
    assert FEE_PAYMENT_WORKDAYS == 20  # 国办函〔2020〕109号
    assert DUE_SOON_WORKDAYS == 3


# --- 1. The clock starts after R -------------------------------------------------------------------


@pytest.mark.parametrize(
    "received, due",
    [
        ("2025-01-24", "2025-02-27"),  # 春节 2025: Sun 01-26 and Sat 02-08 count, 01-28..02-04 do not
        ("2025-09-26", "2025-10-30"),  # 国庆+中秋 2025: Sun 09-28 and Sat 10-11 count
        ("2026-09-24", "2026-10-29"),  # 中秋+国庆, Sat 10-10 is a working day
        ("2026-02-13", "2026-03-19"),  # 春节 2026: Sat 02-14 and 02-28 count, 02-15..02-23 do not
        ("2026-02-15", "2026-03-20"),  # received on a holiday Sunday: counting starts the day after
        ("2025-10-11", "2025-11-07"),  # received on a worked Saturday: day R itself never counts
        ("2026-04-30", "2026-06-01"),  # 劳动节 2026: 05-01..05-05 off, Sat 05-09 counts
        ("2026-03-02", "2026-03-30"),  # four plain weeks
        ("2026-03-06", "2026-04-03"),  # due the Friday before 清明
        ("2026-11-30", "2026-12-28"),  # all in 2026: not provisional
        ("2024-12-31", "2025-02-05"),  # R in unloaded 2024 does not matter: day R is not counted
    ],
)
def test_reply_due_counts_twenty_working_days_after_receipt(received, due):
    reading = read(F(received), received)
    assert reading.due_on == d(due)
    assert reading.due_provisional is False
    assert reading.counted_after == d(received)
    assert reading.workdays_left == 20


# --- 5. Provisional across 2026 → 2027 ---------------------------------------------------------------


def test_a_deadline_counted_into_2027_is_provisional():
    reading = read(F("2026-12-25"), "2026-12-25")
    # 12-28..12-31 (4), then 2027 on its provisional calendar (RULES §1): 元旦 01-01 off,
    # 01-04..08 (9), 01-11..15 (14), 01-18..22 (19), 01-25 (20)
    assert reading.due_on == d("2027-01-25")
    assert reading.due_provisional is True
    assert d("2027-01-25") in reading.provisional_dates


@pytest.mark.parametrize(
    "received, notice_due, provisional",
    [
        ("2025-01-24", "2025-02-10", False),  # 01-26, 01-27, 02-05, 02-06, 02-07, Sat 02-08, 02-10
        ("2025-09-26", "2025-10-13", False),  # 09-28, 09-29, 09-30, 10-09, 10-10, Sat 10-11, 10-13
        ("2026-09-24", "2026-10-12", False),  # 09-28, 09-29, 09-30, 10-08, 10-09, Sat 10-10, 10-12
        ("2026-02-09", "2026-02-25", False),  # 02-10..02-13, Sat 02-14, 02-24, 02-25
        ("2026-12-22", "2026-12-31", False),  # 12-23..12-31: the 7th is the last day of 2026
        ("2026-12-23", "2027-01-04", True),  # 12-24..12-31 (6), 元旦 off: the 7th in unpublished 2027
    ],
)
def test_correction_notice_is_due_on_the_7th_working_day_after_receipt(received, notice_due, provisional):
    reading = read(F(received), received)
    assert reading.correction_notice_due_on == d(notice_due)
    assert correction_notice_due_on(CAL, d(received)) == d(notice_due)
    assert (d(notice_due) in reading.provisional_dates) is provisional


# --- 2–4. Correction, pauses, extension ------------------------------------------------------------

CORRECTED = {"requested": "2025-09-26", "period": 10, "corrected": "2025-10-15"}


@pytest.mark.parametrize(
    "facts, today, due, paused_workdays, paused",
    [
        # Rule 1: a corrected application restarts the clock; R no longer matters.
        (F("2025-09-22", **CORRECTED), "2025-10-15", "2025-11-12", 0, False),  # 20 WD after C 10-15
        (
            F("2026-02-09", requested="2026-02-11", period=5, corrected="2026-02-24"),
            "2026-02-24",
            "2026-03-23",  # C the first day after 春节 2026; Sat 02-28 counts
            0,
            False,
        ),
        (
            F("2025-09-22", **CORRECTED, consultations=(C("2025-10-20", "2025-10-24"),)),
            "2025-10-24",
            "2025-11-18",  # restarted, then 10-21..10-24 paused: 11-12 + 4 WD
            4,
            False,
        ),
        # Rule 2: consultations pause S < d <= E.
        (
            F("2026-03-02", consultations=(C("2026-03-06", "2026-03-12"),)),
            "2026-03-12",
            "2026-04-03",
            4,
            False,
        ),
        (
            F("2026-03-02", consultations=(C("2026-03-06", "2026-03-12"), C("2026-03-10", "2026-03-17"))),
            "2026-03-17",
            "2026-04-09",  # overlapping: 03-09..03-17 is 7 WD, counted once; 清明 skipped
            7,
            False,
        ),
        (
            F("2026-03-02", consultations=(C("2026-03-03", "2026-04-10"),)),
            "2026-04-10",
            "2026-04-21",  # answered late: the pause stops at its 15-WD limit 03-24
            15,
            False,
        ),
        (
            F("2026-03-02", consultations=(C("2026-03-06"),)),
            "2026-03-11",
            "2026-04-02",
            3,
            True,
        ),  # open: 03-09..11
        (
            F("2026-03-02", consultations=(C("2026-03-06"),)),
            "2026-03-12",
            "2026-04-03",
            4,
            True,
        ),  # a day on: +1
        (
            F("2026-03-02", consultations=(C("2026-03-03"),)),
            "2026-04-10",
            "2026-04-21",  # open past its limit: treated as ended on 03-24
            15,
            False,
        ),
        (
            F("2026-03-02", consultations=(C("2026-03-30"),)),
            "2026-03-30",
            "2026-03-30",  # started on the due day: day S itself counts, the pause comes too late
            0,
            False,
        ),
        # Rule 2: fee notices pause F < d <= P.
        (F("2026-03-02", fees=(Fee("2026-03-20", "2026-03-26"),)), "2026-03-26", "2026-04-03", 4, False),
        (F("2026-03-02", fees=(Fee("2026-03-20"),)), "2026-03-25", "2026-04-02", 3, True),  # unpaid: to today
        (
            F(
                "2026-03-02",
                consultations=(C("2026-03-06", "2026-03-12"),),
                fees=(Fee("2026-03-13", "2026-03-18"),),
            ),
            "2026-03-18",
            "2026-04-09",  # 03-09..03-12 consulting, 03-16..03-18 awaiting payment
            7,
            False,
        ),
        (
            F("2026-03-02", fees=(Fee("2026-03-20"),)),
            "2026-04-21",
            "2026-04-29",  # unpaid past its 20 WD (04-20) still pauses: 03-23..04-21 is 21 WD
            21,
            True,
        ),
        # Rule 3: an extension adds X working days.
        (F("2026-09-24", extension=20), "2026-09-24", "2026-11-26", 0, False),  # 10-29 + 20 WD
        (F("2025-01-24", extension=5), "2025-01-24", "2025-03-06", 0, False),  # 02-27 + 5 WD
        (
            F("2026-03-02", consultations=(C("2026-03-06", "2026-03-12"),), extension=10),
            "2026-03-12",
            "2026-04-20",  # 04-03 + 10 WD over 清明
            4,
            False,
        ),
        (F("2025-09-22", **CORRECTED, extension=20), "2025-10-15", "2025-12-10", 0, False),  # 11-12 + 20 WD
        # A closed case is read as of its closing day: the open consultation ends there.
        (
            F("2026-03-02", consultations=(C("2026-03-06"),), closed="2026-03-11"),
            "2026-06-01",
            "2026-04-02",
            3,
            False,
        ),
    ],
)
def test_reply_due(facts, today, due, paused_workdays, paused):
    reading = read(facts, today)
    assert reading.due_on == d(due)
    assert reading.paused_workdays == paused_workdays
    assert reading.paused is paused


def test_overlapping_consultations_pause_each_day_once():
    facts = F("2026-03-02", consultations=(C("2026-03-06", "2026-03-12"), C("2026-03-10", "2026-03-17")))
    days = {"2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-16", "2026-03-17"}
    assert read(facts, "2026-03-17").paused_days == {d(x) for x in days}


def test_while_awaiting_correction_the_reply_deadline_is_suspended():
    reading = read(F("2025-09-22", requested="2025-09-26", period=10), "2025-10-10")
    assert reading.due_on is None
    assert reading.workdays_left is None
    assert reading.awaiting_correction is True
    # period of 10 WD from 09-26: 09-28, 09-29, 09-30, 10-09, 10-10, Sat 10-11, 10-13..10-16
    assert reading.correction_period_ends_on == d("2025-10-16")
    assert reading.correction_notice_due_on == d("2025-09-30")
    assert reading.correction_period_over is False
    assert is_overdue(reading) is False and is_due_soon(reading) is False
    assert (
        read(F("2025-09-22", requested="2025-09-26", period=10), "2025-10-17").correction_period_over is True
    )


def test_after_correction_the_reading_counts_from_c():
    reading = read(F("2025-09-22", **CORRECTED), "2025-10-15")
    assert reading.counted_after == d("2025-10-15")
    assert reading.awaiting_correction is False
    assert reading.correction_period_ends_on == d("2025-10-16")


def test_open_consultation_keeps_workdays_left_while_the_due_date_moves():
    facts = F("2026-03-02", consultations=(C("2026-03-06"),))
    # 03-03..03-06 used (4 WD), 16 left for as long as the pause holds
    assert [read(facts, day).workdays_left for day in ("2026-03-09", "2026-03-11", "2026-03-13")] == [
        16,
        16,
        16,
    ]


def test_recording_the_answer_today_does_not_move_the_due_date():
    open_ = read(F("2026-03-02", consultations=(C("2026-03-06"),)), "2026-03-12")
    answered = read(F("2026-03-02", consultations=(C("2026-03-06", "2026-03-12"),)), "2026-03-12")
    assert open_.due_on == answered.due_on == d("2026-04-03")
    assert open_.paused is True and answered.paused is False


@pytest.mark.parametrize(
    "started, answer_due",
    [
        ("2026-03-06", "2026-03-27"),  # three plain weeks
        ("2026-03-03", "2026-03-24"),
        ("2025-09-26", "2025-10-23"),  # 国庆 2025: Sun 09-28 and Sat 10-11 count
    ],
)
def test_consultation_answer_is_due_on_the_15th_working_day(started, answer_due):
    reading = read(F("2025-09-01", consultations=(C(started, started),)), started)
    assert reading.consultation_answers_due_on == (d(answer_due),)
    assert consultation_answer_due_on(CAL, d(started)) == d(answer_due)


def test_consultation_answer_due_in_2027_is_provisional():
    reading = read(F("2026-12-14", consultations=(C("2026-12-15"),)), "2026-12-15")
    # 12-16..12-31 is 12 WD, then 元旦 2027-01-01 off (provisional calendar), 01-04, 01-05, 01-06
    assert reading.consultation_answers_due_on == (d("2027-01-06"),)
    assert d("2027-01-06") in reading.provisional_dates
    # the projected due date moves with it: one working day later than on weekends only
    assert reading.due_on == d("2027-01-12") and reading.due_provisional is True


@pytest.mark.parametrize(
    "sent, due",
    [
        ("2026-03-20", "2026-04-20"),  # 清明 04-04..04-06 skipped
        ("2026-02-10", "2026-03-16"),  # 春节 2026: Sat 02-14 and 02-28 count
    ],
)
def test_fee_is_due_on_the_20th_working_day_after_the_notice(sent, due):
    reading = read(F("2026-02-02", fees=(Fee(sent),)), sent)
    assert reading.fee_payments_due_on == (d(due),)
    assert reading.fee_due_on == d(due)
    assert fee_payment_due_on(CAL, d(sent)) == d(due)
    assert reading.awaiting_payment is True


def test_fee_period_over_only_after_the_due_day():
    facts = F("2026-03-02", fees=(Fee("2026-03-20"),))
    assert read(facts, "2026-04-20").fee_period_over is False
    assert read(facts, "2026-04-21").fee_period_over is True


# --- 5. Days left, due soon, overdue ----------------------------------------------------------------


@pytest.mark.parametrize(
    "received, today, left, due_soon, overdue",
    [
        ("2026-09-24", "2026-09-24", 20, False, False),  # day of receipt
        ("2026-09-24", "2026-09-30", 17, False, False),  # 10-01..10-07 off, Sat 10-10 worked
        ("2026-09-24", "2026-10-03", 17, False, False),  # a holiday uses nothing up
        ("2026-09-24", "2026-10-23", 4, False, False),  # Fri: 10-26..10-29 left
        ("2026-09-24", "2026-10-26", 3, True, False),  # reminders start
        ("2026-09-24", "2026-10-29", 0, True, False),  # the due day itself
        ("2026-09-24", "2026-10-30", -1, False, True),  # the day after
        ("2026-09-24", "2026-11-02", -2, False, True),  # 10-30 and 11-02 since
        ("2026-03-06", "2026-04-03", 0, True, False),  # due on the Friday before 清明
        ("2026-03-06", "2026-04-04", -1, False, True),  # 清明 Saturday: overdue though no WD passed
        ("2026-03-06", "2026-04-06", -1, False, True),  # 清明 Monday
        ("2026-03-06", "2026-04-07", -1, False, True),  # first working day after
        ("2026-03-06", "2026-04-08", -2, False, True),
    ],
)
def test_workdays_left(received, today, left, due_soon, overdue):
    reading = read(F(received), today)
    assert reading.workdays_left == left
    assert is_due_soon(reading) is due_soon
    assert is_overdue(reading) is overdue


def test_a_paused_case_is_not_due_soon():
    reading = read(F("2026-03-02", fees=(Fee("2026-03-20"),)), "2026-03-25")
    assert reading.paused is True
    assert is_due_soon(reading, workdays=20) is False


def test_due_soon_until():
    assert due_soon_until(CAL, d("2026-10-26")) == d("2026-10-29")  # Mon → Thu
    assert due_soon_until(CAL, d("2026-09-30")) == d("2026-10-10")  # 10-08, 10-09, Sat 10-10


def test_due_soon_until_agrees_with_is_due_soon():
    facts = F("2026-09-24")
    for offset in range(45):
        today = d("2026-09-24") + timedelta(days=offset)
        reading = read_clock(CAL, facts, today)
        assert is_due_soon(reading) is (today <= reading.due_on <= due_soon_until(CAL, today)), today


def test_closed_case_is_frozen_at_its_closing_day():
    on_time = read(F("2026-09-24", closed="2026-10-20"), "2026-12-01")
    assert on_time.as_of == d("2026-10-20")
    assert on_time.workdays_left == 7  # 10-21..10-23, 10-26..10-29
    assert (on_time.overdue, on_time.closed_late, on_time.paused) == (False, False, False)
    late = read(F("2026-09-24", closed="2026-11-03"), "2026-12-01")
    assert late.workdays_left == -3  # 10-30, 11-02, 11-03
    assert (late.overdue, late.closed_late) == (False, True)
    assert is_overdue(late) is False and is_due_soon(late) is False


# --- Calendar rules for new events -------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts, on, workdays, code",
    [
        (F("2026-09-24"), "2026-10-29", 20, None),  # on the due day: still in time
        (F("2026-09-24"), "2026-10-30", 20, "extension_too_late"),  # a day late
        (F("2026-09-24"), "2026-10-31", 5, "extension_too_late"),  # weekend after the due day
        (F("2026-09-24"), "2026-10-12", 21, "extension_too_long"),  # Art. 33: at most 20
        (F("2026-09-24"), "2026-10-12", 0, "invalid_workdays"),
        (F("2026-09-24", extension=5), "2026-10-12", 5, "already_extended"),  # only once
        (F("2025-09-22", requested="2025-09-26", period=10), "2025-10-10", 5, "clock_suspended"),
        (F("2026-03-02"), "2026-04-01", 10, "extension_too_late"),  # due 03-30
        (F("2026-03-02", consultations=(C("2026-03-06"),)), "2026-04-01", 10, None),  # paused to 03-27: 04-21
    ],
)
def test_check_extension(facts, on, workdays, code):
    if code is None:
        check_extension(CAL, facts, d(on), workdays)
        return
    with pytest.raises((EventNotAllowed, InvalidEvent)) as caught:
        check_extension(CAL, facts, d(on), workdays)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "facts, on, code",
    [
        (F("2026-09-24"), "2026-10-12", None),  # the 7th working day
        (F("2026-09-24"), "2026-10-13", "correction_too_late"),  # Art. 30: within 7 WD
        (F("2025-09-22", **CORRECTED), "2025-10-20", "correction_already_requested"),  # once
    ],
)
def test_check_correction_request(facts, on, code):
    if code is None:
        check_correction_request(CAL, facts, d(on))
        return
    with pytest.raises(EventNotAllowed) as caught:
        check_correction_request(CAL, facts, d(on))
    assert caught.value.code == code


@pytest.mark.parametrize(
    "facts, on, outcome, code",
    [
        (
            F("2025-09-22", requested="2025-09-26", period=10),
            "2025-10-16",
            "3.6.1",
            "correction_period_not_over",
        ),
        (F("2025-09-22", requested="2025-09-26", period=10), "2025-10-17", "3.6.1", None),  # the day after
        (F("2026-03-02", fees=(Fee("2026-03-20"),)), "2026-04-20", "3.6.2", "fee_period_not_over"),
        (F("2026-03-02", fees=(Fee("2026-03-20"),)), "2026-04-21", "3.6.2", None),
        (
            F("2026-03-02", fees=(Fee("2026-03-20"),)),
            "2026-03-23",
            "3.6.3",
            None,
        ),  # other outcomes: no timing
    ],
)
def test_check_closing(facts, on, outcome, code):
    if code is None:
        check_closing(CAL, facts, d(on), outcome)
        return
    with pytest.raises(EventNotAllowed) as caught:
        check_closing(CAL, facts, d(on), outcome)
    assert caught.value.code == code


def ev(type_: str, on: str, **payload) -> EventRecord:
    return EventRecord(type=EventType(type_), on=d(on), **payload)


# Online on Sunday 09-20, confirmed Thu 09-24 (R); a consultation over 国庆 pauses 09-30, 10-08,
# 10-09, Sat 10-10 and 10-12 (5 WD): due 10-29 + 5 WD = 11-05.
TIMELINE = [
    ev("submitted", "2026-09-20"),
    ev("registered", "2026-09-24"),
    ev("consultation_started", "2026-09-29"),
    ev("consultation_ended", "2026-10-12", consultation_id=1),
]


def test_facts_from_events():
    assert facts_from_events(TIMELINE) == ClockFacts(
        received_on=d("2026-09-24"),
        consultations=(Consultation(started_on=d("2026-09-29"), ended_on=d("2026-10-12"), id=1),),
    )
    assert read_clock(CAL, facts_from_events(TIMELINE), d("2026-10-12")).due_on == d("2026-11-05")
    assert facts_from_events(TIMELINE[:1]) is None  # not received yet


def test_check_event_applies_calendar_rules():
    progress = check_event(CAL, TIMELINE, ev("extended", "2026-11-05", workdays=20))
    assert progress.extension_workdays == 20
    with pytest.raises(EventNotAllowed) as caught:
        check_event(CAL, TIMELINE, ev("extended", "2026-11-06", workdays=20))
    assert caught.value.code == "extension_too_late"
    with pytest.raises(InvalidEvent) as caught_invalid:
        check_event(CAL, TIMELINE, ev("extended", "2026-10-20", workdays=25))
    assert caught_invalid.value.code == "extension_too_long"
    with pytest.raises(EventNotAllowed) as caught:
        check_event(CAL, TIMELINE, ev("correction_requested", "2026-10-13", period_workdays=10))
    assert caught.value.code == "correction_too_late"


def test_check_event_refuses_early_abandonment():
    timeline = [*TIMELINE[1:2], ev("correction_requested", "2026-09-28", period_workdays=5)]
    # 5 WD after Mon 09-28: 09-29, 09-30, 10-08, 10-09, Sat 10-10
    with pytest.raises(EventNotAllowed) as caught:
        check_event(CAL, timeline, ev("replied", "2026-10-10", outcome="3.6.1"))
    assert caught.value.code == "correction_period_not_over"
    assert check_event(CAL, timeline, ev("replied", "2026-10-12", outcome="3.6.1")).outcome == "3.6.1"


@pytest.mark.parametrize(
    "today, extend, correct",
    [
        ("2026-10-12", True, True),  # correction notice due 10-12
        ("2026-10-13", True, False),
        ("2026-10-29", True, False),  # due day
        ("2026-10-30", False, False),  # overdue: too late to extend
    ],
)
def test_available_events_on(today, extend, correct):
    offered = available_events_on(CAL, replay(TIMELINE[:2]), d(today))
    assert (EventType.EXTENDED in offered) is extend
    assert (EventType.CORRECTION_REQUESTED in offered) is correct
    assert EventType.REPLIED in offered


def test_facts_refuse_inconsistent_input():
    with pytest.raises(ValueError):
        F("2025-09-22", requested="2025-09-26")  # no period
    with pytest.raises(ValueError):
        F("2025-09-22", corrected="2025-10-15")  # corrected without a request
    with pytest.raises(ValueError):
        C("2026-03-06", "2026-03-05")


# --- Properties -------------------------------------------------------------------------------------

START, END = date(2025, 1, 1), date(2026, 10, 31)


@st.composite
def cases(draw):
    received = draw(st.dates(min_value=START, max_value=END))

    def later(base: date, most: int) -> date:
        return base + timedelta(days=draw(st.integers(min_value=0, max_value=most)))

    consultations = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        start = later(received, 40)
        end = later(start, 40) if draw(st.booleans()) else None
        consultations.append(Consultation(started_on=start, ended_on=end))
    fees = []
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        sent = later(received, 40)
        fees.append(FeeNotice(sent_on=sent, paid_on=later(sent, 30) if draw(st.booleans()) else None))
    facts = ClockFacts(
        received_on=received,
        consultations=tuple(consultations),
        fee_notices=tuple(fees),
        extension_workdays=draw(st.integers(min_value=0, max_value=20)),
    )
    return facts, later(received, 120)


def bare(facts: ClockFacts, **changes) -> ClockFacts:
    fields = {
        "received_on": facts.received_on,
        "consultations": facts.consultations,
        "fee_notices": facts.fee_notices,
        "extension_workdays": facts.extension_workdays,
    }
    fields.update(changes)
    return ClockFacts(**fields)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_pause_never_makes_the_deadline_earlier(case):
    facts, today = case
    unpaused = read_clock(CAL, bare(facts, consultations=(), fee_notices=()), today)
    assert read_clock(CAL, facts, today).due_on >= unpaused.due_on


@settings(max_examples=300, deadline=None)
@given(cases())
def test_an_extension_never_makes_the_deadline_earlier(case):
    facts, today = case
    assert (
        read_clock(CAL, facts, today).due_on
        >= read_clock(CAL, bare(facts, extension_workdays=0), today).due_on
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_due_on_is_a_working_day_reached_by_counting_unpaused_days(case):
    facts, today = case
    reading = read_clock(CAL, facts, today)
    assert CAL.is_workday(reading.due_on)
    assert reading.due_on not in reading.paused_days
    counted = CAL.workdays_between(reading.counted_after, reading.due_on) - reading.paused_workdays
    assert counted == REPLY_WORKDAYS + facts.extension_workdays


@settings(max_examples=300, deadline=None)
@given(cases())
def test_waiting_another_day_never_brings_the_deadline_forward(case):
    facts, today = case
    assert read_clock(CAL, facts, today + timedelta(days=1)).due_on >= read_clock(CAL, facts, today).due_on


@settings(max_examples=300, deadline=None)
@given(cases())
def test_recording_open_things_as_ending_today_changes_nothing(case):
    facts, today = case
    ended = bare(
        facts,
        consultations=tuple(
            Consultation(started_on=c.started_on, ended_on=c.ended_on or max(today, c.started_on))
            for c in facts.consultations
        ),
        fee_notices=tuple(
            FeeNotice(sent_on=f.sent_on, paid_on=f.paid_on or max(today, f.sent_on))
            for f in facts.fee_notices
        ),
    )
    assert read_clock(CAL, ended, today).due_on == read_clock(CAL, facts, today).due_on
