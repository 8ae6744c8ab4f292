import re

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE, page_width_on_a_phone

pytestmark = pytest.mark.django_db(transaction=True)


def test_portal_home_is_accessible_and_its_toolbar_works(page, axe, agency):
    page.goto("/")
    assert page.title().startswith("大连市人民政府")
    expect(page.get_by_role("heading", name="政府信息公开")).to_be_visible()
    expect(page.get_by_text("市司法局").first).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_role("button", name="长者模式").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\ba11y-elderly\b"))
    page.get_by_role("button", name="高对比度").click()
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\ba11y-contrast\b"))  # remembered


def test_portal_home_works_on_a_phone(browser, live_server, agency):
    width = page_width_on_a_phone(browser, live_server, "/")
    assert width <= PHONE["width"], f"page scrolls sideways on a phone: {width}px"


def test_staff_log_in_to_the_back_office(page, axe, login, make_staff, city, agency):
    make_staff(city, "supervisor", username="gkb")
    page.goto("/staff/login/")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    login("gkb")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_role("link", name="负责人备案")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_role("link", name="负责人备案").click()
    expect(page.get_by_text("个机构尚未备案")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
