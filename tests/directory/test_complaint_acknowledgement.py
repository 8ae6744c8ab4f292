"""The complainant is told at once that the complaint arrived: the number, the competent
department and the last day to answer (provisional dates marked), by e-mail from the worker and
on the portal's confirmation page."""

from datetime import date

import pytest
from django.test import Client

from tests.directory.test_complaint_pages import _post
from tests.foi.conftest import on_day  # noqa: F401
from zwgk.directory import complaints
from zwgk.directory.models import Complaint, ComplaintOutcome


@pytest.mark.django_db
def test_the_acknowledgement_names_the_number_the_department_and_the_deadline(
    enterprise, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaints.complaint_file(
            filing=complaints.Filing(
                organization=enterprise, name="张先生", subject="营业时间不符", body="公布的时间与实际不符。",
                email="z@example.cn",
            ),
            received_on=date(2025, 6, 3),
        )  # fmt: skip
    [mail] = mailoutbox
    assert mail.to == ["z@example.cn"] and complaint.number in mail.subject
    assert f"申诉编号 {complaint.number}" in mail.body
    assert "办理部门：大连市司法局" in mail.body
    # 2025-06-03 + 15 working days (RULES §1, the platform calendar): 2025-06-24, not provisional.
    assert "答复期限：2025年06月24日（自收到之日起15个工作日内）。" in mail.body
    assert complaint.token in mail.body and "暂定" not in mail.body


@pytest.mark.django_db
def test_a_deadline_in_a_year_without_a_schedule_is_provisional_in_mail_page_and_api(
    client,
    enterprise,
    mailoutbox,
    django_capture_on_commit_callbacks,
    on_day,  # noqa: F811
):
    on_day("2026-12-15")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, enterprise)
    complaint = Complaint.objects.get()
    # 12-16..18 (3), 21..25 (8), 28..31 (12), 元旦 off by the holiday law, 2027-01-04..06 (15).
    assert (complaint.due_on, complaint.due_provisional) == (date(2027, 1, 6), True)
    body = mailoutbox[-1].body
    assert "答复期限：2027年01月06日（暂定）（自收到之日起15个工作日内）。" in body
    assert "安排公布后可能调整" in body
    page = client.get(response["Location"]).content.decode()
    assert f"申诉编号 <strong>{complaint.number}</strong>，由大连市司法局（该单位的主管部门）调查处理" in page
    assert "答复期限为2027年1月6日（暂定）（自收到之日起 15 个工作日内）" in page
    assert "申诉回执和调查结果将发送到您留下的电子邮箱" in page
    tracked = Client().get(f"/api/v1/public-enterprises/complaints/{complaint.token}").json()
    assert tracked["due_on"] == "2027-01-06" and tracked["due_provisional"] is True


@pytest.mark.django_db(transaction=True)
def test_the_acknowledgement_is_sent_by_the_worker_never_from_the_request(
    client, enterprise, mailoutbox, settings
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert _post(client, enterprise).status_code == 302
    assert mailoutbox == []  # the request only queued it
    queued = DBTaskResult.objects.get(task_path="zwgk.directory.tasks.acknowledge_complainant")
    call_command("db_worker", "--batch", "--no-startup-delay")
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    [mail] = mailoutbox
    assert Complaint.objects.get().number in mail.subject and mail.to == ["li@example.cn"]


@pytest.mark.django_db
def test_an_answer_before_the_worker_ran_takes_the_place_of_the_acknowledgement(
    enterprise, agency, make_staff
):
    complaint = complaints.complaint_file(
        filing=complaints.Filing(
            organization=enterprise, name="张先生", subject="营业时间不符", body="不符。", phone="13800000000"
        ),
        received_on=date(2025, 6, 3),
    )
    complaints.complaint_answer(
        actor=make_staff(agency, "editor"), complaint_id=complaint.pk, outcome=ComplaintOutcome.REJECTED,
        answer="经核查，公布的时间与实际一致。", answered_on=date(2025, 6, 5), today=date(2025, 6, 5),
    )  # fmt: skip
    assert complaints.notify_acknowledgement(complaint.pk) == 0
