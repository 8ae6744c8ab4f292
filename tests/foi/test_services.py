"""The services on the database, one behaviour per test, with real 2026 dates (RULES §1 tables).

March 2026 is the workhorse (as in test_clock): received Mon 03-02, due Mon 03-30 unpaused,
清明 (04-04..04-06) right after. Expected dates were counted by hand on the calendar.
"""

import threading
from datetime import date, datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests.foi.factories import ApplicantFactory, RequestFactory, ev, register_case
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.foi import services
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.foi.services import application_append_event as append

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.fixture
def case(agency, handler):
    return register_case(agency, handler, received_on="2026-03-02", today="2026-03-02")


def add(case, actor, type_, on, today=None, **fields):
    return append(actor=actor, application_id=case.pk, event=ev(type_, on, **fields), today=D(today or on))


def submit(agency, at="2026-11-27 10:00", **applicant):
    now = timezone.make_aware(datetime.fromisoformat(at))
    return services.application_submit(
        organization=agency, applicant=ApplicantFactory(**applicant), request=RequestFactory(), now=now
    )


def refreshed(case):
    return Application.objects.get(pk=case.pk)


# --- registration and submission ---------------------------------------------------------------


def test_registration_sets_receipt_date_and_the_20_workday_deadline(case):
    assert case.state == "in_progress"
    assert case.received_on == D("2026-03-02")
    assert case.due_on == D("2026-03-30")
    assert case.due_provisional is False
    first = case.events.get()
    assert (first.seq, first.type, first.on) == (1, "registered", D("2026-03-02"))
    assert first.payload == {"channel": "in_person", "backdated": False, "imported": False}


def test_backdated_registration_is_marked_and_counts_from_the_receipt_date(agency, handler):
    app = register_case(agency, handler, received_on="2026-09-24", today="2026-10-12", channel="post")
    # 中秋+国庆: counting from 09-24, Sat 10-10 is a working day.
    assert app.due_on == D("2026-10-29")
    assert app.events.get().payload["backdated"] is True


def test_registration_in_the_future_is_refused(agency, handler):
    with pytest.raises(ValidationFailed) as exc:
        register_case(agency, handler, received_on="2026-03-03", today="2026-03-02")
    assert "received_on" in exc.value.fields


def test_registration_needs_a_handler_role_at_the_agency(agency, other_handler):
    with pytest.raises(NotPermitted):
        register_case(agency, other_handler, received_on="2026-03-02", check_permission=True)


def test_import_of_a_past_case_checks_each_event(agency, handler):
    history = [
        ev("consultation_started", "2026-03-10", party="大连某建设公司", kind="third_party"),
        ev("consultation_ended", "2026-03-17", consultation_id=1, objected=False),
        ev("replied", "2026-04-01", outcome="3.2"),
    ]
    app = register_case(agency, handler, received_on="2026-03-02", today="2026-11-27", history=history)
    assert app.imported and app.state == "closed" and app.outcome == "3.2"
    assert app.closed_on == D("2026-04-01")
    assert list(app.events.values_list("type", flat=True)) == [
        "registered",
        "consultation_started",
        "consultation_ended",
        "replied",
    ]


def test_import_with_an_impossible_history_stores_nothing(agency, handler):
    history = [ev("fee_paid", "2026-03-10")]
    with pytest.raises(Conflict) as exc:
        register_case(agency, handler, received_on="2026-03-02", today="2026-11-27", history=history)
    assert exc.value.code == "event_not_allowed"
    assert not Application.objects.exists()


def test_online_submission_is_stored_with_a_tracking_code_and_no_receipt_date(agency):
    app = submit(agency)
    assert app.state == "submitted" and app.received_on is None and app.due_on is None
    assert app.channel == "online"
    assert len(app.tracking_code) == 14
    assert app.events.get().type == "submitted"


def test_submission_with_missing_content_names_every_field(agency):
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            organization=agency,
            applicant=ApplicantFactory(name="", phone="", email="", address="", id_number="123"),
            request=RequestFactory(description="", title=""),
        )
    assert {"applicant.name", "applicant.phone", "applicant.id_number", "description"} <= set(
        exc.value.fields
    )
    assert not Application.objects.exists()


