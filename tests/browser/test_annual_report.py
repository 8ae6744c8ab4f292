"""The annual report pages in Chromium, checked with axe (WCAG 2.1 AA)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

# The hand-counted year of tests/reports, so the page shows the numbers checked there.
from tests.reports.conftest import (  # noqa: F401
    YEAR,
    make_case,
    sfj_cases,
    sfj_catalogue,
    sfj_entry,
    sfj_texts,
    sfj_year,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("sfj_year")
def test_the_published_report_page_is_accessible_and_reads_like_the_official_tables(page, axe, agency):
    from zwgk.reports.services import report_publish

    report_publish(
        actor=None,
        organization=agency,
        year=YEAR,
        now=datetime(2026, 1, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        check_permission=False,
    )
    page.goto("/reports/annual/dl-sfj/2025/")
    expect(page.get_by_role("heading", name="大连市司法局2025年政府信息公开工作年度报告")).to_be_visible()
    for title in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    table = page.get_by_role("table", name="三、收到和处理政府信息公开申请情况")
    expect(table.get_by_role("columnheader", name="申请人情况")).to_be_visible()
    total = table.locator('td[data-key="part3.1.total"]')
    assert total.inner_text() == "5"
    # the number names its headers: the column, its group, and the row
    header_ids = total.get_attribute("headers").split()
    names = [page.locator(f"#{i}").inner_text() for i in header_ids]
    assert names == ["申请人情况", "总计", "一、本年新收政府信息公开申请数量"]
    violations = axe(page)
    assert violations == [], axe.describe(violations)


@pytest.mark.usefixtures("sfj_cases")
def test_an_office_head_reviews_checks_and_publishes(page, axe, login, agency, make_staff):
    make_staff(agency, "office_head", username="sfj_head")
    login("sfj_head")
    page.get_by_role("link", name="年度报告").click()
    page.get_by_label("年度").fill(str(YEAR))
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", name="大连市司法局 2025年度")).to_be_visible()
    expect(page.get_by_text("校验通过")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_role("textbox", name="一、总体情况").fill("2025年，市司法局认真贯彻落实条例。")
    page.get_by_role("textbox", name="五、存在的主要问题及改进情况").fill("解读形式单一。")
    page.get_by_role("textbox", name="六、其他需要报告的事项").fill("本年度未收取信息处理费。")
    page.get_by_role("button", name="保存文字部分").click()
    expect(page.get_by_text("文字部分已保存。")).to_be_visible()
    page.get_by_role("button", name="发布年度报告").click()
    expect(page.get_by_text("已发布第1版，门户网站即时可见。")).to_be_visible()
    page.get_by_role("link", name="查看门户网站页面").click()
    expect(page.get_by_text("2025年，市司法局认真贯彻落实条例。")).to_be_visible()
