"""One application from the public form, through registration, to the workbench and tracking."""

from io import StringIO

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE, page_width_on_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dalian(db):
    from zwgk.organizations import demo as organizations_demo

    organizations_demo.load(stdout=StringIO())


def test_an_application_from_the_portal_to_the_workbench_and_tracking(page, axe, login, dalian):
    page.goto("/apply/")
    expect(page.get_by_role("heading", name="怎样写好一份申请")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_label("向哪个行政机关申请").select_option(label="大连市司法局")
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("申请人姓名或名称").fill("李华")
    page.get_by_label("证件号码").fill("210202198001010008")
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_label("所需信息的名称").fill("2025年度法律援助经费使用情况")
    page.get_by_label("所需信息的内容描述").fill("请提供2025年度法律援助经费的预算和支出明细。")
    page.get_by_label("获取信息的载体形式").select_option("electronic")
    page.get_by_label("获取信息的方式").select_option("email")
    # The ALTCHA widget began solving when the form got focus; its worker ran in the page.
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name="申请已提交").wait_for()
    code = page.locator(".tracking-code").inner_text().strip()
    assert len(code) == 14

    login("handler", "zwgk-demo")
    page.get_by_role("link", name="依申请公开").click()
    page.get_by_role("link", name="网上提交待确认").click()
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=f"申请 {code}")).to_be_visible()
    expect(page.get_by_text("210202198001010008")).to_be_visible()  # the handling agency sees it
    page.get_by_text("登记受理", exact=True).click()
    page.get_by_role("button", name="确认登记受理").click()
    page.get_by_text("已记录：登记受理。").wait_for()
    expect(page.get_by_role("rowheader", name="答复期限")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.goto("/staff/foi/?queue=mine")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    expect(page.get_by_text("2102**********0008")).to_be_visible()  # masked in the list
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.goto("/track/")
    page.get_by_role("textbox", name="查询码").fill(code.lower())
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="查询").click()
    page.get_by_text("办理中").wait_for()
    expect(page.get_by_text("答复期限")).to_be_visible()
    assert page.get_by_text("210202198001010008").count() == 0
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_the_application_form_fits_a_phone(browser, live_server, dalian):
    width = page_width_on_a_phone(browser, live_server, "/apply/")
    assert width <= PHONE["width"], f"page scrolls sideways on a phone: {width}px"
