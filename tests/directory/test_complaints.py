"""Complaints (申诉) about a public enterprise's disclosure: routing, the deadline in working days
on the platform calendar, answering, the result to the complainant, the overdue report."""

from datetime import date

import pytest

from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.directory import complaints
from zwgk.directory.models import Complaint, ComplaintOutcome, ComplaintState
from zwgk.directory.todos import complaints_to_answer, overdue_by_department

pytestmark = pytest.mark.django_db


def _file(unit, received_on=date(2025, 6, 3), **kw):
    fields = {
        "name": "张先生",
        "subject": "营业时间不符",
        "body": "公布的时间与实际不符。",
        "email": "z@example.cn",
    }
    fields.update(kw)
    return complaints.complaint_file(
        filing=complaints.Filing(organization=unit, **fields), received_on=received_on
    )


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        # Plain weeks after 端午 2025 (5月31日—6月2日).
        (date(2025, 6, 3), date(2025, 6, 24)),
        # 国庆中秋 2025: 10月1日—8日 off; 9月28日 (Sun) and 10月11日 (Sat) worked.
        (date(2025, 9, 26), date(2025, 10, 23)),
        # Received on a holiday: counting starts with the next working day.
        (date(2025, 10, 3), date(2025, 10, 28)),
        # 春节 2026: 2月15日—23日 off; 2月14日 and 2月28日 (Saturdays) worked.
        (date(2026, 2, 10), date(2026, 3, 9)),
    ],
)
def test_the_answer_is_due_fifteen_working_days_after_receipt(enterprise, received_on, due_on):
    assert _file(enterprise, received_on=received_on).due_on == due_on


def test_the_number_of_working_days_is_configurable(enterprise, settings):
    settings.ZWGK_COMPLAINT_ANSWER_WORKDAYS = 5
    # 2025-09-26 + 5 working days: 9/28 (make-up Sunday), 9/29, 9/30, 10/9, 10/10.
    assert _file(enterprise, received_on=date(2025, 9, 26)).due_on == date(2025, 10, 10)


def test_routed_to_the_competent_department_and_numbered(enterprise, agency):
    complaint = _file(enterprise)
    assert complaint.department == agency
    assert complaint.number == f"SS2025-{complaint.pk:05d}"
    assert complaint.state == ComplaintState.OPEN and len(complaint.token) >= 32


def test_a_contact_is_required_and_only_enterprises_are_complained_about(enterprise, agency):
    with pytest.raises(ValidationFailed):
        _file(enterprise, email="", phone="")
    with pytest.raises(ValidationFailed):
        _file(agency)


def test_the_department_answers_and_the_complainant_gets_the_result(
    enterprise, agency, make_staff, mailoutbox, django_capture_on_commit_callbacks
):
    complaint = _file(enterprise)
    answerer = make_staff(agency, "editor")
    with django_capture_on_commit_callbacks(execute=True):
        complaints.complaint_answer(
            actor=answerer, complaint_id=complaint.pk, outcome=ComplaintOutcome.UPHELD,
            answer="经核查属实，已责令一周内更正。", answered_on=date(2025, 6, 10),
        )  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.ANSWERED and complaint.answered_by == answerer
    assert [m.to for m in mailoutbox] == [["z@example.cn"]]
    assert complaint.number in mailoutbox[0].subject
    assert "已责令一周内更正" in mailoutbox[0].body and complaint.token in mailoutbox[0].body
    with pytest.raises(ValidationFailed):
        complaints.complaint_answer(
            actor=answerer, complaint_id=complaint.pk, outcome=ComplaintOutcome.REJECTED,
            answer="再答", answered_on=date(2025, 6, 11),
        )  # fmt: skip


def test_only_the_competent_department_answers(enterprise, other_agency, make_staff, city):
    complaint = _file(enterprise)
    for user in (
        make_staff(other_agency, "editor"),
        make_staff(city, "supervisor"),
        make_staff(enterprise, "editor"),
    ):
        with pytest.raises(NotPermitted):
            complaints.complaint_answer(
                actor=user, complaint_id=complaint.pk, outcome=ComplaintOutcome.REJECTED,
                answer="不成立", answered_on=date(2025, 6, 10),
            )  # fmt: skip
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.OPEN


def test_the_overdue_report_lists_open_complaints_past_their_last_day(enterprise, agency, make_staff, city):
    on_time = _file(enterprise, received_on=date(2025, 9, 26))  # due 2025-10-23
    late = _file(enterprise, received_on=date(2025, 6, 3))  # due 2025-06-24
    answered = _file(enterprise, received_on=date(2025, 6, 3))
    complaints.complaint_answer(
        actor=make_staff(agency, "office_head"), complaint_id=answered.pk, outcome=ComplaintOutcome.PARTLY,
        answer="部分属实。", answered_on=date(2025, 6, 20),
    )  # fmt: skip
    supervisor = make_staff(city, "supervisor")
    # On its last day a complaint is not overdue yet; the day after it is.
    assert list(complaints.overdue_complaints(supervisor, today=date(2025, 6, 24))) == []
    assert list(complaints.overdue_complaints(supervisor, today=date(2025, 6, 25))) == [late]
    assert list(complaints.overdue_complaints(supervisor, today=date(2025, 10, 24))) == [late, on_time]
    [entry] = overdue_by_department(supervisor, today=date(2025, 6, 25))
    assert entry.count == 1 and entry.overdue and entry.due_on == date(2025, 6, 24)
    assert "市司法局" in entry.title
    # Another agency's editor sees none of them; the department's editor has two to answer.
    assert overdue_by_department(make_staff(agency, "editor"), today=date(2025, 10, 24)) == []
    [todo] = complaints_to_answer(make_staff(agency, "editor"), today=date(2025, 6, 25))
    assert todo.count == 2 and todo.overdue and todo.due_on == date(2025, 6, 24)


def test_a_calendar_change_moves_open_deadlines(enterprise):
    from zwgk.core.calendars import calendar_year_as_json, calendar_year_replace
    from zwgk.core.workdays import YearSchedule

    complaint = _file(enterprise, received_on=date(2025, 6, 3))
    year = calendar_year_as_json(2025)
    holidays = {date.fromisoformat(d) for d in year["holidays"]} | {date(2025, 6, 10)}
    makeup = {date.fromisoformat(d) for d in year["workdays"]}
    calendar_year_replace(
        actor=None,
        schedule=YearSchedule(year=2025, holidays=frozenset(holidays), makeup_days=frozenset(makeup)),
    )
    complaint.refresh_from_db()
    assert complaint.due_on == date(2025, 6, 25)
