"""RULES §2.6 and §2.7 items 6–9 in the pure domain: the order of events, delivery, fees, Art. 35
and the third party. Runs without Django, on the official 2025/2026 calendars (RULES §1).

Every expected date was counted by hand on the RULES §1 tables. March 2026 again: received Mon
03-02, due Mon 03-30 unpaused; 清明 is 04-04..04-06 (Sat–Mon).
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.calendars import calendar_2025_2026
from zwgk.foi.domain.clock import ClockFacts, applicant_period_ends_on, check_event, read_clock
from zwgk.foi.domain.states import (
    Delivery,
    DeliveryChannel,
    DeliveryState,
    EventNotAllowed,
    EventOutOfOrder,
    EventRecord,
    EventType,
    InvalidEvent,
    replay,
)

CAL = calendar_2025_2026()
E = EventType


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def ev(type_: str, on: str, **payload) -> EventRecord:
    return EventRecord(type=EventType(type_), on=d(on), **payload)


REGISTERED = ev("registered", "2026-03-02")


def check(events, new, today="2026-12-31"):
    return check_event(CAL, events, new, today=d(today))


def reading(events, today):
    facts = ClockFacts.from_progress(replay(events))
    assert facts is not None
    return read_clock(CAL, facts, d(today))


def refused(events, new, today="2026-12-31"):
    with pytest.raises((EventNotAllowed, InvalidEvent)) as caught:
        check(events, new, today)
    return caught.value


# --- Item 6: the order of events ------------------------------------------------------------------

CORRECTED = [
    REGISTERED,
    ev("correction_requested", "2026-03-04", period_workdays=10, channel="email"),
    ev("correction_received", "2026-03-10"),
]
CONSULTED = [
    REGISTERED,
    ev("consultation_started", "2026-03-04", kind="agency"),
    ev("consultation_ended", "2026-03-12", consultation_id=1),
]
PAID = [
    REGISTERED,
    ev("fee_notice_sent", "2026-03-05", basis="per_page", amount=Decimal("700"), channel="email"),
    ev("fee_paid", "2026-03-12"),
]


@pytest.mark.parametrize(
    "events, new, other, what",
    [
        # RULES §2.7 item 6: a reply on or after the corrected application …
        (CORRECTED, ev("replied", "2026-03-09", outcome="3.1"), "2026-03-10", "收到补正"),
        # … the last consultation's end …
        (CONSULTED, ev("replied", "2026-03-11", outcome="3.1"), "2026-03-12", "征求意见结束"),
        # … the last payment; and any closing event, a withdrawal too.
        (PAID, ev("replied", "2026-03-11", outcome="3.1"), "2026-03-12", "缴纳信息处理费"),
        (PAID, ev("withdrawn", "2026-03-06"), "2026-03-12", "缴纳信息处理费"),
        # The pairs the fold holds even stored data to.
        (CORRECTED[:2], ev("correction_received", "2026-03-03"), "2026-03-04", "告知补正日期"),
        (CONSULTED[:2], ev("consultation_ended", "2026-03-03", consultation_id=1), "2026-03-04", "征求意见"),
        (PAID[:2], ev("fee_paid", "2026-03-04"), "2026-03-05", "收费通知日期"),
        ([REGISTERED], ev("extended", "2026-03-01", workdays=5), "2026-03-02", "收到申请日期"),
    ],
)
def test_an_event_out_of_order_is_refused_naming_both_dates(events, new, other, what):
    error = refused(events, new)
    assert isinstance(error, EventOutOfOrder)
    assert (error.code, error.field, error.on, error.other) == ("date_out_of_order", "on", new.on, d(other))
    assert new.on.isoformat() in error.message and other in error.message and what in error.message


@pytest.mark.parametrize(
    "events, on",
    [(CORRECTED, "2026-03-10"), (CONSULTED, "2026-03-12"), (PAID, "2026-03-12")],
)
def test_a_reply_on_the_day_of_the_last_event_is_in_order(events, on):
    assert check(events, ev("replied", on, outcome="3.1")).closed_on == d(on)


def test_an_event_after_today_is_refused_naming_today():
    error = refused([REGISTERED], ev("replied", "2026-03-20", outcome="3.1"), today="2026-03-19")
    assert isinstance(error, EventOutOfOrder) and error.code == "date_in_future"
    assert "2026-03-20" in error.message and "2026-03-19" in error.message


def test_a_back_dated_reply_before_a_calendar_recompute_note_is_in_order():
    # The system note is dated the day the schedule changed, not a fact of the case.
    events = [REGISTERED, ev("calendar_recomputed", "2026-03-20")]
    assert check(events, ev("replied", "2026-03-18", outcome="3.1")).closed_on == d("2026-03-18")


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=0, max_value=6), min_size=3, max_size=3),
    back=st.integers(min_value=-6, max_value=6),
)
def test_a_closing_event_is_refused_exactly_when_it_precedes_the_latest_fact(gaps, back):
    # Received, a consultation started and ended, then a withdrawal `back` days off the last day.
    start = d("2026-03-02")
    days = [start]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    events = [
        EventRecord(type=E.REGISTERED, on=days[0]),
        EventRecord(type=E.CONSULTATION_STARTED, on=days[1], kind="agency"),
        EventRecord(type=E.CONSULTATION_ENDED, on=days[2], consultation_id=1),
        EventRecord(type=E.WITHDRAWN, on=max(days[3], days[2]) + timedelta(days=back)),
    ]
    latest = days[2]
    closing = events[-1]
    if closing.on < latest:
        with pytest.raises(EventOutOfOrder) as caught:
            check(events[:-1], closing)
        # Before the receipt date the fold's own pair check names that date first.
        assert caught.value.other == (days[0] if closing.on < days[0] else latest)
    else:
        assert check(events[:-1], closing).closed_on == closing.on


# --- Item 7: delivery ----------------------------------------------------------------------------

POSTED = [REGISTERED, ev("correction_requested", "2026-03-04", period_workdays=10, channel="post")]


@pytest.mark.parametrize(
    "events, today, ends, state",
    [
        # e-mail: delivered the day sent; 10 working days after Wed 03-04 → Wed 03-18.
        (
            [REGISTERED, ev("correction_requested", "2026-03-04", period_workdays=10, channel="email")],
            "2026-03-05",
            "2026-03-18",
            DeliveryState.DELIVERED,
        ),
        # post, not signed for: shown from the day sent, provisional.
        (POSTED, "2026-03-05", "2026-03-18", DeliveryState.PROVISIONAL),
        # signed for Mon 03-09: 03-10..13 (4), 16..20 (9), Mon 03-23 (10).
        (
            [*POSTED, ev("delivered", "2026-03-09", notice="correction_notice")],
            "2026-03-10",
            "2026-03-23",
            DeliveryState.DELIVERED,
        ),
        # returned Tue 03-10: no period runs.
        (
            [*POSTED, ev("delivered", "2026-03-10", notice="correction_notice", returned=True)],
            "2026-03-11",
            None,
            DeliveryState.RETURNED,
        ),
        # then delivered by e-mail Thu 03-12: 13 (1), 16..20 (6), 23..26 (10) → Thu 03-26.
        (
            [
                *POSTED,
                ev("delivered", "2026-03-10", notice="correction_notice", returned=True),
                ev("delivered", "2026-03-12", notice="correction_notice", channel="email"),
            ],
            "2026-03-13",
            "2026-03-26",
            DeliveryState.DELIVERED,
        ),
    ],
)
def test_the_correction_period_runs_from_delivery(events, today, ends, state):
    r = reading(events, today)
    assert r.correction_period_ends_on == (d(ends) if ends else None)
    assert r.correction_delivery is state


@pytest.mark.parametrize(
    "extra, on, code",
    [
        ([], "2026-03-30", "delivery_not_recorded"),  # posted, never signed for
        (
            [ev("delivered", "2026-03-10", notice="correction_notice", returned=True)],
            "2026-03-30",
            "notice_returned",
        ),
        (
            [ev("delivered", "2026-03-09", notice="correction_notice")],
            "2026-03-23",
            "correction_period_not_over",
        ),
    ],
)
def test_3_6_1_waits_for_the_period_counted_from_delivery(extra, on, code):
    error = refused([*POSTED, *extra], ev("replied", on, outcome="3.6.1"))
    assert error.code == code


def test_3_6_1_the_day_after_the_period_counted_from_delivery():
    events = [*POSTED, ev("delivered", "2026-03-09", notice="correction_notice")]
    assert check(events, ev("replied", "2026-03-24", outcome="3.6.1")).outcome == "3.6.1"


def test_a_returned_notice_is_delivered_again_by_another_channel_or_announcement():
    returned = [*POSTED, ev("delivered", "2026-03-10", notice="correction_notice", returned=True)]
    error = refused(returned, ev("delivered", "2026-03-12", notice="correction_notice", channel="post"))
    assert error.code == "redelivery_same_channel"
    announced = check(
        returned, ev("delivered", "2026-03-16", notice="correction_notice", channel="announcement")
    )
    assert announced.correction_delivery is not None
    assert announced.correction_delivery.delivered_by is DeliveryChannel.ANNOUNCEMENT


@pytest.mark.parametrize(
    "events, new, code",
    [
        ([REGISTERED], ev("delivered", "2026-03-05", notice="fee_notice"), "no_such_notice"),
        (
            [*POSTED, ev("delivered", "2026-03-09", notice="correction_notice")],
            ev("delivered", "2026-03-10", notice="correction_notice"),
            "notice_already_delivered",
        ),
        (POSTED, ev("delivered", "2026-03-03", notice="correction_notice"), "date_out_of_order"),
        (POSTED, ev("delivered", "2026-03-09"), "invalid_notice"),
    ],
)
def test_deliveries_that_cannot_be(events, new, code):
    assert refused(events, new).code == code


FEE_POSTED = [
    REGISTERED,
    ev("fee_notice_sent", "2026-03-05", basis="per_page", amount=Decimal("1100"), channel="post"),
]


def test_the_fee_period_runs_from_delivery_and_3_6_2_waits_for_it():
    # Sent Thu 03-05; as sent: 20 working days → Thu 04-02, provisional.
    assert reading(FEE_POSTED, "2026-03-06").fee_due_on == d("2026-04-02")
    assert reading(FEE_POSTED, "2026-03-06").fee_delivery is DeliveryState.PROVISIONAL
    assert refused(FEE_POSTED, ev("replied", "2026-04-08", outcome="3.6.2")).code == "delivery_not_recorded"
    # Signed for Mon 03-09: 10..13 (4), 16..20 (9), 23..27 (14), 30, 31, 04-01..03 (19), 清明, Tue 04-07.
    signed = [*FEE_POSTED, ev("delivered", "2026-03-09", notice="fee_notice")]
    assert reading(signed, "2026-03-10").fee_due_on == d("2026-04-07")
    assert refused(signed, ev("replied", "2026-04-07", outcome="3.6.2")).code == "fee_period_not_over"
    assert check(signed, ev("replied", "2026-04-08", outcome="3.6.2")).outcome == "3.6.2"


def test_the_reply_clock_still_pauses_from_the_fee_notice_itself():
    # RULES §2.7 item 2 counts F, the notice's date: a late signature moves only the payment period.
    signed = [*FEE_POSTED, ev("delivered", "2026-03-09", notice="fee_notice"), ev("fee_paid", "2026-03-12")]
    # Paused 03-06..03-12 (5 working days): 03-30 + 5 → Mon 04-06 is 清明 → Tue 04-07.
    assert reading(signed, "2026-03-13").due_on == d("2026-04-07")


@pytest.mark.parametrize(
    "printed, expected",
    [
        (None, "2026-03-18"),  # nothing printed: the recomputed date
        ("2026-03-20", "2026-03-20"),  # printed later (an older schedule): the applicant keeps it
        ("2026-03-16", "2026-03-18"),  # printed earlier: the recomputed, later date
    ],
)
def test_a_period_ends_on_the_later_of_the_printed_and_the_recomputed_date(printed, expected):
    delivery = Delivery(sent_on=d("2026-03-04"), printed_ends_on=d(printed) if printed else None)
    assert applicant_period_ends_on(CAL, delivery, 10) == d(expected)


@settings(max_examples=200, deadline=None)
@given(
    sent=st.dates(min_value=date(2025, 1, 2), max_value=date(2026, 11, 30)),
    late=st.integers(min_value=0, max_value=20),
    printed_shift=st.one_of(st.none(), st.integers(min_value=-10, max_value=10)),
    workdays=st.integers(min_value=1, max_value=20),
)
def test_a_later_delivery_or_a_printed_date_never_shortens_the_applicants_period(
    sent, late, printed_shift, workdays
):
    as_sent = CAL.add_workdays(sent, workdays)
    printed = as_sent + timedelta(days=printed_shift) if printed_shift is not None else None
    delivered = sent + timedelta(days=late)
    delivery = Delivery(
        sent_on=sent, sent_by=DeliveryChannel.POST, delivered_on=delivered, printed_ends_on=printed
    )
    ends = applicant_period_ends_on(CAL, delivery, workdays)
    assert ends is not None
    assert ends >= as_sent and (printed is None or ends >= printed)
    # … and it is exactly `workdays` working days after delivery unless the printed date is later.
    assert ends == max(CAL.add_workdays(delivered, workdays), printed or as_sent)


def test_the_printed_date_is_read_back_from_the_stored_event():
    events = [
        REGISTERED,
        ev(
            "correction_requested",
            "2026-03-04",
            period_workdays=10,
            channel="email",
            printed_ends_on=d("2026-03-20"),
        ),
    ]
    assert reading(events, "2026-03-05").correction_period_ends_on == d("2026-03-20")
    assert refused(events, ev("replied", "2026-03-20", outcome="3.6.1")).code == "correction_period_not_over"


# --- §2.6: fees ----------------------------------------------------------------------------------


def test_no_notice_for_nothing_to_pay():
    error = refused([REGISTERED], ev("fee_notice_sent", "2026-03-05", basis="per_page", amount=Decimal("0")))
    assert (error.code, error.field) == ("fee_zero", "quantity")


def test_one_basis_per_application():
    paid = [*PAID]
    new = ev("fee_notice_sent", "2026-03-16", basis="per_item", amount=Decimal("200"))
    error = refused(paid, new)
    assert (error.code, error.field) == ("fee_basis_differs", "basis")
    same = ev("fee_notice_sent", "2026-03-16", basis="per_page", amount=Decimal("100"))
    assert len(check(paid, same).fee_notices) == 2


def test_no_fee_notice_after_the_current_reply_deadline():
    late = ev("fee_notice_sent", "2026-03-31", basis="per_page", amount=Decimal("10"))
    assert refused([REGISTERED], late).code == "fee_notice_too_late"
    on_the_day = ev("fee_notice_sent", "2026-03-30", basis="per_page", amount=Decimal("10"))
    assert check([REGISTERED], on_the_day).state.value == "awaiting_payment"


# --- Item 8: Art. 35 -----------------------------------------------------------------------------

ASKED = [REGISTERED, ev("reasons_requested", "2026-03-04", period_workdays=5, channel="email")]


def test_3_5_4_only_after_asking_for_reasons():
    error = refused([REGISTERED], ev("replied", "2026-03-20", outcome="3.5.4"))
    assert error.code == "outcome_needs_reasons_requested"


def test_3_5_4_after_the_reasons_period_or_the_reasons():
    # 5 working days after Wed 03-04: 05, 06, 09, 10, 11 → Wed 03-11.
    assert reading(ASKED, "2026-03-05").reasons_period_ends_on == d("2026-03-11")
    assert refused(ASKED, ev("replied", "2026-03-11", outcome="3.5.4")).code == "reasons_period_not_over"
    assert check(ASKED, ev("replied", "2026-03-12", outcome="3.5.4")).outcome == "3.5.4"
    answered = [*ASKED, ev("reasons_received", "2026-03-09")]
    assert check(answered, ev("replied", "2026-03-09", outcome="3.5.4")).outcome == "3.5.4"


def test_the_reasons_period_of_a_posted_request_waits_for_its_delivery():
    posted = [REGISTERED, ev("reasons_requested", "2026-03-04", period_workdays=5, channel="post")]
    assert refused(posted, ev("replied", "2026-03-20", outcome="3.5.4")).code == "delivery_not_recorded"


def test_a_reasons_request_goes_out_within_the_reply_period():
    late = ev("reasons_requested", "2026-03-31", period_workdays=5)
    assert refused([REGISTERED], late).code == "reasons_too_late"


ANSWERED = [*ASKED, ev("reasons_received", "2026-03-09")]


def test_the_deadline_set_by_the_office_head_replaces_the_computed_one():
    events = [*ANSWERED, ev("deadline_set", "2026-03-16", due_on=d("2026-05-29"))]
    r = reading(events, "2026-05-27")
    assert (r.due_on, r.deadline_set, r.due_provisional) == (d("2026-05-29"), True, False)
    assert r.workdays_left == 2  # Thu 05-28, Fri 05-29
    assert refused(events, ev("extended", "2026-03-20", workdays=10)).code == "deadline_replaces_extension"


@pytest.mark.parametrize(
    "events, new, code",
    [
        ([REGISTERED], ev("deadline_set", "2026-03-16", due_on=d("2026-05-29")), "deadline_needs_reasons"),
        (ASKED, ev("deadline_set", "2026-03-16", due_on=d("2026-05-29")), "deadline_needs_reasons"),
        (ANSWERED, ev("deadline_set", "2026-03-16", due_on=d("2026-03-30")), "deadline_not_later"),
        (ANSWERED, ev("deadline_set", "2026-03-31", due_on=d("2026-05-29")), "deadline_too_late"),
        (ANSWERED, ev("deadline_set", "2026-03-16"), "invalid_due_on"),
        (ANSWERED, ev("deadline_set", "2026-03-06", due_on=d("2026-05-29")), "date_out_of_order"),
        (
            [*ANSWERED, ev("deadline_set", "2026-03-16", due_on=d("2026-05-29"))],
            ev("deadline_set", "2026-03-17", due_on=d("2026-06-30")),
            "deadline_already_set",
        ),
    ],
)
def test_deadlines_that_cannot_be_set(events, new, code):
    assert refused(events, new).code == code


# --- Item 9: the third party ---------------------------------------------------------------------


def consulted(kind: str, objected: bool | None = None) -> list[EventRecord]:
    return [
        REGISTERED,
        ev("consultation_started", "2026-03-04", kind=kind),
        ev("consultation_ended", "2026-03-12", consultation_id=1, objected=objected),
    ]


@pytest.mark.parametrize(
    "events, ok",
    [
        ([REGISTERED], False),
        (consulted("agency"), False),  # an Art. 34 consultation is not the third party's
        (consulted("third_party", objected=True), True),
        (consulted("third_party", objected=False), True),
    ],
)
def test_3_3_4_needs_a_third_party_consultation_on_record(events, ok):
    reply = ev("replied", "2026-03-20", outcome="3.3.4")
    if ok:
        assert check(events, reply).outcome == "3.3.4"
    else:
        assert refused(events, reply).code == "outcome_needs_third_party_consultation"


def test_the_end_of_a_third_party_consultation_says_whether_it_objected():
    started = consulted("third_party")[:2]
    error = refused(started, ev("consultation_ended", "2026-03-12", consultation_id=1))
    assert (error.code, error.field) == ("objected_required", "objected")


def test_disclosure_over_an_objection_needs_the_written_notice_first():
    objected = consulted("third_party", objected=True)
    assert refused(objected, ev("replied", "2026-03-20", outcome="3.1")).code == "third_party_not_notified"
    # A partial disclosure may withhold just the objected part (decision 0013).
    assert check(objected, ev("replied", "2026-03-20", outcome="3.2")).outcome == "3.2"
    notified = [*objected, ev("third_party_notified", "2026-03-16", consultation_id=1)]
    assert check(notified, ev("replied", "2026-03-20", outcome="3.1")).outcome == "3.1"
    assert refused(notified, ev("third_party_notified", "2026-03-17", consultation_id=1)).code == (
        "no_objection_to_notify"
    )


def test_no_notice_without_an_objection():
    agreed = consulted("third_party", objected=False)
    error = refused(agreed, ev("third_party_notified", "2026-03-16", consultation_id=1))
    assert error.code == "no_objection_to_notify"


def test_a_new_reply_after_a_correction_meets_the_same_prerequisites():
    # RULES §2.10: after 纠正 the agency replies again; 3.3.4 still needs the third party asked.
    corrected = [
        REGISTERED,
        ev("replied", "2026-03-20", outcome="3.1"),
        ev("reconsideration_filed", "2026-04-01"),
        ev("reconsideration_decided", "2026-05-20", result="corrected"),
    ]
    new_reply = ev("rereplied", "2026-06-01", outcome="3.3.4")
    assert refused(corrected, new_reply).code == "outcome_needs_third_party_consultation"
    assert refused(corrected, ev("rereplied", "2026-06-01", outcome="3.5.4")).code == (
        "outcome_needs_reasons_requested"
    )
    assert check(corrected, ev("rereplied", "2026-06-01", outcome="3.4.1")).rereplies[-1].outcome == "3.4.1"
