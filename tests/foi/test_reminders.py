"""Reminders: what is due, to whom, once each, and that they run in the real worker."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from tests.foi.factories import ev, register_case
from zwgk.core import schedule
from zwgk.foi.models import ReminderSent
from zwgk.foi.reminders import reminders_send

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.fixture
def staff(agency, make_staff):
    handler = make_staff(agency, "handler", username="zhao")
    handler.email = "zhao@sfj.dl.gov.cn"
    handler.save()
    head = make_staff(agency, "office_head", username="chen")
    head.email = "chen@sfj.dl.gov.cn"
    head.save()
    return handler, head


def test_due_soon_goes_to_the_handler_and_the_office_head_once(agency, staff):
    handler, _ = staff
    register_case(agency, handler, received_on="2026-03-02")  # due 03-30
    assert reminders_send(today=D("2026-03-24")) == {}  # 4 working days left
    assert reminders_send(today=D("2026-03-25")) == {"due_soon": 1}
    assert sorted(mail.outbox[0].to) == ["chen@sfj.dl.gov.cn", "zhao@sfj.dl.gov.cn"]
    assert "2026年03月30日" in mail.outbox[0].subject
    assert reminders_send(today=D("2026-03-26")) == {}  # once
    assert len(mail.outbox) == 1


def test_overdue_is_reminded_once(agency, staff):
    handler, _ = staff
    register_case(agency, handler, received_on="2026-03-02")
    assert reminders_send(today=D("2026-03-31"))["overdue"] == 1
    assert reminders_send(today=D("2026-04-01")) == {}


def test_correction_period_over_proposes_3_6_1(agency, staff):
    handler, _ = staff
    history = [ev("correction_requested", "2026-03-05", period_workdays=10)]
    register_case(agency, handler, received_on="2026-03-02", today="2026-03-05", history=history)
    assert reminders_send(today=D("2026-03-19")) == {}  # the period's last day
    assert reminders_send(today=D("2026-03-20")) == {"correction_over": 1}
    assert "3.6.1" in mail.outbox[-1].body


def test_consultation_answer_due(agency, staff):
    handler, _ = staff
    history = [ev("consultation_started", "2026-03-02", party="甲公司", kind="third_party")]
    register_case(agency, handler, received_on="2026-03-02", today="2026-03-02", history=history)
    assert "consultation_due" not in reminders_send(today=D("2026-03-20"))
    assert reminders_send(today=D("2026-03-23"))["consultation_due"] == 1  # 15th working day


def test_fee_period_over(agency, staff):
    handler, _ = staff
    history = [ev("fee_notice_sent", "2026-03-03", basis="per_page", quantity=40)]
    register_case(agency, handler, received_on="2026-03-02", today="2026-03-03", history=history)
    assert "fee_due" not in reminders_send(today=D("2026-03-31"))
    sent = reminders_send(today=D("2026-04-01"))
    assert sent["fee_due"] == 1 and "3.6.2" in mail.outbox[-1].body


def test_reminders_never_carry_personal_data(agency, staff):
    handler, _ = staff
    case = register_case(agency, handler, received_on="2026-03-02")
    reminders_send(today=D("2026-03-31"))
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert case.tracking_code in text
    for value in (case.id_number, case.phone, case.email, case.applicant_name):
        assert value not in text


def test_unassigned_cases_go_to_all_handlers(agency, staff, make_staff):
    register_case(agency, None, received_on="2026-03-02")
    reminders_send(today=D("2026-03-31"))
    assert sorted(mail.outbox[0].to) == ["chen@sfj.dl.gov.cn", "zhao@sfj.dl.gov.cn"]


def test_reminders_are_registered_as_a_periodic_job():
    job = schedule.JOBS["foi.reminders"]
    assert job.every_minutes == 60


@pytest.mark.django_db(transaction=True)
def test_reminders_run_in_the_database_worker(agency, staff, settings):
    from zwgk.foi.tasks import send_reminders

    handler, _ = staff
    case = register_case(agency, handler, received_on="2025-03-03", today="2025-03-03")  # long overdue
    # The real queue (django-tasks resets its backends when TASKS changes).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_reminders.enqueue()
    assert type(send_reminders.get_backend()).__name__ == "DatabaseBackend"
    assert ReminderSent.objects.count() == 0  # only queued so far
    call_command("db_worker", "--batch", "--no-startup-delay")
    result.refresh()
    assert result.status == "SUCCESSFUL", result
    assert ReminderSent.objects.filter(application=case, kind="overdue").exists()
    assert any(case.tracking_code in m.subject for m in mail.outbox)
