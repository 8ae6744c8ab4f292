"""A 纠正 result, the new reply with its own letter, and appeals one after another (RULES §2.10,
issue 19 item 8). Letters are read back from the generated .docx with python-docx.

Received Mon 2026-03-02, replied 03-20; reconsideration filed 03-31, accepted Fri 04-03 under
the simplified procedure (decision due Wed 05-06: 30 days end Sun 05-03, in 劳动节 05-01..05-05).
"""

import pytest

from tests.casework.steps import D, close, new_case, step
from zwgk.casework import appeals, letters
from zwgk.casework.documents import read_docx_text
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.models import Letter
from zwgk.core.errors import Conflict
from zwgk.reports.facts import appeal_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(dalian_office, handler):
    case = new_case(dalian_office, handler)
    close(case, "2026-03-20", "3.3.5")
    record = appeals.appeal_file(
        actor=handler,
        application_id=case.pk,
        kind="reconsideration",
        on=D("2026-03-31"),
        body_name="大连市人民政府",
        case_number="大政复〔2026〕21号",
        today=D("2026-03-31"),
    )
    step(case, handler, "reconsideration_accepted", "2026-04-03", procedure="simplified")
    appeals.appeal_decide(
        actor=handler,
        filed_event_id=record.filed_event_id,
        on=D("2026-04-30"),
        result="corrected",
        today=D("2026-04-30"),
    )
    return case


def test_the_new_reply_letter_names_the_first_reply_and_the_correction(corrected, handler):
    letter = step(corrected, handler, "rereplied", "2026-05-08", outcome="3.1")
    assert (letter.kind, letter.outcome) == ("rereply", "3.1")
    text = read_docx_text(letters.letter_docx(letter))
    assert "政府信息公开申请重新答复告知书" in text
    assert "本机关已于2026年3月20日对该申请作出答复" in text
    assert "大连市人民政府于2026年4月30日作出行政复议决定，对该答复予以纠正" in text
    assert "本机关依法重新作出答复如下" in text
    assert "予以公开" in text and corrected.tracking_code in text
    # The new reply is itself appealable: the remedies of its outcome (3.1: either route).
    assert "60日内" in text and "6个月内" in text
    assert "2026年5月8日" in text  # 落款日期
    assert texts.markers(letter.body) == []


def test_the_new_reply_keeps_the_first_closing_for_the_annual_report(corrected, handler):
    step(corrected, handler, "rereplied", "2026-05-08", outcome="3.1")
    corrected.refresh_from_db()
    assert (corrected.state, corrected.outcome, corrected.closed_on) == ("closed", "3.3.5", D("2026-03-20"))
    kinds = list(Letter.objects.filter(application=corrected).values_list("kind", "variant").order_by("id"))
    assert kinds == [("reply", "3.3.5"), ("rereply", "3.1")]


def test_the_appeals_list_pairs_each_decision_with_its_own_appeal(corrected, handler, supervisor):
    step(corrected, handler, "rereplied", "2026-05-08", outcome="3.2")
    second = appeals.appeal_file(
        actor=handler,
        application_id=corrected.pk,
        kind="reconsideration",
        on=D("2026-05-20"),
        body_name="大连市人民政府",
        today=D("2026-05-20"),
    )
    rows = sorted(appeals.appeal_rows(supervisor, application_id=corrected.pk), key=lambda r: r.filed.seq)
    assert [(r.against_label, r.result, r.filed.on) for r in rows] == [
        ("答复", "corrected", D("2026-03-31")),
        ("第1次重新答复", "pending", D("2026-05-20")),
    ]
    first = rows[0]
    assert (first.accepted.on, first.procedure_label, first.decision_due_on) == (
        D("2026-04-03"),
        "简易程序",
        D("2026-05-06"),
    )
    assert first.decided.on == D("2026-04-30")
    assert rows[1].decided is None and rows[1].filed.pk == second.filed_event_id
    counts = appeals.appeal_counts(rows)
    assert counts["reconsideration"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2}
    facts = sorted(appeal_facts([corrected.organization], 2026), key=lambda f: f.filed_on)
    assert [(f.kind, f.filed_on, f.result) for f in facts] == [
        ("reconsideration", D("2026-03-31"), "corrected"),
        ("reconsideration", D("2026-05-20"), None),
    ]


def test_the_appeal_page_shows_acceptance_procedure_and_periods(corrected, handler, client):
    client.force_login(handler)
    rows = appeals.appeal_rows(handler, application_id=corrected.pk)
    page = client.get(f"/staff/casework/appeals/{rows[0].filed.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026-04-03，简易程序" in html
    assert "复议决定期限" in html and "2026-05-06" in html
    assert "针对" in html and "答复" in html


def test_the_case_page_offers_the_new_reply_after_a_correction(corrected, handler, client):
    client.force_login(handler)
    html = client.get(f"/staff/foi/{corrected.pk}/").content.decode()
    assert "重新答复" in html
    response = client.post(
        f"/staff/foi/{corrected.pk}/events/rereplied/",
        {"rereplied-on": "2026-05-08", "rereplied-outcome": "3.4.1"},
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert Letter.objects.filter(application=corrected, kind="rereply", variant="3.4.1").exists()


def test_the_appeal_form_records_an_appeal_against_the_failure_to_reply(dalian_office, handler, supervisor):
    case = new_case(dalian_office, handler)  # due Mon 2026-03-30
    with pytest.raises(Conflict) as caught:
        appeals.appeal_file(
            actor=handler,
            application_id=case.pk,
            kind="reconsideration",
            on=D("2026-03-30"),
            body_name="大连市人民政府",
            today=D("2026-03-30"),
        )
    assert caught.value.code == "reply_not_overdue"
    record = appeals.appeal_file(
        actor=handler,
        application_id=case.pk,
        kind="reconsideration",
        on=D("2026-03-31"),
        body_name="大连市人民政府",
        today=D("2026-03-31"),
    )
    (row,) = appeals.appeal_rows(supervisor, application_id=case.pk)
    assert (row.filed.pk, row.against_label, row.result) == (record.filed_event_id, "逾期未答复", "pending")
    case.refresh_from_db()
    assert case.state == "in_progress"


def test_the_appeal_page_registers_the_acceptance(dalian_office, handler, client, on_day):
    case = new_case(dalian_office, handler)
    close(case, "2026-03-20", "3.3.5")
    record = appeals.appeal_file(
        actor=handler,
        application_id=case.pk,
        kind="reconsideration",
        on=D("2026-03-31"),
        body_name="大连市人民政府",
        today=D("2026-03-31"),
    )
    on_day("2026-04-03")
    client.force_login(handler)
    url = f"/staff/casework/appeals/{record.filed_event_id}/"
    assert "登记复议机关受理" in client.get(url).content.decode()
    response = client.post(url, {"step": "accept", "on": "2026-04-03", "procedure": "ordinary"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "2026-04-03，普通程序" in html and "2026-06-02" in html  # 60 days: Tue 06-02
    assert "登记复议机关受理" not in html
    assert case.events.filter(type="reconsideration_accepted", payload__procedure="ordinary").exists()
