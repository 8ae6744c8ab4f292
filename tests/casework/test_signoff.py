"""Letters pass sign-off (the review engine, kind foi.letter) before the applicant sees them."""

import pytest
from django.core import mail, signing
from django.utils import timezone

from tests.casework.steps import D, new_case, reply, step
from zwgk.casework import letters
from zwgk.casework.documents import read_docx_text
from zwgk.casework.models import LetterState, LetterTemplate
from zwgk.casework.replies import reply_awaiting_signoff
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.review.models import ReviewRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(dalian_office, handler):
    return new_case(dalian_office, handler)


def test_a_handlers_reply_waits_for_sign_off_and_the_case_stays_open(case, handler):
    letter = reply(case, handler, "2026-03-20", "3.1")
    assert letter.state == LetterState.SUBMITTED
    assert letters.issued_letters_public(case) == []
    case.refresh_from_db()
    assert case.state == "in_progress" and case.closed_on is None and case.outcome == ""
    assert reply_awaiting_signoff(case) == letter


def test_a_letter_with_blanks_cannot_go_for_sign_off(case, handler):
    letter = reply(case, handler, "2026-03-20", "3.2")
    assert letter.state == LetterState.DRAFT
    assert letter.body.count("【待填写") == 3
    with pytest.raises(ValidationFailed) as exc:
        letters.letter_submit(actor=handler, letter_id=letter.pk)
    assert exc.value.code == "letter_incomplete"


def test_signed_off_letters_are_issued_and_visible_without_personal_data(
    case, handler, reviewer, django_capture_on_commit_callbacks
):
    letter = letters.letter_draft(actor=handler, application_id=case.pk, kind="reply", variant="3.1")
    letters.letter_update(actor=handler, letter_id=letter.pk, body=letter.body + "\n附件：经费明细表。")
    assert reply(case, handler, "2026-03-20", "3.1").pk == letter.pk  # the draft is taken over
    assert ReviewRequest.objects.get(object_id=letter.pk).kind == "foi.letter"
    assert letters.issued_letters_public(case) == []
    with pytest.raises(NotPermitted):
        letters.letter_approve(actor=handler, letter_id=letter.pk)

    with django_capture_on_commit_callbacks(execute=True):
        letters.letter_approve(actor=reviewer, letter_id=letter.pk, comment="同意")
    letter.refresh_from_db()
    assert letter.state == LetterState.ISSUED and letter.issued_at and letter.docx
    # The case closes on the day of the last sign-off, the letter's 落款日期.
    case.refresh_from_db()
    assert case.state == "closed" and case.outcome == "3.1"
    assert case.closed_on == letter.letter_date == timezone.localdate() == letter.event.on
    (public,) = letters.issued_letters_public(case)
    assert public["kind"] == "reply" and public["outcome"] == "3.1"
    assert "附件：经费明细表。" in public["text"]
    assert "张明" not in public["text"] and "张某" in public["text"]

    # The e-mail carries the signed letter itself, to the applicant's own address.
    # (the timeline's own 答复 notice goes out with it, now at sign-off rather than before it)
    (message,) = [m for m in mail.outbox if m.attachments]
    assert message.to == [case.email]
    (name, content, _type) = message.attachments[0]
    assert name.endswith(".docx") and "张明：" in read_docx_text(content)


def test_a_returned_letter_goes_back_to_draft_for_editing(case, handler, reviewer):
    letter = reply(case, handler, "2026-03-20", "3.1")
    letters.letter_return(actor=reviewer, letter_id=letter.pk, comment="请写明附件名称")
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT
    letters.letter_update(actor=handler, letter_id=letter.pk, body=letter.body + "\n附件：明细表。")
    assert letters.letter_submit(actor=handler, letter_id=letter.pk).state == LetterState.SUBMITTED


def test_a_reviewer_recording_the_step_signs_the_letter_at_once(case, handler, reviewer, make_staff, agency):
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    letter = step(case, signer, "correction_requested", "2026-03-04", period_workdays=10, note="请写明年度")
    assert letter.state == LetterState.ISSUED
    assert ReviewRequest.objects.get(object_id=letter.pk).state == "approved"


