"""Issue 19 item 10: a case is not closed while its reply letter is unsigned (decision 0016).

Through the service, the API, the case page and the annual report; the letter queues the
workbench reads; a reply chain with a 保密审查 step.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.casework.steps import D, new_case, reply, step
from tests.factories import altcha_solved
from zwgk.casework import letters
from zwgk.casework.models import LetterState
from zwgk.casework.replies import letters_awaiting_signoff, letters_unsent, reply_awaiting_signoff
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.foi.models import Application
from zwgk.reports import selectors as report_selectors
from zwgk.reports.supervision import supervision_overview
from zwgk.review.chains import StepSpec, signoff_chain_save
from zwgk.review.models import ReviewRequest

pytestmark = pytest.mark.django_db

SIGN_OFF_DAY = "2026-04-02"


@pytest.fixture
def case(dalian_office, handler, on_day):
    on_day("2026-03-02")
    return new_case(dalian_office, handler)


@pytest.fixture
def reply_chain(admin_user, agency, make_staff):
    """科室负责人审核 → 保密审查 for the agency's reply letters."""
    signoff_chain_save(
        actor=admin_user,
        organization=agency,
        kind="foi.letter",
        subkind="reply",
        steps=[StepSpec("section_head", "科室负责人审核"), StepSpec("secrecy_reviewer", "保密审查")],
    )
    return {
        "section_head": make_staff(agency, "section_head", username="sfj_kz"),
        "secrecy": make_staff(agency, "secrecy_reviewer", username="sfj_bm"),
    }


def test_an_unsigned_reply_leaves_the_case_open_with_its_due_date_running(case, handler, reviewer, on_day):
    on_day("2026-03-20")
    due_before = Application.objects.get(pk=case.pk).due_on
    letter = reply(case, handler, "2026-03-20", "3.1")
    case.refresh_from_db()
    assert letter.state == LetterState.SUBMITTED and letter.event is None
    assert (case.state, case.outcome, case.closed_on, case.due_on) == ("in_progress", "", None, due_before)
    assert reply_awaiting_signoff(case) == letter
    assert not case.events.filter(type="replied").exists()
    # Still due, and overdue once its date passes while the letter waits.
    assert Application.objects.open().filter(pk=case.pk).exists()
    assert Application.objects.overdue(on=D("2026-03-31")).filter(pk=case.pk).exists()

    on_day(SIGN_OFF_DAY)
    letters.letter_approve(actor=reviewer, letter_id=letter.pk, comment="同意")
    case.refresh_from_db()
    letter.refresh_from_db()
    assert letter.state == LetterState.ISSUED
    # Closed on the day it was signed off: the letter's 落款日期 and the `replied` event's date.
    assert (case.state, case.outcome, case.closed_on) == ("closed", "3.1", D(SIGN_OFF_DAY))
    assert letter.letter_date == letter.event.on == D(SIGN_OFF_DAY)
    assert reply_awaiting_signoff(case) is None


def test_a_second_reply_while_one_waits_is_refused(case, handler, on_day):
    on_day("2026-03-20")
    reply(case, handler, "2026-03-20", "3.1")
    with pytest.raises(Conflict) as exc:
        reply(case, handler, "2026-03-20", "3.1")
    assert exc.value.code == "reply_awaiting_signoff"


def test_a_reply_the_timeline_would_refuse_is_not_sent_for_sign_off(case, handler, on_day):
    on_day("2026-03-20")
    with pytest.raises(ValidationFailed):
        reply(case, handler, "2026-03-20", "9.9")
    with pytest.raises(Conflict):  # 3.6.1 needs a correction pending
        reply(case, handler, "2026-03-20", "3.6.1")
    assert not case.letters.exists()


def test_a_caller_who_may_sign_off_issues_at_once_on_the_date_given(case, make_staff, agency, on_day):
    on_day("2026-03-20")
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    letter = reply(case, signer, "2026-03-19", "3.1")
    case.refresh_from_db()
    assert letter.state == LetterState.ISSUED and letter.letter_date == D("2026-03-19")
    assert (case.state, case.closed_on) == ("closed", D("2026-03-19"))
    assert ReviewRequest.objects.get(object_id=letter.pk, kind="foi.letter").author is None


