"""Appeals on open cases, the reconsideration's periods, new replies and repeated appeals
(RULES §2.10, issue 19 item 8). Pure: the fold and the clock with RULES §1's 2026 calendar.

Dates counted by hand. Received Mon 2026-03-02 → reply due Mon 2026-03-30 (20 working days).
Periods of reconsideration are calendar days from acceptance; a last day that is a day off moves
to the next working day (decision 0014): accepted Fri 2026-04-03 → 60 days: Tue 06-02; 60 + 30:
Thu 07-02; 30 days: Sun 05-03, in 劳动节 (05-01..05-05) → Wed 05-06.
"""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.calendars import calendar_2025_2026
from zwgk.foi.domain.appeal_periods import (
    litigation_after_silence_ends_on,
    period_end,
    reconsideration_decision_due_on,
)
from zwgk.foi.domain.clock import available_events_on, check_event
from zwgk.foi.domain.states import (
    Appeal,
    AppealKind,
    AppealResult,
    EventNotAllowed,
    EventRecord,
    EventType,
    InvalidEvent,
    ReconsiderationProcedure,
    Rereply,
    State,
    replay,
)

E = EventType
CAL = calendar_2025_2026()


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def ev(type_: str, on: str, **payload) -> EventRecord:
    return EventRecord(type=EventType(type_), on=d(on), **payload)


def check(events, new):
    """The one check the service runs (table, history, calendar); returns the progress after."""
    return check_event(CAL, events, new)


def refused(events, new) -> str:
    with pytest.raises(EventNotAllowed) as caught:
        check(events, new)
    return caught.value.code


OPEN = [ev("registered", "2026-03-02")]
CLOSED = [*OPEN, ev("replied", "2026-03-20", outcome="3.3.5")]


# --- Against the failure to reply -------------------------------------------------------------


def test_no_appeal_against_the_failure_to_reply_before_the_deadline_has_passed():
    assert refused(OPEN, ev("reconsideration_filed", "2026-03-30")) == "reply_not_overdue"  # due day
    sued = ev("litigation_filed", "2026-03-30", after_reconsideration=False)
    assert refused(OPEN, sued) == "reply_not_overdue"


def test_an_overdue_open_case_takes_a_reconsideration_and_stays_open():
    progress = check(OPEN, ev("reconsideration_filed", "2026-03-31"))
    assert progress.state is State.IN_PROGRESS
    assert progress.appeals == (Appeal(kind=AppealKind.RECONSIDERATION, filed_on=d("2026-03-31"), against=0),)


def test_an_overdue_open_case_takes_a_direct_lawsuit():
    progress = check(OPEN, ev("litigation_filed", "2026-04-01", after_reconsideration=False))
    assert progress.appeals[0].kind is AppealKind.LITIGATION_DIRECT and progress.appeals[0].against == 0


def test_no_appeal_on_the_failure_to_reply_while_the_clock_waits_for_a_correction():
    events = [*OPEN, ev("correction_requested", "2026-03-04", period_workdays=30)]
    assert refused(events, ev("reconsideration_filed", "2026-04-20")) == "reply_not_overdue"


def test_a_paused_clock_moves_the_day_appeals_become_possible():
    # A consultation from 03-10 to 03-17 pauses 5 working days (03-11..03-17): due 5 working days
    # after 03-30, i.e. 03-31, 04-01, 04-02, 04-03, then Tue 04-07 (Mon 04-06 is 清明).
    events = [
        *OPEN,
        ev("consultation_started", "2026-03-10"),
        ev("consultation_ended", "2026-03-17", consultation_id=1),
    ]
    assert refused(events, ev("reconsideration_filed", "2026-04-07")) == "reply_not_overdue"
    assert check(events, ev("reconsideration_filed", "2026-04-08")).appeals[0].against == 0


def test_the_workbench_offers_appeals_only_once_the_deadline_has_passed():
    progress = replay(OPEN)
    assert E.RECONSIDERATION_FILED not in available_events_on(CAL, progress, d("2026-03-30"))
    assert E.LITIGATION_FILED not in available_events_on(CAL, progress, d("2026-03-30"))
    offered = available_events_on(CAL, progress, d("2026-03-31"))
    assert {E.RECONSIDERATION_FILED, E.LITIGATION_FILED} <= offered
    assert E.RECONSIDERATION_DECIDED not in offered and E.REREPLIED not in offered


def test_replying_while_the_failure_to_reply_is_under_reconsideration():
    events = [*OPEN, ev("reconsideration_filed", "2026-03-31")]
    progress = check(events, ev("replied", "2026-04-10", outcome="3.1"))
    assert progress.state is State.CLOSED
    events = [*events, ev("replied", "2026-04-10", outcome="3.1")]
    # One pending reconsideration at a time: decide the first before appealing the reply.
    assert refused(events, ev("reconsideration_filed", "2026-04-15")) == "appeal_pending"
    events.append(ev("reconsideration_decided", "2026-05-10", result="corrected"))
    # 纠正 of the failure to reply was answered by the reply itself: no new reply for it.
    assert refused(events, ev("rereplied", "2026-05-12", outcome="3.1")) == "rereply_needs_correction"
    progress = check(events, ev("reconsideration_filed", "2026-05-15"))
    assert [a.against for a in progress.appeals] == [0, 1]


