"""The back-office calendar page of a provisional year in Chromium: readable, accessible, fits a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_provisional_year_page_is_accessible_and_explains_each_day(
    page, axe, login, browser, live_server, make_staff, city
):
    make_staff(city, "supervisor", username="gkb")
    login("gkb")
    page.goto("/staff/calendar/?year=2027")
    expect(page.get_by_role("status")).to_contain_text("尚未载入国务院办公厅节假日安排")
    row = page.get_by_role("row", name="2027-02-10")
    expect(row).to_contain_text("补假（春节 2月7日，暂定）")
    expect(page.get_by_role("row", name="2027-01-01")).to_contain_text("元旦（法定，暂定）")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    # The table scrolls inside its own region; the page itself fits a 375 px phone.
    context = browser.contexts[0]
    cookies = context.cookies()
    phone = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 740}
    )
    try:
        phone.add_cookies(cookies)
        p = phone.new_page()
        p.goto("/staff/calendar/?year=2027")
        assert p.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        phone.close()