def test_a_signers_reply_with_blanks_waits_as_a_draft_and_the_case_stays_open(
    case, make_staff, agency, on_day
):
    on_day("2026-03-20")
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    letter = reply(case, signer, "2026-03-20", "3.2")  # 3.2 has parts to write in
    case.refresh_from_db()
    assert letter.state == LetterState.DRAFT and case.state == "in_progress"
    assert not case.events.filter(type="replied").exists()


def test_a_reply_chain_with_secrecy_review_closes_the_case_at_its_last_step(
    case, handler, reply_chain, on_day, make_staff, agency, client
):
    on_day("2026-03-20")
    letter = reply(case, handler, "2026-03-20", "3.1")
    assert list(letters_awaiting_signoff(reply_chain["section_head"])) == [letter]
    assert list(letters_awaiting_signoff(reply_chain["secrecy"])) == []
    assert list(letters_unsent(handler)) == [letter]
    # The 科室负责人 reads the letter and decides on its page, the chain shown there.
    client.force_login(reply_chain["section_head"])
    page = client.get(f"/staff/casework/letters/{letter.pk}/").content.decode()
    assert "审签：科室负责人审核" in page and "保密审查" in page
    req = ReviewRequest.objects.get(object_id=letter.pk, kind="foi.letter", state="pending")
    client.post(f"/staff/catalog/review/{req.pk}/decide/", {"decision": "approve", "comment": "事实清楚"})
    case.refresh_from_db()
    assert case.state == "in_progress"
    assert list(letters_awaiting_signoff(reply_chain["secrecy"])) == [letter]
    with pytest.raises(ValidationFailed):
        letters.letter_approve(actor=reply_chain["secrecy"], letter_id=letter.pk)

    on_day(SIGN_OFF_DAY)
    from zwgk.review.services import review_approve

    review_approve(actor=reply_chain["secrecy"], request_id=req.pk, secrecy_result="not_secret")
    case.refresh_from_db()
    assert (case.state, case.closed_on) == ("closed", D(SIGN_OFF_DAY))
    assert list(letters_unsent(handler)) == []
    assert list(letters_awaiting_signoff(reply_chain["secrecy"])) == []
    # A signer holding every post still goes through the chain when it has a 保密审查 step.
    everything = make_staff(agency, "handler", "section_head", "secrecy_reviewer", username="sfj_all")
    other = new_case(agency, handler, received_on="2026-03-23")
    waiting = reply(other, everything, SIGN_OFF_DAY, "3.1")
    assert waiting.state == LetterState.SUBMITTED


def test_the_extension_stays_the_office_heads_whatever_the_letter_chain(
    case, handler, make_staff, agency, admin_user
):
    signoff_chain_save(
        actor=admin_user,
        organization=agency,
        kind="foi.letter",
        subkind="extension_notice",
        steps=[StepSpec("deputy_leader", "分管领导审核")],
    )
    deputy = make_staff(agency, "handler", "deputy_leader", username="sfj_fg")
    with pytest.raises(NotPermitted) as exc:
        step(case, deputy, "extended", "2026-03-20", workdays=10, reason="档案较多")
    assert exc.value.code == "extension_needs_office_head"
    head = make_staff(agency, "office_head", username="sfj_head2")
    letter = step(case, head, "extended", "2026-03-20", workdays=10, reason="档案较多")
    # The office head approved the extension (Art. 33); its notice still goes to the 分管领导.
    assert letter.state == LetterState.DRAFT
    letters.letter_submit(actor=head, letter_id=letter.pk)
    assert list(letters_awaiting_signoff(deputy)) == [letter]


def test_letter_queues_are_per_signer_and_per_agency(
    case, handler, reviewer, other_handler, make_staff, agency
):
    letter = reply(case, handler, "2026-03-02", "3.1")
    assert list(letters_awaiting_signoff(reviewer)) == [letter]
    assert list(letters_awaiting_signoff(handler)) == []  # the drafter never signs it
    assert list(letters_awaiting_signoff(other_handler)) == []
    assert list(letters_unsent(other_handler)) == []
    other_reviewer = make_staff(agency, "reviewer", username="sfj_reviewer2")
    assert list(letters_awaiting_signoff(other_reviewer)) == [letter]


