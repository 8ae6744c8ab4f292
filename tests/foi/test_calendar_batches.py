"""A calendar change commits at once; open cases are recomputed after it, in batches of their own
transactions (issue 25.4, decision 0030). Real 2026/2027 dates: a case received 2026-12-10 is due
20 working days later, 2027-01-08 on 2027's provisional calendar (01-01 off), 2027-01-11 once a
schedule with Mon 01-04 off is loaded."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from tests.foi.factories import register_case
from zwgk.core.calendars import calendar_year_replace, parse_schedule
from zwgk.foi.models import Application
from zwgk.foi.selectors import recomputing_count
from zwgk.foi.services import NewEvent, application_append_event
from zwgk.foi.services import deadlines as deadlines_module
from zwgk.foi.todos import overdue_by_agency

SCHEDULE_2027 = parse_schedule(2027, ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"], [])


def cases(agency, handler, n: int) -> list[Application]:
    out = [register_case(agency, handler, received_on="2026-12-10", today="2026-12-10") for _ in range(n)]
    assert {c.due_on for c in out} == {date(2027, 1, 8)}
    return out


def recomputed_events(case: Application) -> list[dict]:
    return [e.payload for e in case.events.filter(type="calendar_recomputed")]


@pytest.mark.django_db(transaction=True)
def test_the_change_commits_first_then_each_batch_is_its_own_transaction(
    agency, handler, on_day, monkeypatch, admin_user
):
    on_day("2026-12-10")
    open_cases = cases(agency, handler, 5)
    monkeypatch.setattr(deadlines_module, "RECOMPUTE_BATCH", 2)
    seen: list[tuple[int, object, bool, int]] = []
    real = deadlines_module.calendar_catch_up

    def spy(application, events, **kwargs):
        # Depth 1: an outermost transaction of its own, not the calendar change's (which has
        # committed: its row is there and every case is already marked).
        seen.append(
            (
                application.pk,
                connection.atomic_blocks[0],  # kept, so its id() is not reused
                len(connection.atomic_blocks) == 1,
                Application.objects.filter(deadline_recompute_year=2027).count(),
            )
        )
        return real(application, events, **kwargs)

    monkeypatch.setattr(deadlines_module, "calendar_catch_up", spy)
    calendar_year_replace(actor=admin_user, schedule=SCHEDULE_2027, source="test")

    assert [pk for pk, *_ in seen] == sorted(c.pk for c in open_cases)
    assert all(outermost for _, _, outermost, _ in seen)
    assert len({id(block) for _, block, _, _ in seen}) == 3  # 5 cases, 2 per transaction
    assert seen[0][3] == 5  # all marked when the first batch starts
    for case in open_cases:
        case.refresh_from_db()
        assert (case.due_on, case.due_provisional, case.deadline_recompute_year) == (
            date(2027, 1, 11),
            False,
            None,
        )
        assert [(p["due_on_before"], p["due_on_after"]) for p in recomputed_events(case)] == [
            ("2027-01-08", "2027-01-11")
        ]


@pytest.mark.django_db
def test_a_case_edited_before_its_batch_shows_the_change_once(
    agency, handler, office_head, on_day, monkeypatch, admin_user, make_staff
):
    on_day("2026-12-10")
    first, second = cases(agency, handler, 2)
    supervisor = make_staff(agency, "supervisor", username="sfj_supervisor")
    during: dict = {}
    real = deadlines_module.calendar_catch_up

    def interleave(application, events, **kwargs):
        if application.pk == first.pk:
            # While the first case is recomputed, the lists say the deadlines are not current…
            during["workbench"] = recomputing_count(handler)
            during["todos"] = [e.title for e in overdue_by_agency(supervisor, today=date(2026, 12, 10))]
            # …and the second case is edited by its office head before its batch reaches it.
            application_append_event(
                actor=office_head,
                application_id=second.pk,
                event=NewEvent(type="extended", on=date(2026, 12, 10), workdays=5, reason="档案较多"),
            )
        return real(application, events, **kwargs)

    monkeypatch.setattr(deadlines_module, "calendar_catch_up", interleave)
    monkeypatch.setattr(deadlines_module, "RECOMPUTE_BATCH", 1)
    calendar_year_replace(actor=admin_user, schedule=SCHEDULE_2027, source="test")

    assert during["workbench"] == 2
    assert "期限正在重新计算的申请" in during["todos"]
    second.refresh_from_db()
    # The edit recorded the recompute first, then itself; the batch found nothing left to do.
    types = list(second.events.order_by("seq").values_list("type", flat=True))
    assert types[-2:] == ["calendar_recomputed", "extended"]
    assert [(p["due_on_before"], p["due_on_after"]) for p in recomputed_events(second)] == [
        ("2027-01-08", "2027-01-11")
    ]
    # 2027-01-11 + 5 working days on the loaded schedule.
    assert (second.due_on, second.deadline_recompute_year) == (date(2027, 1, 18), None)
    assert len(recomputed_events(first)) == 1
    assert recomputing_count(handler) == 0
    assert "期限正在重新计算的申请" not in [
        e.title for e in overdue_by_agency(supervisor, today=date(2026, 12, 10))
    ]


@pytest.mark.django_db
def test_the_api_answers_once_every_case_is_recomputed(
    api_client, agency, handler, admin_user, on_day, client
):
    on_day("2026-12-10")
    open_cases = cases(agency, handler, 3)
    response = api_client(admin_user).put(
        "/api/v1/staff/calendar/2027", {"holidays": [d.isoformat() for d in sorted(SCHEDULE_2027.holidays)]}
    )
    assert response.status_code == 200
    assert not Application.objects.filter(deadline_recompute_year__isnull=False).exists()
    assert all(len(recomputed_events(c)) == 1 for c in open_cases)


@pytest.mark.django_db
def test_the_workbench_marks_a_case_waiting_for_its_recompute(client, agency, handler, on_day):
    on_day("2026-12-10")
    (case,) = cases(agency, handler, 1)
    Application.objects.filter(pk=case.pk).update(deadline_recompute_year=2027)
    client.force_login(handler)
    html = client.get("/staff/foi/?queue=open").content.decode()
    assert "期限重算中" in html
    assert "1件申请的答复期限正按调整后的节假日安排重新计算" in html


@pytest.mark.django_db
def test_the_hourly_sweep_finishes_a_recompute_a_dead_process_left(
    agency, handler, on_day, admin_user, monkeypatch
):
    from zwgk.foi.reminders import reminders_send

    on_day("2026-12-10")
    (case,) = cases(agency, handler, 1)

    def die(**kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(deadlines_module, "applications_recompute_deadlines", die)
    with pytest.raises(SystemExit):
        calendar_year_replace(actor=admin_user, schedule=SCHEDULE_2027, source="test")
    monkeypatch.undo()
    on_day("2026-12-10")
    case.refresh_from_db()
    assert (case.due_on, case.deadline_recompute_year) == (date(2027, 1, 8), 2027)
    reminders_send(today=date(2026, 12, 10))
    case.refresh_from_db()
    assert (case.due_on, case.deadline_recompute_year) == (date(2027, 1, 11), None)
    assert len(recomputed_events(case)) == 1
