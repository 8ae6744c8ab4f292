"""Browser fixtures for every app's page tests: Playwright drives Debian's Chromium (installed by
`make system-deps`). Loaded once for the whole suite from tests/conftest.py (`pytest_plugins`),
so there is one Playwright instance per test process."""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if {"page", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make system-deps` (apt-get install chromium) first.")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def staff_page(browser, live_server, username):
    """A new browser context logged in to the back office as `username` (factory password)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    p = context.new_page()
    p.goto("/staff/login/")
    p.get_by_label("用户名").fill(username)
    p.get_by_label("密码").fill("correct-horse-42")
    p.get_by_role("button", name="登录").click()
    p.wait_for_url("**/staff/")
    return context, p


PHONE = {"width": 375, "height": 740}
RESIZE_SETTLE_MS = 400  # the pages' resize handlers wait 150 ms for the last resize event
# A current phone's first screen (issue 20.11: the header takes at most a quarter of it).
PHONE_SCREEN = {"width": 390, "height": 844}


def page_width_on_a_phone(browser, live_server, url):
    """How wide `url` lays out in a 375 px phone viewport (wider: it scrolls sideways)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    try:
        phone = context.new_page()
        phone.goto(url)
        return phone.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()


@pytest.fixture
def axe():
    """axe(page) → the serious and critical WCAG 2.1 AA violations on the page, at the page's
    width and again at a phone's (390 px, issue 20: "at desktop and phone widths"), so every
    browser test that audits a page audits it on a phone too. A phone-width finding says so."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make node-deps) first.")
    source = AXE.read_text(encoding="utf-8")

    def audit(page, width=None):
        # Evaluated through the DevTools protocol, which the pages' CSP (no inline scripts,
        # decision 0019) does not govern; an added <script> tag would be blocked by it.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
                **({"width": width} if width else {}),
            }
            for v in bad
        ]

    def run(page):
        found = audit(page)
        size = page.viewport_size
        if size is None or size["width"] <= PHONE_SCREEN["width"]:
            return found  # already a phone
        page.set_viewport_size(PHONE_SCREEN)
        try:
            # Let media queries and the scripts that measure the layout settle: the scroll boxes
            # (backoffice scroll-boxes.js) re-mark 150 ms after the last resize, as on a phone
            # that rotates; a page opened on a phone marks them when it loads.
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            page.wait_for_timeout(RESIZE_SETTLE_MS)
            found += audit(page, PHONE_SCREEN["width"])
        finally:
            page.set_viewport_size(size)
        return found

    run.describe = lambda violations: json.dumps(violations, ensure_ascii=False, indent=1)
    return run


@pytest.fixture
def login(page):
    def do(username, password="correct-horse-42"):
        page.goto("/staff/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/staff/")

    return do