# --- The reconsideration's acceptance, procedure and periods --------------------------------------

FILED = [*CLOSED, ev("reconsideration_filed", "2026-03-31")]
ORDINARY = [*FILED, ev("reconsideration_accepted", "2026-04-03", procedure="ordinary")]
SIMPLIFIED = [*FILED, ev("reconsideration_accepted", "2026-04-03", procedure="simplified")]


def test_acceptance_records_the_date_and_the_procedure():
    appeal = replay(ORDINARY).appeals[-1]
    assert (appeal.accepted_on, appeal.procedure) == (d("2026-04-03"), ReconsiderationProcedure.ORDINARY)
    assert refused(ORDINARY, ev("reconsideration_accepted", "2026-04-04", procedure="ordinary")) == (
        "reconsideration_already_accepted"
    )


def test_acceptance_needs_a_known_procedure_and_a_filed_reconsideration():
    with pytest.raises(InvalidEvent) as caught:
        check(FILED, ev("reconsideration_accepted", "2026-04-03"))
    assert caught.value.field == "procedure"
    with pytest.raises(InvalidEvent):
        ev("reconsideration_accepted", "2026-04-03", procedure="fast")
    assert refused(CLOSED, ev("reconsideration_accepted", "2026-04-03", procedure="ordinary")) == (
        "no_pending_appeal"
    )


@pytest.mark.parametrize(
    "events, due, sue_until",
    [
        (ORDINARY, "2026-06-02", "2026-06-17"),
        ([*ORDINARY, ev("reconsideration_extended", "2026-05-20")], "2026-07-02", "2026-07-17"),
        (SIMPLIFIED, "2026-05-06", "2026-05-21"),  # 05-03 falls in 劳动节
    ],
)
def test_the_bodys_period_and_the_window_to_sue_after_its_silence(events, due, sue_until):
    appeal = replay(events).appeals[-1]
    assert reconsideration_decision_due_on(CAL, appeal) == d(due)
    assert litigation_after_silence_ends_on(CAL, appeal) == d(sue_until)


def test_litigation_after_the_body_missed_its_period():
    on_due_day = ev("litigation_filed", "2026-06-02", after_reconsideration=True)
    assert refused(ORDINARY, on_due_day) == "reconsideration_period_not_over"
    progress = check(ORDINARY, ev("litigation_filed", "2026-06-03", after_reconsideration=True))
    assert [a.kind for a in progress.appeals] == [
        AppealKind.RECONSIDERATION,
        AppealKind.LITIGATION_AFTER_RECONSIDERATION,
    ]
    assert progress.appeals[0].pending  # still 尚未审结 until the body decides


def test_litigation_after_an_undecided_reconsideration_needs_its_acceptance():
    new = ev("litigation_filed", "2026-09-01", after_reconsideration=True)
    assert refused(FILED, new) == "reconsideration_not_decided"


def test_the_extension_is_ordinary_only_once_and_within_the_period():
    assert refused(SIMPLIFIED, ev("reconsideration_extended", "2026-04-20")) == (
        "reconsideration_simplified_no_extension"
    )
    assert refused(FILED, ev("reconsideration_extended", "2026-04-20")) == "reconsideration_not_accepted"
    assert refused(ORDINARY, ev("reconsideration_extended", "2026-06-03")) == "reconsideration_period_over"
    extended = [*ORDINARY, ev("reconsideration_extended", "2026-06-02")]  # the last day is in time
    assert replay(extended).appeals[-1].extended_on == d("2026-06-02")
    again = ev("reconsideration_extended", "2026-06-10")
    assert refused(extended, again) == "reconsideration_already_extended"


def test_a_decision_cannot_precede_the_acceptance():
    with pytest.raises(InvalidEvent) as caught:
        check(ORDINARY, ev("reconsideration_decided", "2026-04-02", result="upheld"))
    assert caught.value.code == "date_out_of_order"


# --- 纠正, the new reply and the appeals after it --------------------------------------------------

CORRECTED = [*ORDINARY, ev("reconsideration_decided", "2026-05-20", result="corrected")]


def test_a_corrected_result_lets_the_handler_reply_again_keeping_the_first_closing():
    progress = check(CORRECTED, ev("rereplied", "2026-06-01", outcome="3.1"))
    assert progress.state is State.CLOSED
    assert (progress.outcome, progress.closed_on) == ("3.3.5", d("2026-03-20"))  # the report's row
    assert progress.rereplies == (Rereply(on=d("2026-06-01"), outcome="3.1"),)
    assert progress.decision_no == 2


