"""Deadlines in a year with no loaded schedule (RULES §1): counted on the law's provisional
calendar and printed "（暂定）" in the case, the e-mails, the letters and the tracking page.

2027 is not loaded (chinese-calendar ends in 2026). Its provisional days off are typed from
RULES §1 (Jan 1; Feb 5, 8, 9, 10; ...); every expected date below was counted by hand on them.
"""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import altcha_solved
from tests.foi.factories import ApplicantFactory, ev, register_case
from zwgk.casework.documents import read_docx_text
from zwgk.casework.letters import letter_docx
from zwgk.casework.models import Letter
from zwgk.casework.notices import compose
from zwgk.core.errors import ValidationFailed
from zwgk.core.models import CalendarYear
from zwgk.foi import services
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def test_a_reply_due_over_yuandan_2027_skips_it(agency, handler):
    # Received Mon 2026-12-07: 12-08..11 (4), 12-14..18 (9), 12-21..25 (14), 12-28..31 (18),
    # Fri 2027-01-01 元旦 off, Mon 01-04 (19), Tue 01-05 (20). Weekends-only gave 01-04.
    case = register_case(agency, handler, received_on="2026-12-07")
    assert (case.due_on, case.due_provisional) == (D("2027-01-05"), True)


def test_a_reply_due_before_2027_is_not_provisional(agency, handler):
    case = register_case(agency, handler, received_on="2026-11-02")  # due Mon 11-30
    assert (case.due_on, case.due_provisional) == (D("2026-11-30"), False)


