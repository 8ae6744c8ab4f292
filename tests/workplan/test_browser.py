"""The supervising office's overview of the 2020 arrangement in Chromium, checked with axe."""

from io import StringIO

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(db):
    from zwgk.organizations import demo as organizations_demo
    from zwgk.workplan import demo as workplan_demo

    organizations_demo.load(stdout=StringIO())
    workplan_demo.load(stdout=StringIO())


def test_supervisor_sees_completion_by_unit_with_an_accessible_chart(page, axe, login, demo_data):
    login("supervisor", "zwgk-demo")
    page.get_by_role("link", name="工作安排落实").click()
    expect(page.get_by_role("heading", name="2020年大连市政务公开工作安排")).to_be_visible()
    expect(page.get_by_role("heading", name="各单位完成情况")).to_be_visible()
    chart = page.get_by_role("img", name="各单位任务完成情况堆叠条形图")
    chart.locator("svg").wait_for()  # ECharts (vendored) drew the chart
    expect(page.get_by_role("row", name="市水务集团")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.get_by_role("link", name="逾期未完成").first.click()
    expect(page.get_by_text("逾期未完成（截至")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.get_by_role("link", name="单位×任务").click()
    # The click starts a navigation: wait for the new page instead of reading the old one.
    expect(page.get_by_role("region", name="各单位各项任务进展")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_an_editor_reports_progress_on_a_task_page(page, axe, login, demo_data):
    login("editor", "zwgk-demo")
    page.goto("/staff/workplan/")
    page.get_by_role("link", name="任务清单").click()
    page.get_by_label("仅看逾期未完成").check()
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("row").nth(1).get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="报送进展")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_label("进展状态").select_option("in_progress")
    page.get_by_label("进展情况").fill("已完成自查，正在整改。")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_text("进展已报送。")).to_be_visible()


def test_supervisor_imports_an_arrangement_after_mapping_its_units(page, axe, login, demo_data):
    from pathlib import Path

    text = (Path(__file__).resolve().parent / "data" / "2021-arrangement.txt").read_text(encoding="utf-8")
    login("supervisor", "zwgk-demo")
    page.goto("/staff/workplan/")
    page.get_by_role("link", name="导入工作安排").click()
    page.get_by_label("工作安排全文").fill(text)
    page.get_by_role("button", name="识别").click()
    expect(page.get_by_text("未能对应：市农业农村局")).to_be_visible()
    expect(page.get_by_text("未能识别的行（已忽略）：附件:2021年政务公开工作联系人名单")).to_be_visible()
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.get_by_label("二、(三)的“市政府有关部门”对应的机构").select_option(["dl-sfj", "dl-mzj"])
    page.get_by_label("文中名称").fill("市农业农村局")
    page.get_by_label("全称").fill("大连市农业农村局")
    page.get_by_label("机构代码").fill("dl-nyj")
    page.get_by_role("button", name="新建并对应").click()
    expect(page.get_by_text("已新建机构“大连市农业农村局”")).to_be_visible()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("heading", name="2021年大连市政务公开工作安排")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