# --- the annual report and the overdue figures ---------------------------------------------------


def _supervision_row(user, organization, today):
    overview = supervision_overview(user, year=2026, today=D(today))
    return next(r for r in overview.rows if r.organization == organization)


def test_the_annual_report_and_overdue_figures_count_an_unsigned_reply_as_open(
    dalian_office, handler, reviewer, supervisor, on_day
):
    on_day("2026-03-02")
    case = new_case(dalian_office, handler)  # due 2026-03-30
    on_day("2026-03-20")
    letter = reply(case, handler, "2026-03-20", "3.1")
    rows = report_selectors.own_report(dalian_office, 2026)["part3"]["rows"]
    assert (rows["3.1"]["total"], rows["4"]["total"]) == (0, 1)  # 结转下年度继续办理
    row = _supervision_row(supervisor, dalian_office, "2026-03-31")
    assert (row.open, row.overdue) == (1, 1)  # the letter waits past the due date: overdue

    on_day(SIGN_OFF_DAY)
    letters.letter_approve(actor=reviewer, letter_id=letter.pk)
    rows = report_selectors.own_report(dalian_office, 2026)["part3"]["rows"]
    assert (rows["3.1"]["total"], rows["4"]["total"]) == (1, 0)
    row = _supervision_row(supervisor, dalian_office, SIGN_OFF_DAY)
    assert (row.open, row.overdue, row.closed, row.closed_on_time) == (0, 0, 1, 0)  # replied late
    # As it stood on 03-31 it was still open and overdue; signing later does not rewrite that.
    assert _supervision_row(supervisor, dalian_office, "2026-03-31").overdue == 1


# --- the API -----------------------------------------------------------------------------------