def test_submission_to_a_public_enterprise_is_refused(city):
    from tests.factories import OrganizationFactory

    enterprise = OrganizationFactory(code="dl-swjt", kind="public_enterprise", parent=city)
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            organization=enterprise, applicant=ApplicantFactory(), request=RequestFactory()
        )
    assert "organization" in exc.value.fields


def test_confirming_an_online_submission_starts_the_clock(agency, handler):
    app = submit(agency)
    result = services.application_confirm(
        actor=handler, application_id=app.pk, received_on=D("2026-11-27"), today=D("2026-11-27")
    )
    app = result.application
    assert app.state == "in_progress" and app.received_on == D("2026-11-27")
    # Nov 30–Dec 4, 7–11, 14–18, 21–25: the 20th working day after Fri 11-27.
    assert app.due_on == D("2026-12-25")
    assert result.event.payload == {"channel": "online"}


def test_confirmation_before_the_submission_day_is_refused(agency, handler):
    app = submit(agency)
    with pytest.raises(ValidationFailed) as exc:
        services.application_confirm(actor=handler, application_id=app.pk, received_on=D("2020-01-02"))
    assert exc.value.code == "date_out_of_order"


def test_withdrawal_before_confirmation_cancels_without_an_outcome(agency, handler):
    app = submit(agency)
    add(app, handler, "withdrawn", "2026-11-27")
    app = refreshed(app)
    assert app.state == "cancelled" and app.outcome == ""


# --- the clock, one event type at a time ------------------------------------------------------


def test_correction_suspends_the_clock_and_restarts_it_from_the_corrected_application(case, handler):
    add(case, handler, "correction_requested", "2026-03-05", period_workdays=10)
    app = refreshed(case)
    assert app.state == "awaiting_correction" and app.due_on is None
    add(case, handler, "correction_received", "2026-03-12")
    # 20 working days after 03-12, over 清明 (04-04..04-06): 04-10.
    assert refreshed(case).due_on == D("2026-04-10")


def test_correction_request_after_seven_workdays_is_refused(case, handler):
    with pytest.raises(Conflict) as exc:
        add(case, handler, "correction_requested", "2026-03-12", period_workdays=10)
    assert exc.value.code == "correction_too_late"
    assert case.events.count() == 1


def test_correction_request_needs_a_period(case, handler):
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "correction_requested", "2026-03-05")
    assert exc.value.code == "invalid_period"


def test_closing_as_not_corrected_waits_for_the_period_to_end(case, handler, signer):
    add(case, handler, "correction_requested", "2026-03-05", period_workdays=10)
    with pytest.raises(Conflict) as exc:
        add(case, handler, "replied", "2026-03-19", outcome="3.6.1")  # period ends 03-19
    assert exc.value.code == "correction_period_not_over"
    add(case, signer, "replied", "2026-03-20", outcome="3.6.1")
    assert refreshed(case).outcome == "3.6.1"


def test_extension_by_the_office_head_adds_up_to_20_workdays(case, office_head):
    add(case, office_head, "extended", "2026-03-20", workdays=20, reason="需调取档案")
    # 20 working days after 03-30, over 清明: 04-28.
    assert refreshed(case).due_on == D("2026-04-28")


def test_extension_by_a_handler_is_refused(case, handler):
    with pytest.raises(NotPermitted) as exc:
        add(case, handler, "extended", "2026-03-20", workdays=10, reason="需调取档案")
    assert exc.value.code == "extension_needs_office_head"


def test_extension_after_the_deadline_is_refused(case, office_head):
    with pytest.raises(Conflict) as exc:
        add(case, office_head, "extended", "2026-03-31", workdays=10, reason="需调取档案")
    assert exc.value.code == "extension_too_late"


