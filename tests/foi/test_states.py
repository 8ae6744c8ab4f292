"""States, events and outcomes of an application (RULES §2, API.md "Applications"). Runs without
Django. The transition table below is written out by hand: a change to `ALLOWED` must be made in
both places, on purpose."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.foi.domain.outcomes import (
    ANNUAL_REPORT_ROWS,
    OUTCOMES,
    OUTCOMES_BY_CODE,
    OutcomeGroup,
    get_outcome,
    is_outcome_code,
    requires_reconsideration_first,
)
from zwgk.foi.domain.states import (
    ALLOWED,
    FIRST_EVENTS,
    OPEN_STATES,
    Appeal,
    AppealKind,
    AppealResult,
    EventNotAllowed,
    EventRecord,
    EventType,
    FoiError,
    InvalidEvent,
    NoticeKind,
    Progress,
    State,
    apply,
    available_events,
    check_allowed,
    check_transition,
    derive_state,
    replay,
)
from zwgk.reports import annual

S, E = State, EventType


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def ev(type_: str, on: str, **payload) -> EventRecord:
    return EventRecord(type=EventType(type_), on=d(on), **payload)


# --- Names are the stable interface --------------------------------------------------------------


def test_event_types_are_the_api_names():
    assert {t.value for t in EventType} == {
        # API.md
        "correction_requested",
        "correction_received",
        "extended",
        "consultation_started",
        "consultation_ended",
        "fee_notice_sent",
        "fee_paid",
        "replied",
        "withdrawn",
        "reconsideration_filed",
        "reconsideration_decided",
        "litigation_filed",
        "litigation_decided",
        "delivered",
        "deadline_set",
        # issue 19 (RULES §2.10): a new reply after 纠正, the reconsideration's acceptance
        # and its extension
        "rereplied",
        "reconsideration_accepted",
        "reconsideration_extended",
        # the platform's own
        "submitted",
        "registered",
        "calendar_recomputed",
        "reasons_requested",  # Art. 35: the notice asking for reasons, and the answer
        "reasons_received",
        "third_party_notified",  # Art. 32: disclosing over an objection
    }


@pytest.mark.parametrize(
    "state, label",
    [
        (S.SUBMITTED, "网上提交待确认"),
        (S.IN_PROGRESS, "办理中"),
        (S.AWAITING_CORRECTION, "待补正"),
        (S.CONSULTING, "征求意见中"),
        (S.AWAITING_PAYMENT, "待缴费"),
        (S.CLOSED, "已办结"),
        (S.CANCELLED, "已撤回（未受理）"),
    ],
)
def test_state_labels(state, label):
    assert state.label == label


def test_every_event_type_has_a_label():
    assert all(t.label for t in EventType)


def test_open_states_are_the_received_and_unfinished_ones():
    assert {s for s in State if s.is_open} == set(OPEN_STATES)
    assert {S.IN_PROGRESS, S.AWAITING_CORRECTION, S.CONSULTING, S.AWAITING_PAYMENT} == OPEN_STATES


def test_appeal_codes_match_the_annual_report():
    assert tuple(AppealKind) == annual.APPEAL_KINDS
    assert tuple(AppealResult) == annual.APPEAL_RESULTS


# --- The table, walked pair by pair -------------------------------------------------------------------

# A timeline reaching each state; None = nothing yet.
PATHS = {
    None: [],
    S.SUBMITTED: [ev("submitted", "2026-03-01")],
    S.IN_PROGRESS: [ev("registered", "2026-03-02")],
    S.AWAITING_CORRECTION: [
        ev("registered", "2026-03-02"),
        ev("correction_requested", "2026-03-03", period_workdays=5),
    ],
    S.CONSULTING: [ev("registered", "2026-03-02"), ev("consultation_started", "2026-03-03")],
    S.AWAITING_PAYMENT: [ev("registered", "2026-03-02"), ev("fee_notice_sent", "2026-03-03")],
    S.CLOSED: [ev("registered", "2026-03-02"), ev("replied", "2026-03-10", outcome="3.1")],
    S.CANCELLED: [ev("submitted", "2026-03-01"), ev("withdrawn", "2026-03-02")],
}

# What each allowed event leads to from there, or the code of the history rule refusing it.
TRANSITIONS = {
    None: {E.SUBMITTED: S.SUBMITTED, E.REGISTERED: S.IN_PROGRESS},
    S.SUBMITTED: {E.REGISTERED: S.IN_PROGRESS, E.WITHDRAWN: S.CANCELLED, E.CALENDAR_RECOMPUTED: S.SUBMITTED},
    S.IN_PROGRESS: {
        E.CORRECTION_REQUESTED: S.AWAITING_CORRECTION,
        E.EXTENDED: S.IN_PROGRESS,
        E.CONSULTATION_STARTED: S.CONSULTING,
        E.FEE_NOTICE_SENT: S.AWAITING_PAYMENT,
        E.REPLIED: S.CLOSED,
        E.WITHDRAWN: S.CLOSED,
        E.CALENDAR_RECOMPUTED: S.IN_PROGRESS,
        E.DELIVERED: "no_such_notice",  # nothing sent yet
        E.REASONS_REQUESTED: S.IN_PROGRESS,
        E.REASONS_RECEIVED: "reasons_not_requested",
        E.DEADLINE_SET: "deadline_needs_reasons",
        E.THIRD_PARTY_NOTIFIED: "no_objection_to_notify",
        # Against the failure to reply (the clock refuses them before the deadline: test_clock)
        E.RECONSIDERATION_FILED: S.IN_PROGRESS,
        E.RECONSIDERATION_ACCEPTED: "no_pending_appeal",
        E.RECONSIDERATION_EXTENDED: "no_pending_appeal",
        E.RECONSIDERATION_DECIDED: "no_pending_appeal",
        E.LITIGATION_FILED: S.IN_PROGRESS,
        E.LITIGATION_DECIDED: "no_pending_appeal",
    },
    S.AWAITING_CORRECTION: {
        E.CORRECTION_RECEIVED: S.IN_PROGRESS,
        E.REPLIED: S.CLOSED,  # 3.6.1
        E.WITHDRAWN: S.CLOSED,
        E.CALENDAR_RECOMPUTED: S.AWAITING_CORRECTION,
        E.DELIVERED: S.AWAITING_CORRECTION,  # the correction notice signed for
        # Against the failure to reply (the clock refuses them before the deadline: test_clock)
        E.RECONSIDERATION_FILED: S.AWAITING_CORRECTION,
        E.RECONSIDERATION_ACCEPTED: "no_pending_appeal",
        E.RECONSIDERATION_EXTENDED: "no_pending_appeal",
        E.RECONSIDERATION_DECIDED: "no_pending_appeal",
        E.LITIGATION_FILED: S.AWAITING_CORRECTION,
        E.LITIGATION_DECIDED: "no_pending_appeal",
    },
    S.CONSULTING: {
        E.CONSULTATION_STARTED: S.CONSULTING,  # a second one, in parallel
        E.CONSULTATION_ENDED: S.IN_PROGRESS,  # the only one ended
        E.EXTENDED: S.CONSULTING,
        E.WITHDRAWN: S.CLOSED,
        E.CALENDAR_RECOMPUTED: S.CONSULTING,
        E.DELIVERED: "no_such_notice",
        E.REASONS_REQUESTED: S.CONSULTING,
        E.REASONS_RECEIVED: "reasons_not_requested",
        E.DEADLINE_SET: "deadline_needs_reasons",
        # Against the failure to reply (the clock refuses them before the deadline: test_clock)
        E.RECONSIDERATION_FILED: S.CONSULTING,
        E.RECONSIDERATION_ACCEPTED: "no_pending_appeal",
        E.RECONSIDERATION_EXTENDED: "no_pending_appeal",
        E.RECONSIDERATION_DECIDED: "no_pending_appeal",
        E.LITIGATION_FILED: S.CONSULTING,
        E.LITIGATION_DECIDED: "no_pending_appeal",
    },
    S.AWAITING_PAYMENT: {
        E.FEE_PAID: S.IN_PROGRESS,
        E.EXTENDED: S.AWAITING_PAYMENT,
        E.REPLIED: S.CLOSED,  # 3.6.2
        E.WITHDRAWN: S.CLOSED,
        E.CALENDAR_RECOMPUTED: S.AWAITING_PAYMENT,
        E.DELIVERED: S.AWAITING_PAYMENT,  # the fee notice signed for
        E.REASONS_REQUESTED: S.AWAITING_PAYMENT,
        E.REASONS_RECEIVED: "reasons_not_requested",
        E.DEADLINE_SET: "deadline_needs_reasons",
        # Against the failure to reply (the clock refuses them before the deadline: test_clock)
        E.RECONSIDERATION_FILED: S.AWAITING_PAYMENT,
        E.RECONSIDERATION_ACCEPTED: "no_pending_appeal",
        E.RECONSIDERATION_EXTENDED: "no_pending_appeal",
        E.RECONSIDERATION_DECIDED: "no_pending_appeal",
        E.LITIGATION_FILED: S.AWAITING_PAYMENT,
        E.LITIGATION_DECIDED: "no_pending_appeal",
    },
    S.CLOSED: {
        E.RECONSIDERATION_FILED: S.CLOSED,  # appeals never reopen the case
        E.RECONSIDERATION_DECIDED: "no_pending_appeal",  # nothing filed yet
        E.LITIGATION_FILED: S.CLOSED,
        E.LITIGATION_DECIDED: "no_pending_appeal",
        E.RECONSIDERATION_ACCEPTED: "no_pending_appeal",
        E.RECONSIDERATION_EXTENDED: "no_pending_appeal",
        E.REREPLIED: "rereply_needs_correction",  # only after a 纠正 result
        E.THIRD_PARTY_NOTIFIED: "rereply_needs_correction",  # prepares a new reply after 纠正
        E.CALENDAR_RECOMPUTED: S.CLOSED,
    },
    S.CANCELLED: {E.CALENDAR_RECOMPUTED: S.CANCELLED},
}


def sample(t: EventType, progress: Progress) -> EventRecord:
    """A well-formed event of type t for this progress."""
    payload: dict[str, object] = {}
    if t is E.CORRECTION_REQUESTED:
        payload["period_workdays"] = 10
    elif t is E.EXTENDED:
        payload["workdays"] = 10
    elif t is E.CONSULTATION_ENDED:
        open_ = progress.open_consultations
        payload["consultation_id"] = open_[0].id if open_ else 1
    elif t is E.REPLIED:
        payload["outcome"] = {S.AWAITING_CORRECTION: "3.6.1", S.AWAITING_PAYMENT: "3.6.2"}.get(
            progress.state, "3.1"
        )
    elif t is E.LITIGATION_FILED:
        reconsideration = progress.appeal(AppealKind.RECONSIDERATION)
        payload["after_reconsideration"] = reconsideration is not None
    elif t in (E.RECONSIDERATION_DECIDED, E.LITIGATION_DECIDED):
        payload["result"] = AppealResult.UPHELD
    elif t is E.DELIVERED:
        payload["notice"] = "fee_notice" if progress.fee_notices else "correction_notice"
    elif t is E.REASONS_REQUESTED:
        payload["period_workdays"] = 10
    elif t is E.DEADLINE_SET:
        payload["due_on"] = d("2026-05-29")
    elif t is E.THIRD_PARTY_NOTIFIED:
        payload["consultation_id"] = 1
    elif t is E.RECONSIDERATION_ACCEPTED:
        payload["procedure"] = "ordinary"
    elif t is E.REREPLIED:
        payload["outcome"] = "3.1"
    return EventRecord(type=t, on=d("2026-03-31"), **payload)


def test_the_table_is_the_one_written_out_here():
    assert set(TRANSITIONS[None]) == FIRST_EVENTS
    assert set(ALLOWED) == set(State)
    for state in State:
        assert ALLOWED[state] == set(TRANSITIONS[state]), state
        assert E.CALENDAR_RECOMPUTED in ALLOWED[state]  # a system note: every state


@pytest.mark.parametrize("state", list(PATHS), ids=lambda s: str(s))
@pytest.mark.parametrize("event", list(EventType), ids=lambda t: t.value)
def test_every_state_and_event_pair(state, event):
    progress = replay(PATHS[state])
    assert progress.state is state
    expected = TRANSITIONS[state].get(event)
    if expected is None:
        with pytest.raises(EventNotAllowed) as caught:
            apply(progress, sample(event, progress))
        assert caught.value.code == "event_not_allowed"
        assert (caught.value.state, caught.value.event) == (state, event)
        with pytest.raises(EventNotAllowed):
            check_allowed(state, event)
        return
    check_allowed(state, event)
    if isinstance(expected, State):
        assert apply(progress, sample(event, progress)).state is expected
    else:
        with pytest.raises(EventNotAllowed) as caught:
            apply(progress, sample(event, progress))
        assert caught.value.code == expected


def test_refusal_carries_a_code_and_a_chinese_message():
    with pytest.raises(EventNotAllowed) as caught:
        check_allowed(S.CLOSED, E.EXTENDED)
    assert caught.value.code == "event_not_allowed"
    assert caught.value.message == "申请处于“已办结”状态，不能“延长答复期限”"
    assert str(caught.value) == caught.value.message
    assert isinstance(caught.value, FoiError)


# --- Timelines -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "events, state",
    [
        ([ev("submitted", "2026-03-01")], S.SUBMITTED),  # online, not yet confirmed
        ([ev("submitted", "2026-03-01"), ev("registered", "2026-03-02")], S.IN_PROGRESS),  # confirmed: R set
        (
            [
                ev("registered", "2026-03-02"),
                ev("correction_requested", "2026-03-03", period_workdays=10),
                ev("correction_received", "2026-03-10"),
            ],
            S.IN_PROGRESS,  # the clock restarts after the corrected application
        ),
        (
            [
                ev("registered", "2026-03-02"),
                ev("consultation_started", "2026-03-03"),
                ev("consultation_started", "2026-03-04"),
                ev("consultation_ended", "2026-03-10", consultation_id=1),
            ],
            S.CONSULTING,  # one of two still open
        ),
        (
            [
                ev("registered", "2026-03-02"),
                ev("fee_notice_sent", "2026-03-03"),
                ev("fee_paid", "2026-03-05"),
                ev("calendar_recomputed", "2026-03-06"),
            ],
            S.IN_PROGRESS,  # paid; the system note changes nothing
        ),
        (
            [ev("registered", "2026-03-02"), ev("replied", "2026-03-10", outcome="3.3.4")],
            S.CLOSED,
        ),
        (
            [
                ev("registered", "2026-03-02"),
                ev("replied", "2026-03-10", outcome="3.3.4"),
                ev("reconsideration_filed", "2026-04-01"),
                ev("reconsideration_decided", "2026-05-20", result="upheld"),
                ev("litigation_filed", "2026-05-28", after_reconsideration=True),
            ],
            S.CLOSED,  # appeals do not reopen
        ),
    ],
)
def test_derive_state(events, state):
    assert derive_state(events) is state


def test_derive_state_needs_a_first_event():
    with pytest.raises(ValueError):
        derive_state([])
    with pytest.raises(EventNotAllowed) as caught:
        derive_state([ev("replied", "2026-03-10", outcome="3.1")])
    assert caught.value.state is None


def test_registration_sets_the_receipt_date():
    progress = replay([ev("submitted", "2026-02-14"), ev("registered", "2026-02-24")])
    assert (progress.submitted_on, progress.received_on) == (d("2026-02-14"), d("2026-02-24"))


def test_correction_may_be_requested_only_once():
    events = [
        ev("registered", "2026-03-02"),
        ev("correction_requested", "2026-03-03", period_workdays=10),
        ev("correction_received", "2026-03-10"),
    ]
    with pytest.raises(EventNotAllowed) as caught:
        check_transition(events, ev("correction_requested", "2026-03-11", period_workdays=5))
    assert caught.value.code == "correction_already_requested"
    assert E.CORRECTION_REQUESTED not in available_events(replay(events))


def test_correction_needs_a_period():
    with pytest.raises(InvalidEvent) as caught:
        check_transition(PATHS[S.IN_PROGRESS], ev("correction_requested", "2026-03-03"))
    assert (caught.value.code, caught.value.field) == ("invalid_period", "period_workdays")


def test_extension_only_once():
    events = [ev("registered", "2026-03-02"), ev("extended", "2026-03-20", workdays=5)]
    with pytest.raises(EventNotAllowed) as caught:
        check_transition(events, ev("extended", "2026-03-25", workdays=5))
    assert caught.value.code == "already_extended"
    assert E.EXTENDED not in available_events(replay(events))


def test_several_consultations_run_in_parallel():
    events = [
        ev("registered", "2026-03-02"),
        ev("consultation_started", "2026-03-03"),
        ev("consultation_started", "2026-03-04"),
    ]
    progress = replay(events)
    assert [c.id for c in progress.open_consultations] == [1, 2]
    progress = apply(progress, ev("consultation_ended", "2026-03-10", consultation_id=2))
    assert progress.state is S.CONSULTING
    progress = apply(progress, ev("consultation_ended", "2026-03-12", consultation_id=1))
    assert progress.state is S.IN_PROGRESS
    assert [(c.id, c.ended_on) for c in progress.consultations] == [
        (1, d("2026-03-12")),
        (2, d("2026-03-10")),
    ]


@pytest.mark.parametrize("cid", [3, None])
def test_ending_an_unknown_consultation_is_refused(cid):
    with pytest.raises(EventNotAllowed) as caught:
        check_transition(PATHS[S.CONSULTING], ev("consultation_ended", "2026-03-10", consultation_id=cid))
    assert caught.value.code == "unknown_consultation"


def test_ending_a_consultation_twice_is_refused():
    events = [*PATHS[S.CONSULTING], ev("consultation_started", "2026-03-04")]
    events.append(ev("consultation_ended", "2026-03-10", consultation_id=1))
    with pytest.raises(EventNotAllowed) as caught:
        check_transition(events, ev("consultation_ended", "2026-03-11", consultation_id=1))
    assert caught.value.code == "unknown_consultation"


def test_a_given_consultation_id_is_kept_and_must_be_new():
    events = [ev("registered", "2026-03-02"), ev("consultation_started", "2026-03-03", consultation_id=7)]
    assert replay(events).consultations[0].id == 7
    with pytest.raises(EventNotAllowed) as caught:
        check_transition(events, ev("consultation_started", "2026-03-04", consultation_id=7))
    assert caught.value.code == "duplicate_consultation"


@pytest.mark.parametrize(
    "path, outcome, code",
    [
        (S.IN_PROGRESS, None, "invalid_outcome"),  # replied requires an outcome
        (S.IN_PROGRESS, "3.7", "invalid_outcome"),  # 3.7 is the total row, not an outcome
        (S.IN_PROGRESS, "3.3", "invalid_outcome"),  # a group, not a row
        (S.IN_PROGRESS, "3.6.1", "outcome_needs_correction_pending"),  # nothing to correct
        (S.IN_PROGRESS, "3.4.3", "outcome_needs_correction_received"),  # never corrected
        (S.AWAITING_CORRECTION, "3.4.3", "outcome_needs_correction_received"),
        (S.IN_PROGRESS, "3.6.2", "outcome_needs_fee_pending"),  # no fee notice
        (S.AWAITING_PAYMENT, "3.6.1", "outcome_needs_correction_pending"),
    ],
)
def test_replied_needs_a_fitting_outcome(path, outcome, code):
    with pytest.raises(FoiError) as caught:
        check_transition(PATHS[path], ev("replied", "2026-03-20", outcome=outcome))
    assert caught.value.code == code


def test_still_unclear_after_correction():
    events = [*PATHS[S.AWAITING_CORRECTION], ev("correction_received", "2026-03-09")]
    progress = check_transition(events, ev("replied", "2026-03-20", outcome="3.4.3"))
    assert (progress.state, progress.outcome, progress.closed_on) == (S.CLOSED, "3.4.3", d("2026-03-20"))


@pytest.mark.parametrize("path", [S.IN_PROGRESS, S.AWAITING_CORRECTION, S.CONSULTING, S.AWAITING_PAYMENT])
def test_withdrawal_closes_with_3_6_3(path):
    progress = check_transition(PATHS[path], ev("withdrawn", "2026-03-20"))
    assert (progress.state, progress.outcome, progress.closed_on) == (S.CLOSED, "3.6.3", d("2026-03-20"))


def test_withdrawal_before_registration_is_no_case():
    progress = replay(PATHS[S.CANCELLED])
    assert (progress.state, progress.outcome, progress.received_on) == (S.CANCELLED, None, None)


FILED = [*PATHS[S.CLOSED], ev("reconsideration_filed", "2026-04-01")]
SUED = [*PATHS[S.CLOSED], ev("litigation_filed", "2026-04-01", after_reconsideration=False)]


@pytest.mark.parametrize(
    "events, new, code",
    [
        (FILED, ev("reconsideration_filed", "2026-04-02"), "appeal_pending"),  # one pending at a time
        (SUED, ev("reconsideration_filed", "2026-04-10"), "appeal_already_filed"),  # sued directly already
        (SUED, ev("litigation_filed", "2026-04-10", after_reconsideration=False), "appeal_pending"),
        # litigation after reconsideration waits for the decision
        (
            FILED,
            ev("litigation_filed", "2026-04-10", after_reconsideration=True),
            "reconsideration_not_decided",
        ),
        (
            PATHS[S.CLOSED],
            ev("litigation_filed", "2026-04-10", after_reconsideration=True),
            "reconsideration_not_decided",
        ),
        (
            FILED,
            ev("litigation_decided", "2026-04-10", result="upheld"),
            "no_pending_appeal",
        ),  # nothing in court
    ],
)
def test_appeal_order(events, new, code):
    with pytest.raises(EventNotAllowed) as caught:
        check_transition(events, new)
    assert caught.value.code == code


def test_an_appeal_on_an_open_case_is_against_the_failure_to_reply():
    # The table allows it; the clock allows it only past the deadline (test_appeals_domain).
    progress = check_transition(PATHS[S.IN_PROGRESS], ev("reconsideration_filed", "2026-04-10"))
    assert progress.state is S.IN_PROGRESS
    assert progress.appeals == (Appeal(kind=AppealKind.RECONSIDERATION, filed_on=d("2026-04-10"), against=0),)


def test_direct_litigation_after_a_reconsideration_is_refused():
    events = [
        *PATHS[S.CLOSED],
        ev("reconsideration_filed", "2026-04-01"),
        ev("reconsideration_decided", "2026-05-20", result="corrected"),
    ]
    with pytest.raises(EventNotAllowed) as caught:
        check_transition(events, ev("litigation_filed", "2026-05-28", after_reconsideration=False))
    assert caught.value.code == "reconsideration_already_filed"


def test_appeals_are_tracked_to_their_results():
    events = [
        *PATHS[S.CLOSED],
        ev("reconsideration_filed", "2026-04-01"),
        ev("reconsideration_decided", "2026-05-20", result="upheld"),
        ev("litigation_filed", "2026-05-28", after_reconsideration=True),
    ]
    progress = replay(events)
    assert progress.appeals == (
        Appeal(
            kind=AppealKind.RECONSIDERATION,
            filed_on=d("2026-04-01"),
            decided_on=d("2026-05-20"),
            result=AppealResult.UPHELD,
        ),
        Appeal(kind=AppealKind.LITIGATION_AFTER_RECONSIDERATION, filed_on=d("2026-05-28")),
    )
    assert progress.appeals[1].pending
    assert available_events(progress) == {E.LITIGATION_DECIDED, E.CALENDAR_RECOMPUTED}
    done = apply(progress, ev("litigation_decided", "2026-09-01", result="other"))
    assert done.appeals[1].result is AppealResult.OTHER
    assert available_events(done) == {E.CALENDAR_RECOMPUTED}


def test_litigation_needs_to_say_whether_after_reconsideration():
    with pytest.raises(InvalidEvent) as caught:
        check_transition(PATHS[S.CLOSED], ev("litigation_filed", "2026-04-01"))
    assert caught.value.field == "after_reconsideration"


def test_a_decision_needs_a_result():
    events = [*PATHS[S.CLOSED], ev("reconsideration_filed", "2026-04-01")]
    with pytest.raises(InvalidEvent) as caught:
        check_transition(events, ev("reconsideration_decided", "2026-05-20"))
    assert caught.value.fields == {"result": "请选择审结结果（维持、纠正或其他结果）"}


@pytest.mark.parametrize(
    "events, new",
    [
        ([ev("submitted", "2026-03-05")], ev("registered", "2026-03-04")),  # confirmed before submitted
        (PATHS[S.IN_PROGRESS], ev("replied", "2026-03-01", outcome="3.1")),  # replied before received
        (PATHS[S.CONSULTING], ev("consultation_ended", "2026-03-02", consultation_id=1)),  # before it started
        (PATHS[S.AWAITING_PAYMENT], ev("fee_paid", "2026-03-02")),  # before the notice
        (PATHS[S.AWAITING_CORRECTION], ev("correction_received", "2026-03-02")),  # before the request
        (PATHS[S.CLOSED], ev("reconsideration_filed", "2026-03-09")),  # before the decision
    ],
)
def test_dates_out_of_order_are_refused(events, new):
    with pytest.raises(InvalidEvent) as caught:
        check_transition(events, new)
    assert (caught.value.code, caught.value.field) == ("date_out_of_order", "on")


def test_event_records_accept_stored_strings_and_refuse_unknown_ones():
    record = EventRecord(type="replied", on=d("2026-03-02"), outcome="3.1")  # type: ignore[arg-type]
    assert record.type is E.REPLIED
    with pytest.raises(InvalidEvent) as caught:
        EventRecord(type="reopened", on=d("2026-03-02"))  # type: ignore[arg-type]
    assert caught.value.code == "invalid_type"
    with pytest.raises(InvalidEvent):
        EventRecord(type=E.RECONSIDERATION_DECIDED, on=d("2026-03-02"), result="won")  # type: ignore[arg-type]


# --- A random walk over offered events keeps the invariants ------------------------------------------

OUTCOME_CHOICES = [code for code in ANNUAL_REPORT_ROWS if code not in ("3.4.3", "3.6.1", "3.6.2")]


def _direct_refused(progress, day):
    try:
        apply(progress, EventRecord(type=E.LITIGATION_FILED, on=day, after_reconsideration=False))
    except EventNotAllowed:
        return True
    return False


@st.composite
def walks(draw):
    progress = Progress()
    day = date(2026, 3, 2)
    steps = draw(st.integers(min_value=1, max_value=25))
    history = []
    for _ in range(steps):
        offered = sorted(available_events(progress))
        t = draw(st.sampled_from(offered))
        payload: dict[str, object] = {}
        if t is E.CORRECTION_REQUESTED:
            payload["period_workdays"] = draw(st.integers(min_value=1, max_value=15))
        elif t is E.EXTENDED:
            payload["workdays"] = draw(st.integers(min_value=1, max_value=20))
        elif t is E.CONSULTATION_STARTED:
            payload["kind"] = draw(st.sampled_from(["third_party", "agency"]))
        elif t is E.CONSULTATION_ENDED:
            payload["consultation_id"] = draw(st.sampled_from([c.id for c in progress.open_consultations]))
            payload["objected"] = draw(st.booleans())
        elif t is E.DELIVERED:
            waiting = [n for n in NoticeKind if (dl := progress.delivery(n)) and dl.delivered_on is None]
            payload["notice"] = draw(st.sampled_from(waiting))
            payload["returned"] = returned = draw(st.booleans())
            # Returned by post; delivered again by hand or by public announcement.
            payload["channel"] = "post" if returned else draw(st.sampled_from(["in_person", "announcement"]))
        elif t is E.THIRD_PARTY_NOTIFIED:
            payload["consultation_id"] = draw(
                st.sampled_from([c.id for c in progress.consultations if c.needs_notice])
            )
        elif t is E.REASONS_REQUESTED:
            payload["period_workdays"] = draw(st.integers(min_value=1, max_value=15))
        elif t is E.DEADLINE_SET:
            payload["due_on"] = date.fromordinal(day.toordinal() + 60)
        elif t is E.REPLIED:
            choices = list(OUTCOME_CHOICES)
            if progress.state is S.AWAITING_CORRECTION:
                choices.append("3.6.1")
            if progress.state is S.AWAITING_PAYMENT:
                choices.append("3.6.2")
            if progress.corrected_on is not None:
                choices.append("3.4.3")
            payload["outcome"] = draw(st.sampled_from(choices))
        elif t is E.LITIGATION_FILED:
            # Direct, or after the reconsideration: whichever the history allows.
            payload["after_reconsideration"] = _direct_refused(progress, day)
        elif t in (E.RECONSIDERATION_DECIDED, E.LITIGATION_DECIDED):
            payload["result"] = draw(st.sampled_from(list(AppealResult)))
        elif t is E.RECONSIDERATION_ACCEPTED:
            payload["procedure"] = draw(st.sampled_from(["ordinary", "simplified"]))
        elif t is E.REREPLIED:
            payload["outcome"] = draw(st.sampled_from(OUTCOME_CHOICES))
        event = EventRecord(type=t, on=day, **payload)
        progress = apply(progress, event)  # an offered event with a fitting payload is accepted
        history.append((event, progress))
        day = date.fromordinal(day.toordinal() + draw(st.integers(min_value=0, max_value=5)))
    return history


@settings(max_examples=300, deadline=None)
@given(walks())
def test_random_walks_keep_the_invariants(history):
    finished = None
    first_closing = None
    for _event, progress in history:
        state = progress.state
        if first_closing is not None:
            # New replies and appeals never change the row the annual report counts (RULES §2.10).
            assert (progress.outcome, progress.closed_on) == first_closing
        elif state is S.CLOSED:
            first_closing = (progress.outcome, progress.closed_on)
        for group in ("reconsideration", "litigation"):
            assert sum(1 for a in progress.appeals if a.pending and a.group == group) <= 1
        assert available_events(progress) <= ALLOWED[state]
        if finished is not None:
            assert state is finished  # closed stays closed, appeals included
        if state in (S.CLOSED, S.CANCELLED):
            finished = state
        if state is S.CLOSED:
            assert is_outcome_code(progress.outcome) and progress.closed_on is not None
        if state is S.CANCELLED:
            assert progress.outcome is None and progress.received_on is None
        if state in OPEN_STATES:
            assert (state is S.CONSULTING) == bool(progress.open_consultations)
            assert (state is S.AWAITING_PAYMENT) == (progress.unpaid_fee_notice is not None)
            waiting = progress.correction_requested_on is not None and progress.corrected_on is None
            assert (state is S.AWAITING_CORRECTION) == waiting
            assert progress.outcome is None
    assert derive_state([event for event, _ in history]) is history[-1][1].state


# --- Outcomes (RULES §2.8, §2.10) -------------------------------------------------------------------


def test_outcome_rows_are_the_annual_report_rows_in_order():
    assert ANNUAL_REPORT_ROWS == annual.OUTCOME_CODES
    assert [o.code for o in OUTCOMES] == list(ANNUAL_REPORT_ROWS)
    assert set(OUTCOMES_BY_CODE) == set(ANNUAL_REPORT_ROWS)


def test_outcome_report_labels_are_the_national_ones():
    for outcome in OUTCOMES:
        assert outcome.report_label == annual.ROW_LABELS[outcome.code]


@pytest.mark.parametrize(
    "code, group, label",
    [
        ("3.1", OutcomeGroup.DISCLOSED, "予以公开"),
        ("3.2", OutcomeGroup.PARTLY_DISCLOSED, "部分公开"),
        ("3.3.1", OutcomeGroup.WITHHELD, "不予公开：属于国家秘密"),
        ("3.3.8", OutcomeGroup.WITHHELD, "不予公开：属于行政查询事项"),
        ("3.4.1", OutcomeGroup.UNAVAILABLE, "无法提供：本机关不掌握相关政府信息"),
        ("3.4.3", OutcomeGroup.UNAVAILABLE, "无法提供：补正后申请内容仍不明确"),
        ("3.5.2", OutcomeGroup.NOT_HANDLED, "不予处理：重复申请"),
        ("3.5.5", OutcomeGroup.NOT_HANDLED, "不予处理：要求行政机关确认或重新出具已获取信息"),
        ("3.6.1", OutcomeGroup.OTHER, "其他处理：申请人逾期不补正，不再处理"),
        ("3.6.3", OutcomeGroup.OTHER, "其他处理：其他（如申请人撤回申请）"),
    ],
)
def test_outcome_group_and_label(code, group, label):
    outcome = get_outcome(code)
    assert (outcome.group, outcome.label) == (group, label)


def test_every_code_is_in_the_group_its_number_says():
    prefix = {
        "3.1": OutcomeGroup.DISCLOSED,
        "3.2": OutcomeGroup.PARTLY_DISCLOSED,
        "3.3": OutcomeGroup.WITHHELD,
        "3.4": OutcomeGroup.UNAVAILABLE,
        "3.5": OutcomeGroup.NOT_HANDLED,
        "3.6": OutcomeGroup.OTHER,
    }
    for outcome in OUTCOMES:
        assert outcome.group is prefix[outcome.code[:3]]
    assert [g.label for g in OutcomeGroup] == [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    ]


def test_reconsideration_first_only_for_refusals():
    # RULES §2.10: 3.3.x, and the withheld part of 3.2
    expected = {"3.2", *(f"3.3.{i}" for i in range(1, 9))}
    assert {o.code for o in OUTCOMES if o.reconsideration_first} == expected
    assert requires_reconsideration_first("3.3.4") is True
    assert requires_reconsideration_first("3.4.1") is False


@pytest.mark.parametrize(
    "code, citation",
    [
        ("3.1", "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第三十六条第（二）项"),
        ("3.2", "《中华人民共和国政府信息公开条例》第三十七条、第三十六条第（三）项"),
        ("3.3.1", "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"),
        ("3.3.4", "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项"),
        ("3.3.6", "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项"),
        ("3.4.2", "《中华人民共和国政府信息公开条例》第三十八条"),
        ("3.5.1", "《中华人民共和国政府信息公开条例》第三十九条第一款"),
        ("3.5.2", "《中华人民共和国政府信息公开条例》第三十六条第（六）项"),
        ("3.5.4", "《中华人民共和国政府信息公开条例》第三十五条"),
        ("3.6.1", "《中华人民共和国政府信息公开条例》第三十条"),
        (
            "3.6.2",
            "《中华人民共和国政府信息公开条例》第四十二条，《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        ),
        ("3.6.3", ""),  # a withdrawal cites nothing
    ],
)
def test_reply_letter_citation(code, citation):
    assert get_outcome(code).citation == citation


@pytest.mark.parametrize("code", ["3.7", "3.3", "", "4", None, 3.1])
def test_unknown_outcome_codes(code):
    assert is_outcome_code(code) is False
    with pytest.raises(ValueError):
        get_outcome(code)