def test_through_the_api_a_handlers_reply_waits_and_a_signers_issues(
    api_client, case, handler, reviewer, on_day
):
    on_day("2026-03-20")
    url = f"/api/v1/staff/applications/{case.pk}"
    response = api_client(handler).post(
        f"{url}/events", {"type": "replied", "on": "2026-03-20", "outcome": "3.1"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "in_progress" and body["reply_awaiting_signoff"] is True
    assert body["due_on"] == "2026-03-30" and body["closed_on"] is None
    (letter,) = body["letters"]
    assert (letter["kind"], letter["state"]) == ("reply", "submitted")

    on_day(SIGN_OFF_DAY)
    letters.letter_approve(actor=reviewer, letter_id=letter["id"])
    body = api_client(handler).get(url).json()
    assert body["state"] == "closed" and body["closed_on"] == SIGN_OFF_DAY
    assert body["reply_awaiting_signoff"] is False and body["letters"][0]["state"] == "issued"
    # Invalid input is a 4xx in the API's format, never a 500.
    response = api_client(handler).post(
        f"{url}/events", {"type": "replied", "on": "2026-03-20", "outcome": "x"}
    )
    assert response.status_code in (400, 409) and "error" in response.json()


def test_imported_past_cases_carry_their_reply_date(api_client, agency, handler, on_day):
    on_day("2026-03-20")
    body = {
        "organization": "dl-sfj",
        "applicant": {"type": "natural_person", "name": "张明", "phone": "13912345678"},
        "title": "2025年度城市道路维修养护资金使用情况",
        "description": "请提供2025年度本市城市道路维修养护资金的预算和支出。",
        "delivery": "email",
        "channel": "post",
        "received_on": "2025-03-03",
        "events": [{"type": "replied", "on": "2025-03-20", "outcome": "3.1"}],
    }
    response = api_client(handler).post("/api/v1/staff/applications", body)
    assert response.status_code == 201, response.content
    case = response.json()
    assert (case["state"], case["closed_on"], case["reply_awaiting_signoff"]) == (
        "closed",
        "2025-03-20",
        False,
    )


# --- the case page -----------------------------------------------------------------------------


def test_the_case_page_records_the_reply_shows_it_waiting_then_closed(
    client, case, handler, reviewer, on_day
):
    on_day("2026-03-20")
    client.force_login(handler)
    response = client.post(
        f"/staff/foi/{case.pk}/events/replied/",
        {"replied-on": "2026-03-20", "replied-outcome": "3.1", "replied-note": ""},
    )
    letter = case.letters.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/casework/letters/{letter.pk}/"
    page = client.get(f"/staff/foi/{case.pk}/").content.decode()
    assert "答复待签发" in page and "已办结" not in page.split("<h1")[1].split("</p>")[0]
    assert "答复待签发" in client.get("/staff/foi/").content.decode()  # the case list says so too
    letter_page = client.get(f"/staff/casework/letters/{letter.pk}/").content.decode()
    assert "审签流程与记录" in letter_page and "待审签（当前步骤）" in letter_page

    on_day(SIGN_OFF_DAY)
    client.force_login(reviewer)
    req = ReviewRequest.objects.get(object_id=letter.pk, kind="foi.letter")
    response = client.post(
        f"/staff/catalog/review/{req.pk}/decide/",
        {"decision": "approve", "comment": "同意", "next": f"/staff/casework/letters/{letter.pk}/"},
    )
    assert response.status_code == 302
    client.force_login(handler)
    page = client.get(f"/staff/foi/{case.pk}/").content.decode()
    assert "答复待签发" not in page and "已办结" in page
    assert timezone.localdate() == D(SIGN_OFF_DAY)


# --- The applicant's view and a withdrawal while the reply waits (issue 19 leftovers) -------------


def test_the_tracking_page_and_api_say_the_reply_waits_for_sign_off(
    case, handler, reviewer, on_day, client, api_client
):
    on_day("2026-03-20")
    letter = reply(case, handler, "2026-03-20", "3.1")
    body = api_client().get(f"/api/v1/applications/track/{case.tracking_code}").json()
    assert (body["state"], body["state_label"], body["reply_awaiting_signoff"]) == (
        "in_progress",
        "答复待签发",
        True,
    )
    # The due date keeps running and is still shown; no reply and no letter yet.
    assert body["due_on"] == "2026-03-30" and body["reply"] is None and body["letters"] == []
    page = client.post(
        reverse("portal:foi_track"), {"code": case.tracking_code, "altcha": altcha_solved(client)}
    ).content.decode()
    assert "<strong>答复待签发</strong>" in page and "正在审签" in page and "办理中" not in page

    on_day(SIGN_OFF_DAY)
    letters.letter_approve(actor=reviewer, letter_id=letter.pk, comment="同意")
    body = api_client().get(f"/api/v1/applications/track/{case.tracking_code}").json()
    assert (body["state_label"], body["reply_awaiting_signoff"]) == ("已办结", False)
    assert body["reply"]["replied_on"] == SIGN_OFF_DAY


def test_withdrawing_the_case_cancels_the_reply_waiting_for_sign_off(case, handler, reviewer, on_day):
    from tests.casework.steps import step

    on_day("2026-03-20")
    letter = reply(case, handler, "2026-03-20", "3.1")
    assert list(letters_awaiting_signoff(reviewer)) == [letter]
    step(case, handler, "withdrawn", "2026-03-23")
    case.refresh_from_db()
    letter.refresh_from_db()
    assert (case.state, case.outcome) == ("closed", "3.6.3")
    # The sign-off request is cancelled (audited with its reason) and the letter back to draft:
    # off the signer's queue, off the handler's unsent letters, never issued.
    request = ReviewRequest.objects.for_target(letter).get()
    assert request.state == "cancelled"
    assert letter.state == LetterState.DRAFT and letter.event is None
    assert list(letters_awaiting_signoff(reviewer)) == []
    assert letter not in letters_unsent(handler)
    assert reply_awaiting_signoff(case) is None
    cancel = AuditEntry.objects.filter(verb="review.cancel").get()
    assert cancel.data["reason"] == "申请人撤回申请，答复书不再签发"
    with pytest.raises(Conflict):
        letters.letter_approve(actor=reviewer, letter_id=letter.pk, comment="同意")