def test_extension_on_the_due_day_is_still_in_time(case, office_head):
    add(case, office_head, "extended", "2026-03-30", workdays=5, reason="需调取档案")
    assert refreshed(case).due_on == D("2026-04-07")


def test_extension_beyond_20_workdays_is_refused(case, office_head):
    with pytest.raises(ValidationFailed) as exc:
        add(case, office_head, "extended", "2026-03-20", workdays=21, reason="x")
    assert exc.value.code == "extension_too_long"


def test_second_extension_is_refused(case, office_head):
    add(case, office_head, "extended", "2026-03-20", workdays=5, reason="需调取档案")
    with pytest.raises(Conflict) as exc:
        add(case, office_head, "extended", "2026-03-23", workdays=5, reason="再次")
    assert exc.value.code == "already_extended"


def test_extension_needs_a_reason(case, office_head):
    with pytest.raises(ValidationFailed) as exc:
        add(case, office_head, "extended", "2026-03-20", workdays=5)
    assert exc.value.code == "reason_required"


def test_consultation_pauses_the_clock_until_the_answer(case, handler):
    result = add(
        case, handler, "consultation_started", "2026-03-10", party="大连某建设公司", kind="third_party"
    )
    assert result.event.payload["consultation_id"] == 1
    assert refreshed(case).state == "consulting"
    add(case, handler, "consultation_ended", "2026-03-17", consultation_id=1, objected=False)
    app = refreshed(case)
    # Paused 03-11..03-17 (5 working days): 03-30 + 5 = 04-07 over 清明.
    assert (app.state, app.due_on, app.paused) == ("in_progress", D("2026-04-07"), False)


def test_an_open_consultation_reads_as_paused(case, handler):
    add(
        case,
        handler,
        "consultation_started",
        "2026-03-10",
        party="市住建局",
        kind="agency",
        today="2026-03-12",
    )
    app = refreshed(case)
    assert app.paused is True
    assert app.due_on == D("2026-04-01")  # 03-11, 03-12 paused so far


def test_two_consultations_get_their_own_ids(case, handler):
    add(case, handler, "consultation_started", "2026-03-10", party="甲公司", kind="third_party")
    second = add(case, handler, "consultation_started", "2026-03-11", party="市住建局", kind="agency")
    assert second.event.payload["consultation_id"] == 2


def test_ending_an_unknown_consultation_is_refused(case, handler):
    add(case, handler, "consultation_started", "2026-03-10", party="甲公司", kind="third_party")
    with pytest.raises(Conflict) as exc:
        add(case, handler, "consultation_ended", "2026-03-12", consultation_id=7)
    assert exc.value.code == "unknown_consultation"


def test_consultation_needs_a_kind(case, handler):
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "consultation_started", "2026-03-10", party="甲公司", kind="friend")
    assert exc.value.code == "invalid_kind"


def test_fee_notice_pauses_until_paid_and_prices_pages(case, handler):
    result = add(case, handler, "fee_notice_sent", "2026-03-10", basis="per_page", quantity=50)
    assert result.event.payload["amount_yuan"] == "200.00"  # pages 31–50 at ¥10
    assert refreshed(case).state == "awaiting_payment"
    add(case, handler, "fee_paid", "2026-03-13")
    app = refreshed(case)
    assert (app.state, app.due_on) == ("in_progress", D("2026-04-02"))  # 3 paused working days


def test_per_item_fee_counts_the_applicants_month_at_the_agency(agency, handler, other_agency, make_staff):
    applicant = ApplicantFactory()
    for day in range(2, 13):  # 11 earlier applications in March 2026
        register_case(agency, handler, received_on=f"2026-03-{day:02d}", applicant=applicant)
    # Another agency and another month do not count.
    register_case(other_agency, None, received_on="2026-03-03", applicant=applicant)
    register_case(agency, handler, received_on="2026-02-27", applicant=applicant)
    app = register_case(agency, handler, received_on="2026-03-13", today="2026-03-16", applicant=applicant)
    result = add(app, handler, "fee_notice_sent", "2026-03-16", basis="per_item", quantity=1)
    assert result.event.payload["already_counted"] == 11
    assert result.event.payload["amount_yuan"] == "100.00"  # the 12th item


