"""A power list end to end in Chromium: the agency's staff adjust and publish it in the back
office, the portal shows the new version; axe-core finds nothing serious on either page."""

import re

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE, page_width_on_a_phone, staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_adjust_the_power_list_and_the_portal_shows_it(
    browser, live_server, axe, published_list, agency, make_staff
):
    make_staff(agency, "editor", "office_head", username="sfj_head")
    context, staff = staff_page(browser, live_server, "sfj_head")
    staff.get_by_role("link", name="清单目录").click()
    # The unit's name is visually hidden after the column's word (Chromium may put a space between).
    staff.get_by_role("link", name=re.compile(r"^权责清单\s*：大连市司法局$")).click()
    staff.get_by_label("调整说明").fill("2026年动态调整")
    staff.get_by_role("button", name="开始调整（以现行版本为底稿）").click()
    expect(staff.get_by_role("heading", name="调整中：第2版（2项）")).to_be_visible()
    form = staff.locator("form", has=staff.locator("input[name=action][value=item]"))
    form.get_by_label("事项编码").fill("000872101000")
    form.get_by_label("事项类型").select_option(label="行政检查")
    form.get_by_label("事项名称").fill("对司法鉴定机构的监督检查")
    form.get_by_label("设定依据").fill("《司法鉴定机构登记管理办法》")
    form.get_by_label("实施主体（承办机构）").fill("司法鉴定管理处")
    form.get_by_label("责任事项与追责情形").fill("未依法履行监督检查职责的，依法追究责任")
    form.get_by_role("button", name="保存事项").click()
    expect(staff.get_by_text("已保存事项“对司法鉴定机构的监督检查”。")).to_be_visible()
    violations = axe(staff)
    assert violations == [], axe.describe(violations)
    publish = staff.locator("form", has=staff.locator("input[name=action][value=publish]"))
    publish.get_by_label("发布日期").fill("2026-06-01")
    publish.get_by_role("button", name="发布").click()
    expect(staff.get_by_text("第2版权责清单已发布，门户网站即显示此版本。")).to_be_visible()
    context.close()

    public = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = public.new_page()
    page.goto("/")
    page.get_by_role("link", name="清单目录").first.click()
    page.get_by_role("link", name="大连市司法局").click()
    expect(page.get_by_role("heading", name="行政检查（1项）")).to_be_visible()
    expect(page.get_by_role("heading", name="对司法鉴定机构的监督检查")).to_be_visible()
    expect(page.get_by_text("现行版本：第2版")).to_be_visible()
    violations = axe(page)
    public.close()
    assert violations == [], axe.describe(violations)
    assert page_width_on_a_phone(browser, live_server, "/registries/powers/dl-sfj/") <= PHONE["width"]


def test_an_administrator_publishes_a_negative_list_edition_from_the_back_office(
    browser, live_server, axe, published_list, city, make_staff
):
    """The negative list without the Django admin (decision 0035): a new edition, an item, its
    licensing link, publication; the portal shows it. The training form's "添加一行" adds a row in
    place when scripts run."""
    make_staff(city, "admin", username="platform")
    context, staff = staff_page(browser, live_server, "platform")
    staff.get_by_role("link", name="市场准入负面清单").first.click()
    staff.get_by_label("版本名称").fill("市场准入负面清单（2025年版）")
    staff.get_by_label("发布日期").fill("2025-04-24")
    staff.get_by_role("button", name="新建版本").click()
    expect(staff.get_by_role("heading", name="市场准入负面清单（2025年版）")).to_be_visible()
    form = staff.locator("form", has=staff.locator("input[name=action][value=item]"))
    form.get_by_label("类别").select_option(label="许可准入类")
    form.get_by_label("行业").fill("租赁和商务服务业")
    form.get_by_label("事项名称").fill("未获得许可，不得设立律师事务所")
    form.get_by_label("禁止或许可准入措施描述").fill("律师事务所设立审批")
    form.get_by_label("本市实施措施").fill("市司法局全程网办")
    form.get_by_role("button", name="保存事项").click()
    expect(staff.get_by_text("已保存第1项“未获得许可，不得设立律师事务所”。")).to_be_visible()
    link = staff.locator("form", has=staff.locator("input[name=action][value=link]"))
    link.get_by_label("负面清单事项").select_option(label="1. 未获得许可，不得设立律师事务所")
    link.get_by_label("实施机关").select_option(label="大连市司法局")
    link.get_by_label("行政许可事项编码").fill("000172101000")
    link.get_by_role("button", name="关联").click()
    expect(staff.get_by_text("市司法局 000172101000 律师事务所设立许可")).to_be_visible()
    violations = axe(staff)
    assert violations == [], axe.describe(violations)
    staff.get_by_role("button", name="发布为现行版本").click()
    expect(staff.get_by_text("现行版本", exact=True)).to_be_visible()

    staff.goto("/staff/registries/training/dl/")
    expect(staff.locator("legend", has_text="参训人员")).to_have_count(1)
    staff.get_by_role("button", name="添加一行").click()
    expect(staff.locator("legend", has_text="参训人员")).to_have_count(2)
    expect(staff.locator("input[name=p-TOTAL_FORMS]")).to_have_value("2")
    expect(staff.locator("select[name=p-1-organization]")).to_be_focused()
    violations = axe(staff)
    context.close()
    assert violations == [], axe.describe(violations)

    public = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = public.new_page()
    page.goto("/registries/negative-list/")
    expect(page.get_by_text("市司法局全程网办")).to_be_visible()
    public.close()