def test_a_reviewers_letter_with_blanks_still_waits_as_a_draft(case, make_staff, agency):
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    letter = step(case, signer, "correction_requested", "2026-03-04", period_workdays=10, note="")
    assert letter.state == LetterState.DRAFT  # the items to correct are still to be written


def test_a_reply_drafted_ahead_closes_the_case_when_signed_off(case, handler, reviewer):
    draft = letters.letter_draft(
        actor=handler, application_id=case.pk, kind="reply", variant="3.1", today=D("2026-03-18")
    )
    letters.letter_submit(actor=handler, letter_id=draft.pk)
    case.refresh_from_db()
    assert case.state == "in_progress" and reply_awaiting_signoff(case) == draft
    letters.letter_approve(actor=reviewer, letter_id=draft.pk)
    draft.refresh_from_db()
    case.refresh_from_db()
    assert draft.state == LetterState.ISSUED and draft.event.type == "replied"
    assert case.state == "closed" and case.closed_on == draft.letter_date == timezone.localdate()
    assert reply_awaiting_signoff(case) is None


def test_consultation_letters_never_reach_the_applicant(case, reviewer, make_staff, agency):
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    letter = step(case, signer, "consultation_started", "2026-03-04", party="某公司", kind="third_party")
    assert letter.state == LetterState.ISSUED
    assert letters.issued_letters_public(case) == []


def test_other_agencies_staff_cannot_read_letters(case, handler, other_handler, supervisor):
    letter = reply(case, handler, "2026-03-20", "3.1")
    for outsider in (other_handler, supervisor):
        with pytest.raises(letters.Letter.DoesNotExist):
            letters.access_letter(outsider, letter.pk)


def test_the_public_link_is_signed_and_serves_the_scrubbed_copy(case, handler, make_staff, agency, client):
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    step(case, signer, "replied", "2026-03-20", outcome="3.1")
    (public,) = letters.issued_letters_public(case)
    response = client.get(public["docx_url"])
    assert response.status_code == 200
    text = read_docx_text(response.content)
    assert "张某：" in text and "张明" not in text
    forged = signing.dumps({"l": 999999}, salt="wrong")
    assert client.get(f"/track/letters/{forged}/").status_code == 404


def test_administrators_edit_templates_within_the_checklist(case, handler, admin_user):
    body, version = letters.template_current("reply", "3.1")
    assert version == 0
    with pytest.raises(NotPermitted):
        letters.template_save(actor=handler, kind="reply", variant="3.1", body=body)
    with pytest.raises(ValidationFailed):
        letters.template_save(
            actor=admin_user, kind="reply", variant="3.1", body=body.replace("行政诉讼", "诉讼")
        )
    letters.template_save(
        actor=admin_user, kind="reply", variant="3.1", body=body + "\n（本机关已在门户网站公开。）"
    )
    assert LetterTemplate.objects.get().version == 1
    letter = reply(case, handler, "2026-03-20", "3.1")
    assert letter.template_version == 1 and "（本机关已在门户网站公开。）" in letter.body


def test_the_letter_email_goes_once_when_a_lost_workers_task_runs_again(
    case, handler, reviewer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """At-least-once delivery (core/task_claims): the retry of a sent letter e-mail sends nothing."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from zwgk.core.management.commands.db_worker import ResilientWorker
    from zwgk.core.task_claims import heartbeat_beat, task_claims_recover

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    letter = reply(case, handler, "2026-03-20", "3.1")  # prepared and sent for sign-off
    with django_capture_on_commit_callbacks(execute=True):
        letters.letter_approve(actor=reviewer, letter_id=letter.pk, comment="同意")
    task = DBTaskResult.objects.get(task_path="zwgk.casework.tasks.notify_letter_issued")

    def run_as(worker_id: str) -> None:
        row = DBTaskResult.objects.get(pk=task.pk)
        row.claim(worker_id)
        ResilientWorker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run_task(row)

    now = timezone.now()
    heartbeat_beat(worker_id="worker-a", now=now - timedelta(minutes=5))
    run_as("worker-a")  # the e-mail went; then the worker was killed before recording the end
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.RUNNING, finished_at=None)
    assert task_claims_recover(now=now).requeued == [str(task.pk)]
    run_as("worker-b")

    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.SUCCESSFUL
    (message,) = mail.outbox
    assert message.to == [case.email] and message.attachments