def test_fee_notice_needs_a_basis_and_quantity(case, handler):
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "fee_notice_sent", "2026-03-10", basis="per_kg", quantity=1)
    assert exc.value.code == "invalid_basis"
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "fee_notice_sent", "2026-03-10", basis="per_page", quantity=0)
    assert exc.value.code == "invalid_quantity"


def test_unpaid_fee_closes_as_3_6_2_only_after_20_workdays(case, handler, signer):
    add(case, handler, "fee_notice_sent", "2026-03-03", basis="per_page", quantity=40)
    with pytest.raises(Conflict):
        add(case, handler, "replied", "2026-03-31", outcome="3.6.2")  # fee due 03-31
    add(case, signer, "replied", "2026-04-01", outcome="3.6.2")
    assert refreshed(case).outcome == "3.6.2"


def test_reply_closes_with_an_outcome_only_with_its_letter_issued(case, handler, signer):
    # Decision 0016: a reply closes its case when its letter is issued. A handler who may not
    # sign the reply off cannot close the case by appending `replied` straight to the timeline:
    # the append is refused and undone (the case page and API send such a reply to sign-off).
    with pytest.raises(Conflict) as exc:
        add(case, handler, "replied", "2026-03-20", outcome="3.1")
    assert exc.value.code == "reply_needs_signoff"
    app = refreshed(case)
    assert (app.state, app.outcome, app.closed_on) == ("in_progress", "", None)
    assert case.events.count() == 1 and not case.letters.exists()
    # The agency's 审签人 handling the case signs the reply off at once: it closes on its date.
    add(case, signer, "replied", "2026-03-20", outcome="3.1")
    app = refreshed(case)
    assert (app.state, app.outcome, app.closed_on) == ("closed", "3.1", D("2026-03-20"))
    assert case.letters.get().state == "issued"


def test_reply_without_a_valid_outcome_is_refused(case, handler):
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "replied", "2026-03-20", outcome="9.9")
    assert exc.value.code == "invalid_outcome"


def test_withdrawal_of_a_case_closes_it_as_3_6_3(case, handler):
    add(case, handler, "withdrawn", "2026-03-05")
    assert refreshed(case).outcome == "3.6.3"


def test_appeals_after_the_reply(case, handler, signer):
    add(case, handler, "consultation_started", "2026-03-04", party="某公司", kind="third_party")
    add(case, handler, "consultation_ended", "2026-03-06", consultation_id=1, objected=True)
    add(case, signer, "replied", "2026-03-20", outcome="3.3.4")
    with pytest.raises(Conflict) as exc:
        add(case, handler, "litigation_filed", "2026-04-01", after_reconsideration=True)
    assert exc.value.code == "reconsideration_not_decided"
    add(case, handler, "reconsideration_filed", "2026-04-01")
    add(case, handler, "reconsideration_decided", "2026-05-20", result="upheld")
    add(case, handler, "litigation_filed", "2026-05-28", after_reconsideration=True)
    add(case, handler, "litigation_decided", "2026-09-10", result="corrected")
    app = refreshed(case)
    assert app.state == "closed" and app.outcome == "3.3.4"
    assert app.events.count() == 8


def test_event_not_allowed_in_the_state_is_a_conflict_and_changes_nothing(case, handler):
    with pytest.raises(Conflict) as exc:
        add(case, handler, "fee_paid", "2026-03-05")
    assert exc.value.code == "event_not_allowed"
    assert case.events.count() == 1


def test_event_dated_in_the_future_is_refused(case, handler):
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "replied", "2026-03-20", today="2026-03-19", outcome="3.1")
    assert exc.value.code == "date_in_future"


def test_system_events_cannot_be_added_by_hand(case, handler):
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "calendar_recomputed", "2026-03-05")
    assert exc.value.code == "system_event"


def test_unknown_event_type_is_a_validation_error(case, handler):
    with pytest.raises(ValidationFailed) as exc:
        add(case, handler, "teleported", "2026-03-05")
    assert exc.value.code == "invalid_type"


