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