def test_a_new_reply_disclosing_over_an_objection_needs_the_notice_on_the_closed_case():
    """Decision 0013: disclosing all over a third party's objection needs the written notice
    first — after 纠正 too, when the case is already closed (RULES §2.10)."""
    objected = [
        *OPEN,
        ev("consultation_started", "2026-03-04", kind="third_party"),
        ev("consultation_ended", "2026-03-12", consultation_id=1, objected=True),
        ev("replied", "2026-03-20", outcome="3.3.4"),
        ev("reconsideration_filed", "2026-03-31"),
        ev("reconsideration_accepted", "2026-04-03", procedure="ordinary"),
    ]
    notice = ev("third_party_notified", "2026-05-25", consultation_id=1)
    assert refused(objected, notice) == "rereply_needs_correction"  # nothing to reply again yet
    assert E.THIRD_PARTY_NOTIFIED not in available_events_on(CAL, replay(objected), d("2026-05-25"))

    corrected = [*objected, ev("reconsideration_decided", "2026-05-20", result="corrected")]
    assert refused(corrected, ev("rereplied", "2026-06-01", outcome="3.1")) == "third_party_not_notified"
    assert E.THIRD_PARTY_NOTIFIED in available_events_on(CAL, replay(corrected), d("2026-05-25"))
    notified = [*corrected, notice]
    progress = check(notified, ev("rereplied", "2026-06-01", outcome="3.1"))
    assert progress.rereplies[-1].outcome == "3.1" and progress.state is State.CLOSED


def test_no_new_reply_without_a_corrected_result():
    upheld = [*ORDINARY, ev("reconsideration_decided", "2026-05-20", result="upheld")]
    assert refused(upheld, ev("rereplied", "2026-06-01", outcome="3.1")) == "rereply_needs_correction"
    assert refused(CLOSED, ev("rereplied", "2026-06-01", outcome="3.1")) == "rereply_needs_correction"
    assert refused(OPEN, ev("rereplied", "2026-06-01", outcome="3.1")) == "event_not_allowed"


def test_a_new_reply_is_dated_after_the_correction_and_cannot_abandon_the_case():
    with pytest.raises(InvalidEvent) as caught:
        check(CORRECTED, ev("rereplied", "2026-05-19", outcome="3.1"))
    assert caught.value.code == "date_out_of_order"
    assert refused(CORRECTED, ev("rereplied", "2026-06-01", outcome="3.6.1")) == "rereply_outcome_not_allowed"


def test_the_new_reply_can_be_appealed_again_and_only_once():
    rereplied = [*CORRECTED, ev("rereplied", "2026-06-01", outcome="3.2")]
    # A second new reply needs a second 纠正.
    assert refused(rereplied, ev("rereplied", "2026-06-05", outcome="3.1")) == "rereply_needs_correction"
    events = [*rereplied, ev("reconsideration_filed", "2026-06-10")]
    progress = replay(events)
    assert [a.against for a in progress.appeals] == [1, 2]
    assert refused(events, ev("litigation_filed", "2026-06-11", after_reconsideration=False)) == (
        "reconsideration_already_filed"
    )
    events += [
        ev("reconsideration_accepted", "2026-06-12", procedure="simplified"),
        ev("reconsideration_decided", "2026-07-01", result="upheld"),
        ev("litigation_filed", "2026-07-10", after_reconsideration=True),
        ev("litigation_decided", "2026-10-10", result="other"),
    ]
    progress = replay(events)
    assert [(a.kind, a.against, a.result) for a in progress.appeals] == [
        (AppealKind.RECONSIDERATION, 1, AppealResult.CORRECTED),
        (AppealKind.RECONSIDERATION, 2, AppealResult.UPHELD),
        (AppealKind.LITIGATION_AFTER_RECONSIDERATION, 2, AppealResult.OTHER),
    ]
    # The new reply's appeals are spent; nothing else to file until another 纠正.
    offered = available_events_on(CAL, progress, d("2026-10-12"))
    assert not offered & {E.RECONSIDERATION_FILED, E.LITIGATION_FILED, E.REREPLIED}


def test_a_new_reply_before_its_date_is_refused_for_appeals():
    rereplied = [*CORRECTED, ev("rereplied", "2026-06-01", outcome="3.2")]
    with pytest.raises(InvalidEvent) as caught:
        check(rereplied, ev("reconsideration_filed", "2026-05-30"))
    assert caught.value.code == "date_out_of_order"


# --- Period arithmetic, for any start (hypothesis) ---------------------------------------------


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 10, 31)),
    days=st.sampled_from([15, 30, 60, 90]),
)
def test_a_period_ends_on_the_first_working_day_from_its_nominal_last_day(start, days):
    end = period_end(CAL, start, days)
    nominal = date.fromordinal(start.toordinal() + days)
    assert end >= nominal and CAL.is_workday(end)
    # Every day from the nominal last day up to the end is a day off: nothing is added beyond.
    assert all(not CAL.is_workday(date.fromordinal(n)) for n in range(nominal.toordinal(), end.toordinal()))