def test_the_registration_email_marks_the_provisional_due_date(
    agency, handler, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory(email="zhang@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        register_case(agency, handler, received_on="2026-12-07", applicant=applicant)
    body = mailoutbox[-1].body
    assert "答复期限：2027年01月05日（暂定）。" in body
    assert "安排公布后可能调整" in body


def _extended_case(agency, handler, office_head, on_commit):
    # Received Mon 2026-11-09, due Mon 12-07 (11-10..13, 16..20, 23..27, 11-30..12-04, 12-07).
    # Extended by 20 on 12-01: 12-08..11 (4), 14..18 (9), 21..25 (14), 28..31 (18), 元旦 off,
    # 2027-01-04 (19), 01-05 (20).
    applicant = ApplicantFactory(email="zhang@example.cn", name="张明")
    case = register_case(agency, handler, received_on="2026-11-09", today="2026-12-01", applicant=applicant)
    assert case.due_on == D("2026-12-07")
    with on_commit(execute=True):
        appended = services.application_append_event(
            actor=office_head,
            application_id=case.pk,
            event=ev("extended", "2026-12-01", workdays=20, reason="需调取档案室历史文件"),
            today=D("2026-12-01"),
        )
    return Application.objects.get(pk=case.pk), appended.event


def test_the_extension_notice_letter_prints_the_provisional_date(
    agency,
    handler,
    office_head,
    django_capture_on_commit_callbacks,
):
    case, event = _extended_case(agency, handler, office_head, django_capture_on_commit_callbacks)
    assert (case.due_on, case.due_provisional) == (D("2027-01-05"), True)
    letter = Letter.objects.get(event=event)
    text = read_docx_text(letter_docx(letter))
    assert "延长后的答复期限为2027年1月5日（暂定）" in text
    assert "2027年1月4日" not in text
    assert "当前答复期限：2027年01月05日（暂定）。" in compose(letter).body  # the letter's e-mail


def test_the_extension_email_marks_the_provisional_date(
    agency,
    handler,
    office_head,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _extended_case(agency, handler, office_head, django_capture_on_commit_callbacks)
    bodies = [m.body for m in mailoutbox if "延长" in m.subject]
    assert bodies and "延长后的答复期限：2027年01月05日（暂定）。" in bodies[-1]


def test_the_correction_notice_marks_a_provisional_period_end(agency, handler):
    # Received 2026-12-21, correction asked 12-23 with 10 working days: 12-24, 25, 28..31 (6),
    # 元旦 off, 2027-01-04..07 (10).
    case = register_case(agency, handler, received_on="2026-12-21", today="2026-12-23")
    appended = services.application_append_event(
        actor=handler,
        application_id=case.pk,
        event=ev("correction_requested", "2026-12-23", period_workdays=10, note="请写明文号"),
        today=D("2026-12-23"),
    )
    text = read_docx_text(letter_docx(Letter.objects.get(event=appended.event)))
    assert "2027年1月7日（暂定）" in text


def test_the_tracking_page_and_api_mark_the_provisional_date(client, api_client, agency, handler):
    case = register_case(agency, handler, received_on="2026-12-07")
    form = {"code": case.tracking_code, "altcha": altcha_solved(client)}
    page = client.post(reverse("portal:foi_track"), form).content.decode()
    assert "2027-01-05（暂定）" in page
    body = api_client().get(f"/api/v1/applications/track/{case.tracking_code}").json()
    assert (body["due_on"], body["due_provisional"]) == ("2027-01-05", True)


def test_loading_2027_replaces_the_provisional_calendar_and_recomputes(
    api_client, agency, handler, admin_user
):
    case = register_case(agency, handler, received_on="2026-12-07")
    # A made-up official 2027 that also gives Mon 01-04 off: the due date moves to Wed 01-06.
    response = api_client(admin_user).put(
        "/api/v1/staff/calendar/2027",
        {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"], "workdays": []},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert (case.due_on, case.due_provisional) == (D("2027-01-06"), False)
    assert case.events.order_by("seq").last().type == "calendar_recomputed"


# --- receipt dates before the earliest loaded year (RULES §1) ---------------------------------


@pytest.fixture
def loaded_from_2019(db):
    """A database whose earliest schedule is 2019 (as seeded before chinese-calendar 1.11)."""
    CalendarYear.objects.filter(year__lt=2019).delete()


def test_the_service_refuses_a_receipt_date_before_the_earliest_loaded_year(
    agency, handler, loaded_from_2019
):
    with pytest.raises(ValidationFailed) as exc:
        register_case(agency, handler, received_on="2018-12-28", today="2026-03-02")
    assert "2018-12-28" in exc.value.fields["received_on"] and "2019年" in exc.value.fields["received_on"]
    assert not Application.objects.exists()
    register_case(agency, handler, received_on="2019-01-02", today="2026-03-02")  # the first loaded year


def test_the_api_refuses_a_receipt_date_before_the_earliest_loaded_year(
    api_client, agency, handler, loaded_from_2019
):
    from tests.foi.test_api import BODY

    response = api_client(handler).post(
        "/api/v1/staff/applications", {**BODY, "channel": "post", "received_on": "2018-12-28"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert "2019年" in error["fields"]["received_on"]


def test_the_back_office_form_refuses_a_receipt_date_before_the_earliest_loaded_year(
    client, agency, handler, loaded_from_2019
):
    client.force_login(handler)
    data = {
        "organization": agency.pk,
        "channel": "letter",
        "received_on": "2018-12-28",
        "applicant_type": "natural_person",
        "applicant_name": "刘建国",
        "id_type": "resident_id",
        "id_number": "",
        "phone": "0411-83630000",
        "address": "辽宁省大连市西岗区长江路2号",
        "description": "请提供本局2018年行政复议案件数量。",
        "info_form": "paper",
        "delivery": "post",
    }
    response = client.post(reverse("backoffice:foi_register"), data)
    assert response.status_code == 400
    assert "早于已载入的最早节假日安排（2019年）" in response.content.decode()
    assert not Application.objects.exists()


def test_the_earliest_year_is_the_package_first_year_when_fully_seeded(agency, handler):
    # chinese-calendar 1.11 starts in 2004, before the Regulations (2008-05-01): that limit holds.
    from zwgk.core.calendars import calendar_first_day

    assert calendar_first_day() == D("2004-01-01")
    with pytest.raises(ValidationFailed) as exc:
        register_case(agency, handler, received_on="2008-04-30", today="2026-03-02")
    assert "2008年5月1日" in exc.value.fields["received_on"]


def test_the_recompute_command_updates_deadlines_stored_by_an_older_count(agency, handler):
    """Before decision 0012 an unloaded 2027 was weekends only and 12-07's case was stored as due
    2027-01-04; `calendar recompute 2027` re-derives it on the provisional calendar."""
    from io import StringIO

    from django.core.management import call_command

    case = register_case(agency, handler, received_on="2026-12-07", today="2026-12-07")
    Application.objects.filter(pk=case.pk).update(due_on=D("2027-01-04"))
    call_command("calendar", "recompute", "2027", stdout=StringIO())
    case.refresh_from_db()
    assert (case.due_on, case.due_provisional) == (D("2027-01-05"), True)
    event = case.events.order_by("seq").last()
    assert event.type == "calendar_recomputed"
    assert (event.payload["due_on_before"], event.payload["due_on_after"]) == ("2027-01-04", "2027-01-05")


def test_the_due_soon_reminder_to_staff_marks_the_provisional_date(agency, make_staff, mailoutbox):
    from zwgk.foi.reminders import reminders_send

    handler = make_staff(agency, "handler", username="zhao")
    handler.email = "zhao@sfj.dl.gov.cn"
    handler.save()
    register_case(agency, handler, received_on="2026-12-07")  # due 2027-01-05 (provisional)
    # 12-30: three working days left (12-31, 元旦 off, 01-04, 01-05)
    assert reminders_send(today=D("2026-12-30")) == {"due_soon": 1}
    assert "2027年01月05日（暂定）" in mailoutbox[-1].subject
    assert "答复期限为2027年01月05日（暂定），还剩3个工作日" in mailoutbox[-1].body