def test_other_agencies_handlers_cannot_see_the_case(case, other_handler):
    with pytest.raises(Application.DoesNotExist):
        add(case, other_handler, "replied", "2026-03-20", outcome="3.1")


def test_supervisors_see_but_do_not_act(case, supervisor):
    with pytest.raises(NotPermitted):
        add(case, supervisor, "replied", "2026-03-20", outcome="3.1")


def test_every_append_is_audited_without_personal_data(case, signer):
    add(case, signer, "replied", "2026-03-20", outcome="3.1")
    entry = AuditEntry.objects.filter(verb="foi.event").latest("id")
    assert entry.data["type"] == "replied" and entry.data["payload"] == {"outcome": "3.1"}
    assert case.id_number not in str(entry.data) + entry.target_repr
    assert case.applicant_name not in entry.target_repr


def test_the_timeline_is_append_only(case):
    event = case.events.get()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        ApplicationEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError):
        event.delete()


def test_notifications_go_after_commit(agency, handler, mailoutbox, django_capture_on_commit_callbacks):
    applicant = ApplicantFactory(email="zhang@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        app = register_case(agency, handler, received_on="2026-03-02", applicant=applicant)
    assert [m.to for m in mailoutbox] == [["zhang@example.cn"]]
    assert app.tracking_code in mailoutbox[0].subject
    assert applicant.id_number not in mailoutbox[0].body


def test_assigning_a_handler(case, office_head, handler, make_staff, agency, other_handler):
    colleague = make_staff(agency, "handler", username="sfj_handler2")
    services.application_assign_handler(actor=office_head, application_id=case.pk, handler=colleague)
    assert refreshed(case).handler == colleague
    with pytest.raises(NotPermitted):  # a handler may take a case, not hand it out
        services.application_assign_handler(actor=handler, application_id=case.pk, handler=colleague)
    services.application_assign_handler(actor=handler, application_id=case.pk, handler=handler)
    with pytest.raises(ValidationFailed):
        services.application_assign_handler(actor=office_head, application_id=case.pk, handler=other_handler)


# --- concurrency -------------------------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_handlers_appending_at_once_lose_no_event(seeded_calendar, agency, handler, office_head):
    case = register_case(agency, handler, received_on="2026-03-02", today="2026-03-02")
    barrier = threading.Barrier(2)
    errors = []

    def act(actor, new):
        try:
            barrier.wait()
            append(actor=actor, application_id=case.pk, event=new, today=D("2026-03-10"))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act,
            args=(handler, ev("consultation_started", "2026-03-10", party="甲公司", kind="third_party")),
        ),
        threading.Thread(
            target=act, args=(office_head, ev("extended", "2026-03-10", workdays=10, reason="档案较多"))
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    events = list(ApplicationEvent.objects.filter(application=case).order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert {e.type for e in events[1:]} == {"consultation_started", "extended"}
    app = refreshed(case)
    assert app.state == "consulting"
    # 03-30 + 10 working days = 04-14 (清明), plus the open consultation's paused days so far.
    assert app.due_on >= D("2026-04-14")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_handlers_replying_at_once_close_the_case_once(seeded_calendar, agency, handler, make_staff):
    # Two who may each sign the reply off at once (decision 0016), so each append would close it.
    first = make_staff(agency, "handler", "reviewer", username="sfj_signer_a")
    second = make_staff(agency, "office_head", "reviewer", username="sfj_signer_b")
    case = register_case(agency, handler, received_on="2026-03-02", today="2026-03-02")
    barrier = threading.Barrier(2)
    outcomes = []

    def act(actor, code):
        try:
            barrier.wait()
            append(actor=actor, application_id=case.pk, event=ev("replied", "2026-03-20", outcome=code))
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(u, c)) for u, c in ((first, "3.1"), (second, "3.1"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["event_not_allowed", "ok"]
    assert ApplicationEvent.objects.filter(application=case, type="replied").count() == 1
