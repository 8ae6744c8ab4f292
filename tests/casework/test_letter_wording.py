"""Issue 19 item 9 (bullets 2–4): the extension notice counts from the corrected application, the
reconsideration body follows RULES §2.10, the Art. 34 letter speaks of jointly produced information.

Each letter is read back from the generated .docx with python-docx (`read_docx_text`). Dates are
counted by hand from RULES §1's 2026 table (清明 Apr 4–6; no weekend worked in March or April).
"""

import pytest

from tests.casework.steps import new_case, reply, step
from tests.factories import OrganizationFactory
from zwgk.casework import letters
from zwgk.casework.documents import read_docx_text
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.letter_values import reconsideration_body

pytestmark = pytest.mark.django_db


def docx_text(letter):
    return read_docx_text(letters.letter_docx(letter))


# --- The extension notice after a correction ------------------------------------------------------


def test_extension_after_a_correction_counts_from_the_corrected_application(
    dalian_office, handler, office_head
):
    case = new_case(dalian_office, handler)  # received Mon 2026-03-02
    step(case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    step(case, handler, "correction_received", "2026-03-09")
    letter = step(case, office_head, "extended", "2026-03-20", workdays=15, reason="需调取档案")
    text = docx_text(letter)
    # Due 20 working days after 03-09: Tue 04-07 (Mon 04-06 is 清明); +15 → Tue 04-28.
    assert "本机关不能在收到您补正后的申请之日（2026年3月9日）起20个工作日内作出答复" in text
    assert "收到申请之日起20个工作日" not in text
    assert "延长后的答复期限为2026年4月28日" in text


def test_extension_without_a_correction_counts_from_receipt(dalian_office, handler, office_head):
    case = new_case(dalian_office, handler)
    letter = step(case, office_head, "extended", "2026-03-20", workdays=15, reason="需调取档案")
    text = docx_text(letter)
    assert "本机关不能在收到申请之日（2026年3月2日）起20个工作日内作出答复" in text
    assert "延长后的答复期限为2026年4月21日" in text  # 03-30 + 15 working days


def test_an_extension_template_must_say_where_the_period_starts():
    body = texts.default_text("extension_notice").replace("{reply_period_start}", "收到申请之日")
    assert any("起算日" in p for p in texts.check_template("extension_notice", "", body))
    assert texts.check_template("extension_notice", "", texts.default_text("extension_notice")) == []


# --- Where to apply for reconsideration (RULES §2.10; 行政复议法 2023 Arts. 24, 27, 28) ---------


@pytest.fixture
def province():
    return OrganizationFactory(
        code="ln", name="辽宁省人民政府", kind="government", parent=None, is_active=False
    )


def test_a_city_department_names_the_city_government(city):
    org = OrganizationFactory(code="dl-mzj", name="大连市民政局", parent=city)
    assert reconsideration_body(org) == "大连市人民政府"


def test_a_district_department_names_the_district_government(city):
    district = OrganizationFactory(code="dl-zsq", name="大连市中山区人民政府", kind="district", parent=city)
    org = OrganizationFactory(code="dl-zsq-mzj", name="大连市中山区民政局", parent=district)
    assert reconsideration_body(org) == "大连市中山区人民政府"
    assert reconsideration_body(district) == "大连市人民政府"  # a lower government: the next-higher one


def test_a_vertically_managed_agency_names_its_superior(city):
    superior = OrganizationFactory(code="ln-yzglj", name="辽宁省邮政管理局", parent=None, is_active=False)
    org = OrganizationFactory(
        code="dl-yzglj", name="大连市邮政管理局", parent=city, vertically_managed=True, superior=superior
    )
    assert reconsideration_body(org) == "辽宁省邮政管理局"


def test_tax_and_state_security_go_to_the_next_higher_department(city):
    tax = OrganizationFactory(code="dl-sw", name="国家税务总局大连市税务局", parent=city)
    security = OrganizationFactory(code="dl-aq", name="大连市国家安全局", parent=city)
    assert reconsideration_body(tax) == "上一级主管部门"
    assert reconsideration_body(security) == "上一级主管部门"
    tax.superior = OrganizationFactory(code="ln-sw", name="国家税务总局辽宁省税务局", parent=None)
    assert reconsideration_body(tax) == "国家税务总局辽宁省税务局"


def test_the_justice_bureau_offers_a_choice_of_two(agency):
    assert reconsideration_body(agency) == "大连市人民政府或者上一级司法行政部门"
    agency.superior = OrganizationFactory(code="ln-sft", name="辽宁省司法厅", parent=None, is_active=False)
    assert reconsideration_body(agency) == "大连市人民政府或者辽宁省司法厅"


def test_the_city_government_names_the_province(city, province):
    assert reconsideration_body(city) == "上一级人民政府"
    city.superior = province
    assert reconsideration_body(city) == "辽宁省人民政府"


def test_the_reply_letter_of_a_vertically_managed_agency(city, make_staff):
    superior = OrganizationFactory(code="ln-txglj", name="辽宁省通信管理局", parent=None, is_active=False)
    org = OrganizationFactory(
        code="dl-txglj", name="大连市通信管理局", parent=city, vertically_managed=True, superior=superior
    )
    handler = make_staff(org, "handler", username="tx_handler")
    letter = reply(new_case(org, handler), handler, "2026-03-20", "3.3.5")
    text = docx_text(letter)
    assert "向辽宁省通信管理局申请行政复议" in text
    assert "大连市人民政府申请行政复议" not in text


def test_the_reply_letter_of_the_justice_bureau(dalian_office, handler):
    letter = reply(new_case(dalian_office, handler), handler, "2026-03-20", "3.1")
    assert "向大连市人民政府或者上一级司法行政部门申请行政复议" in docx_text(letter)


# --- Art. 34: information produced together -------------------------------------------------------


def test_the_art_34_letter_speaks_of_information_produced_together(dalian_office, handler):
    case = new_case(dalian_office, handler)
    letter = step(case, handler, "consultation_started", "2026-03-04", party="大连市财政局", kind="agency")
    text = docx_text(letter)
    assert "该信息由本机关与贵单位共同制作" in text and "第三十四条" in text
    assert "涉及贵单位职责" not in text
    assert "视为同意公开" in text


def test_an_art_34_template_must_say_the_information_was_produced_together():
    body = texts.default_text("consultation_letter", "agency").replace("共同制作", "涉及贵单位职责")
    assert any("共同制作" in p for p in texts.check_template("consultation_letter", "agency", body))
