"""Monitoring pages in Chromium: the dashboard and a site page with its charts, checked with axe."""

import pytest
from playwright.sync_api import expect

from zwgk.monitoring import demo
from zwgk.monitoring.models import Site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_sites(city, agency, other_agency):
    # The demo's stored rounds: the 司法局 site passes, the 民政局 site misses the 90% target.
    demo.load(stdout=None)
    return Site.objects.get(organization=agency), Site.objects.get(organization=other_agency)


def test_dashboard_and_site_page_are_accessible_and_show_the_charts(
    page, axe, login, make_staff, city, demo_sites
):
    _, failing = demo_sites
    make_staff(city, "supervisor", username="gkb")
    login("gkb")
    page.get_by_role("link", name="网站监测").click()
    expect(page.get_by_role("heading", name="网站监测")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=failing.name)
    assert "row-warn" in (row.get_attribute("class") or "")
    assert row.get_by_text("未达 90%").first.count() == 1
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.get_by_role("link", name=failing.name).click()
    expect(page.get_by_role("heading", name=failing.name)).to_be_visible()
    page.wait_for_selector("#ipv6-chart svg")  # ECharts drew the IPv6 ratio chart
    page.wait_for_selector("#quality-chart svg")
    expect(page.get_by_role("table", name="历次巡检结果（图中数据的文字版）")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.get_by_role("table", name="历次巡检结果（图中数据的文字版）").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="巡检结果")).to_be_visible()
    expect(page.get_by_role("heading", name="错链", exact=False)).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
