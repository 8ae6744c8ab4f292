"""Letters: one template per outcome and step, filled from the case, read back from the .docx.

Real 2026 dates (received Mon 2026-03-02; 清明 04-04..04-06); expected dates counted by hand.
"""

import io
import zipfile
from urllib.parse import quote

import pytest

from tests.casework.steps import D, new_case, reply, step
from zwgk.casework import letters
from zwgk.casework.documents import read_docx_text
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.models import Letter, LetterState
from zwgk.foi.domain.outcomes import OUTCOMES, OUTCOMES_BY_CODE, RECONSIDERATION_FIRST_BASIS

pytestmark = pytest.mark.django_db

# The events that lead to a reply with each outcome (the state table allows only these paths).
PATHS = {
    "3.4.3": [
        ("correction_requested", "2026-03-04", {"period_workdays": 10, "note": "请写明文号"}),
        ("correction_received", "2026-03-10", {}),
    ],
    "3.6.1": [("correction_requested", "2026-03-04", {"period_workdays": 5, "note": "请写明文号"})],
    "3.6.2": [("fee_notice_sent", "2026-03-05", {"basis": "per_page", "quantity": 100})],
    "3.3.4": [
        ("consultation_started", "2026-03-04", {"party": "某公司", "kind": "third_party"}),
        ("consultation_ended", "2026-03-10", {"consultation_id": 1, "objected": True}),
    ],
    "3.5.4": [
        ("reasons_requested", "2026-03-04", {"period_workdays": 5, "note": "本月第31次申请"}),
        ("reasons_received", "2026-03-09", {}),
    ],
}
REPLY_ON = {"3.6.2": "2026-04-10"}


def docx_text(letter):
    return read_docx_text(letters.letter_docx(letter))


def replied(case, actor, code):
    for type_, on, fields in PATHS.get(code, []):
        step(case, actor, type_, on, **fields)
    # Recorded as the case page does: the letter is prepared and goes to sign-off (decision 0016).
    return reply(case, actor, REPLY_ON.get(code, "2026-03-25"), code)


@pytest.mark.parametrize(("kind", "variant"), texts.template_keys())
def test_every_standard_template_passes_the_legal_checklist(kind, variant):
    assert texts.check_template(kind, variant, texts.default_text(kind, variant)) == []


def test_the_checklist_refuses_a_reply_without_reconsideration_first():
    text = texts.default_text("reply", "3.3.4").replace("先申请行政复议", "申请行政复议")
    assert any("复议前置" in p for p in texts.check_template("reply", "3.3.4", text))


@pytest.mark.parametrize("code", [o.code for o in OUTCOMES])
def test_every_outcome_has_a_reply_letter_with_the_case_data_and_its_articles(code, dalian_office, handler):
    case = new_case(dalian_office, handler)
    letter = replied(case, handler, code)
    assert (letter.kind, letter.outcome) == ("reply", code)
    assert letter.state in (LetterState.DRAFT, LetterState.SUBMITTED) and letter.event is None
    text = docx_text(letter)
    outcome = OUTCOMES_BY_CODE[code]
    assert "政府信息公开申请答复告知书" in text
    for expected in ("张明：", case.tracking_code, "2026年3月2日", "大连市司法局", "0411-82781000"):
        assert expected in text
    for article in outcome.articles:
        assert article in text, article
    assert "行政复议" in text and "行政诉讼" in text and "投诉" in text
    if outcome.reconsideration_first:
        assert "先申请行政复议" in text and RECONSIDERATION_FIRST_BASIS in text
        assert "15日内" in text
    else:
        assert "先申请行政复议" not in text
        assert "60日内" in text and "6个月内" in text
    if code == "3.2":
        assert "不予公开的部分" in text and "6个月内" in text


def test_reply_letters_name_the_reconsideration_body(dalian_office, handler):
    letter = replied(new_case(dalian_office, handler), handler, "3.3.5")
    assert "向大连市人民政府或者上一级司法行政部门申请行政复议" in letter.body  # Art. 28


def test_letters_set_chinese_fonts_for_east_asian_text(dalian_office, handler):
    letter = replied(new_case(dalian_office, handler), handler, "3.1")
    with zipfile.ZipFile(io.BytesIO(letters.letter_docx(letter))) as z:
        document = z.read("word/document.xml").decode()
        fonts = z.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="仿宋_GB2312"' in document
    assert 'w:eastAsia="方正小标宋简体"' in document
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:val="仿宋"' in fonts


def test_correction_notice_lists_every_item_and_the_period(dalian_office, handler):
    case = new_case(dalian_office, handler)
    letter = step(
        case,
        handler,
        "correction_requested",
        "2026-03-04",
        period_workdays=10,
        note="请写明文件名称\n请写明年度；请写明区域",
    )
    text = docx_text(letter)
    assert "政府信息公开申请补正告知书" in text
    assert "1. 请写明文件名称。" in text and "2. 请写明年度。" in text and "3. 请写明区域。" in text
    assert "10个工作日内（2026年3月18日前）" in text
    assert "第三十条" in text and "视为放弃申请" in text


def test_extension_notice_states_the_reason_and_the_new_deadline(dalian_office, handler, office_head):
    case = new_case(dalian_office, handler)
    letter = step(case, office_head, "extended", "2026-03-20", workdays=15, reason="需调取档案室历史文件")
    text = docx_text(letter)
    assert "因需调取档案室历史文件" in text
    assert "延长15个工作日" in text and "第三十三条" in text
    assert "延长后的答复期限为2026年4月21日" in text  # 03-30 + 15 working days, 清明 skipped


