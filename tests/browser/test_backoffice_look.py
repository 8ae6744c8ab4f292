"""The back office's one stylesheet in Chromium (issue 20.13): at desktop and phone widths its
pages pass axe-core, never scroll sideways (wide tables scroll inside their own box), and forms
put their labels in a column of their own on a wide screen."""

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE_SCREEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
SUPERVISOR_PAGES = ["/staff/", "/staff/foi/", "/staff/supervision/", "/staff/monitoring/", "/staff/leaders/"]
EDITOR_PAGES = ["/staff/catalog/documents/", "/staff/catalog/documents/new/"]


def log_in(browser, live_server, username, viewport):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct-horse-42")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    return context, page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_SCREEN], ids=["desktop", "phone"])
def test_back_office_pages_are_accessible_and_fit_the_screen(
    browser, live_server, axe, make_staff, city, agency, viewport
):
    make_staff(city, "supervisor", username="gkb")
    make_staff(agency, "editor", username="sfj_editor")
    for username, urls in (("gkb", SUPERVISOR_PAGES), ("sfj_editor", EDITOR_PAGES)):
        context, page = log_in(browser, live_server, username, viewport)
        try:
            for url in urls:
                page.goto(url)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], f"{url} scrolls sideways: {width}px"
                violations = axe(page)
                assert violations == [], f"{url}: {axe.describe(violations)}"
        finally:
            context.close()


def test_a_wide_table_scrolls_inside_its_box_on_a_phone(browser, live_server, make_staff, city, agency):
    make_staff(city, "supervisor", username="gkb")
    context, page = log_in(browser, live_server, "gkb", PHONE_SCREEN)
    try:
        page.goto("/staff/supervision/")
        table = page.locator("main table").first
        expect(table).to_be_visible()
        box = table.evaluate(
            """t => { const s = t.closest('.table-wrap, .table-scroll, .matrix-wrap') || t;
                      const right = s.getBoundingClientRect().right;
                      return {scroll: s.scrollWidth, client: s.clientWidth, right}; }"""
        )
        assert box["scroll"] > box["client"]  # wider than the phone: it scrolls …
        assert box["right"] <= PHONE_SCREEN["width"]  # … inside a box that fits the screen
    finally:
        context.close()


def test_form_labels_stand_in_their_own_column_on_a_wide_screen(browser, live_server, make_staff, agency):
    make_staff(agency, "editor", username="sfj_editor")
    context, page = log_in(browser, live_server, "sfj_editor", DESKTOP)
    try:
        page.goto("/staff/catalog/documents/new/")
        label = page.locator("label[for=id_title]").bounding_box()
        field = page.get_by_label("标题").bounding_box()
        assert label["x"] + label["width"] <= field["x"] and abs(label["y"] - field["y"]) < 16
        doc_no_label = page.locator("label[for=id_doc_no]").bounding_box()
        doc_no = page.get_by_label("发文字号").bounding_box()
        assert doc_no["x"] == field["x"] and doc_no_label["x"] + doc_no_label["width"] <= doc_no["x"]
    finally:
        context.close()
