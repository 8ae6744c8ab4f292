"""The search page in Chromium (issue 20.12): facets beside the results on a desktop, folded
away above them on a phone; accessible and within the screen at both widths."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE_SCREEN
from zwgk.search.index import IndexEntry, index_upsert_many

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
AGENCIES = [("dl-mzj", "大连市民政局"), ("dl-wjw", "大连市卫生健康委员会"), ("dl-sfj", "大连市司法局")]


@pytest.fixture
def indexed():
    index_upsert_many(
        [
            IndexEntry(
                document_id=i,
                organization_code=AGENCIES[i % 3][0],
                organization_name=AGENCIES[i % 3][1],
                title=f"关于做好养老服务工作的通知（第{i}批）",
                summary="进一步做好居家和社区养老服务，完善老年人关爱服务体系。",
                genre="tongzhi",
                genre_name="通知",
                published_on=date(2026, 3, i),
                url=f"/documents/{i}/",
            )
            for i in range(1, 13)
        ]
    )


def box(locator):
    return locator.bounding_box()


def open_search(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.goto("/search/?q=养老服务")
    expect(page.get_by_role("heading", name="搜索结果")).to_be_visible()
    return context, page


def test_on_a_desktop_the_facets_stand_beside_the_results(browser, live_server, axe, indexed):
    context, page = open_search(browser, live_server, DESKTOP)
    try:
        facets = page.get_by_role("complementary", name="筛选")
        results = page.get_by_role("region", name="搜索结果")
        expect(facets).to_be_visible()
        expect(page.get_by_role("button", name="筛选结果")).to_be_hidden()
        f, r = box(facets), box(results)
        assert f["x"] + f["width"] <= r["x"] and f["y"] < r["y"] + r["height"]  # side by side
        page.get_by_role("link", name="大连市民政局 (4)").click()
        expect(page.get_by_role("status")).to_contain_text("找到4条结果")
        violations = axe(page)
        assert violations == [], axe.describe(violations)
    finally:
        context.close()


def test_on_a_phone_the_facets_fold_away_above_the_results(browser, live_server, axe, indexed):
    context, page = open_search(browser, live_server, PHONE_SCREEN)
    try:
        facets = page.get_by_role("complementary", name="筛选")
        results = page.get_by_role("region", name="搜索结果")
        toggle = page.get_by_role("button", name="筛选结果")
        expect(facets).to_be_hidden()
        expect(toggle).to_be_visible()
        assert box(toggle)["y"] + box(toggle)["height"] <= box(results)["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SCREEN["width"]
        violations = axe(page)
        assert violations == [], axe.describe(violations)
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(facets).to_be_visible()
        assert box(facets)["y"] + box(facets)["height"] <= box(results)["y"]  # above the results
        page.get_by_role("link", name="大连市卫生健康委员会 (4)").click()
        expect(page.get_by_role("button", name="筛选结果（已选1项）")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SCREEN["width"]
        violations = axe(page)
        assert violations == [], axe.describe(violations)
    finally:
        context.close()