def test_consultation_letter_to_a_third_party_counts_15_workdays_from_receipt_without_a_date(
    dalian_office, handler
):
    case = new_case(dalian_office, handler)
    letter = step(
        case, handler, "consultation_started", "2026-03-04", party="大连某律师事务所", kind="third_party"
    )
    text = docx_text(letter)
    assert text.splitlines()[1] == "大连某律师事务所："
    assert "第三十二条" in text and "请贵方自收到本函之日起15个工作日内书面提出" in text
    # Sent Wed 03-04: 15 working days from sending end Wed 03-25, but the period runs from the
    # day the letter arrives, which the office does not know; no date is printed for it.
    assert "2026年3月25日" not in text and "前）" not in text
    assert "张明" not in text  # the consultee is not told who applied
    assert not letter.kind_enum.to_applicant


def test_consultation_letter_to_an_agency_says_silence_is_consent(dalian_office, handler):
    case = new_case(dalian_office, handler)
    letter = step(case, handler, "consultation_started", "2026-03-04", party="大连市统计局", kind="agency")
    assert letter.variant == "agency"
    text = docx_text(letter)
    assert "第三十四条" in text and "视为同意公开" in text
    assert "请贵单位自收到本函之日起15个工作日内提出意见" in text and "2026年3月25日" not in text


@pytest.mark.parametrize("variant", ["", "agency"])
def test_the_checklist_refuses_a_consultation_date_counted_from_sending(variant):
    text = texts.default_text("consultation_letter", variant)
    dated = text.replace("15个工作日内", "15个工作日内（{consultation_answer_due_on}前）", 1)
    assert any("不应包含" in p for p in texts.check_template("consultation_letter", variant, dated))
    undated = text.replace("自收到本函之日起", "", 1)
    assert any("自收到本函之日起" in p for p in texts.check_template("consultation_letter", variant, undated))


def test_fee_notice_prints_the_calculation_by_band(dalian_office, handler):
    case = new_case(dalian_office, handler)
    letter = step(case, handler, "fee_notice_sent", "2026-03-05", basis="per_page", quantity=250)
    text = docx_text(letter)
    assert "第1—30页：30页，不收费" in text
    assert "第31—100页：70页 × 10元 = 700.00元" in text
    assert "第101—200页：100页 × 20元 = 2000.00元" in text
    assert "第201页及以上：50页 × 40元 = 2000.00元" in text
    assert "应缴金额：人民币4700.00元" in text
    assert "20个工作日内（2026年4月2日前）" in text
    assert "第四十二条" in text and "国办函〔2020〕109号" in text


def test_referral_notice_names_the_responsible_agency(dalian_office, handler):
    case = new_case(dalian_office, handler)
    letter = letters.letter_draft(
        actor=handler,
        application_id=case.pk,
        kind="referral_notice",
        extra={"referral_agency": "大连市民政局", "referral_contact": "0411-83633000"},
        today=D("2026-03-10"),
    )
    text = docx_text(letter)
    assert "第三十六条第（五）项" in text and "大连市民政局" in text and "0411-83633000" in text
    assert "2026年3月10日" in text


def test_a_step_without_a_letter_gets_none(dalian_office, handler):
    case = new_case(dalian_office, handler)
    step(case, handler, "consultation_started", "2026-03-04", party="某公司", kind="third_party")
    assert step(case, handler, "consultation_ended", "2026-03-06", consultation_id=1, objected=False) is None
    assert Letter.objects.filter(application=case).count() == 1


def test_letters_json_has_the_api_shape(dalian_office, handler):
    case = new_case(dalian_office, handler)
    letter = replied(case, handler, "3.1")
    (row,) = letters.letters_json(case)
    assert row == {
        "id": letter.pk,
        "kind": "reply",
        "outcome": "3.1",
        "state": "submitted",
        "docx_url": f"/api/v1/staff/applications/{case.pk}/letters/{letter.pk}.docx",
        "pdf_url": None,
    }


def test_api_clients_download_letters_with_their_token(dalian_office, handler, other_handler, api_client):
    case = new_case(dalian_office, handler)
    letter = replied(case, handler, "3.1")
    detail = api_client(handler).get(f"/api/v1/staff/applications/{case.pk}").json()
    (row,) = detail["letters"]
    response = api_client(handler).get(row["docx_url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f"attachment; filename*=UTF-8''{quote(f'{letter.title}-{case.tracking_code}.docx')}"
    )
    assert letter.body.splitlines()[0].strip() in read_docx_text(response.content)
    assert api_client(handler).get(row["docx_url"].replace(".docx", ".pdf")).status_code == 404  # no PDF made
    assert api_client(handler).get(row["docx_url"].replace(".docx", ".exe")).status_code == 404
    # Another agency's handler, and anyone without a token, get nothing.
    assert api_client(other_handler).get(row["docx_url"]).status_code == 404
    assert api_client().get(row["docx_url"]).status_code == 401
    wrong_case = row["docx_url"].replace(f"/applications/{case.pk}/", f"/applications/{case.pk + 999}/")
    assert api_client(handler).get(wrong_case).status_code == 404
