"""The portal's look in Chromium (issue 20.11–20.13): 长者模式 really enlarges text and targets,
a phone keeps the header within a quarter of its first screen, no page scrolls sideways at
390 px, and axe-core finds nothing serious at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE_SCREEN
from tests.portal.test_site_furniture import publish_report
from zwgk.catalog.columns import standard_columns
from zwgk.catalog.models import ColumnKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def px(page, selector: str, prop: str) -> float:
    return page.eval_on_selector(selector, f"e => parseFloat(getComputedStyle(e).{prop})")


def height(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().height")


def test_elderly_mode_enlarges_text_and_targets_and_is_remembered(page, library):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    assert px(page, "body", "fontSize") == 16
    page.get_by_role("button", name="长者模式").click()
    expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "true")
    for selector in ("body", ".doc-list a", ".site-nav a", ".hero-lead", "footer dd"):
        assert px(page, selector, "fontSize") >= 20, selector
    assert px(page, ".doc-list-meta", "fontSize") >= 20  # secondary text too, not only headings
    for selector in (".site-nav a", ".topbar button", ".doc-list a", ".quick-links a", ".big-search button"):
        assert height(page, selector) >= 48, selector
    # Stronger contrast: body text darker than the normal ink.
    assert page.eval_on_selector("body", "e => getComputedStyle(e).color") == "rgb(17, 20, 23)"
    page.reload()
    assert px(page, "body", "fontSize") >= 20  # remembered
    page.get_by_role("button", name="放大字体").click()
    assert px(page, "body", "fontSize") >= 22
    page.get_by_role("button", name="重置").click()
    assert px(page, "body", "fontSize") == 16


def header_bottom(page) -> float:
    return page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().bottom")


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_on_a_phone_the_header_takes_at_most_a_quarter_of_the_screen(browser, live_server, library, elderly):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE_SCREEN)
    try:
        phone = context.new_page()
        phone.goto("/")
        if elderly:
            phone.get_by_role("button", name="长者模式").click()
        assert header_bottom(phone) <= PHONE_SCREEN["height"] / 4
        nav = phone.get_by_role("navigation", name="主导航")
        expect(nav).to_be_hidden()
        menu = phone.get_by_role("button", name="菜单")
        expect(menu).to_have_attribute("aria-expanded", "false")
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav.get_by_role("link", name="依申请公开")).to_be_visible()
        expect(phone.get_by_role("search").filter(has=phone.locator("#menu-q"))).to_be_visible()
        phone.get_by_role("button", name="无障碍工具").click()
        expect(phone.get_by_role("button", name="高对比度")).to_be_visible()
    finally:
        context.close()


def test_on_a_desktop_the_menu_and_toolbar_show_without_toggles(page, library):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    expect(page.get_by_role("navigation", name="主导航")).to_be_visible()
    expect(page.get_by_role("button", name="高对比度")).to_be_visible()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    expect(page.get_by_role("button", name="无障碍工具")).to_be_hidden()


def test_focus_is_visible_on_the_red_header(page, library):
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    link = page.get_by_role("navigation", name="主导航").get_by_role("link", name="机构目录")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    shadow = link.evaluate("e => getComputedStyle(e).boxShadow")
    assert "255, 191, 71" in shadow  # the yellow halo


def urls(library, agency):
    column = standard_columns(agency)[ColumnKind.ANNUAL_REPORT]
    return {
        "home": "/",
        "agency": f"/org/{agency.code}/",
        "column": f"/column/{library.own_column.code}/",
        "document": library.policy.get_absolute_url(),
        "annual-report-column": f"/column/{column.code}/",
        "annual-reports": "/reports/annual/",
        "apply": "/apply/",
        "accessibility": "/accessibility/",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_SCREEN], ids=["desktop", "phone"])
def test_pages_are_accessible_and_fit_the_screen(browser, live_server, axe, library, agency, viewport):
    publish_report(agency)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    try:
        p = context.new_page()
        for name, url in urls(library, agency).items():
            p.goto(url)
            width = p.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} scrolls sideways: {width}px"
            violations = axe(p)
            assert violations == [], f"{name}: {axe.describe(violations)}"
        # The modes keep the pages accessible and within the screen too.
        p.goto("/")
        p.get_by_role("button", name="长者模式").click()
        assert p.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        violations = axe(p)
        assert violations == [], f"elderly: {axe.describe(violations)}"
    finally:
        context.close()
