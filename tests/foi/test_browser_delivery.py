"""The case page with a posted notice: its provisional period, recording the signature, on a
phone and for assistive technology (RULES §2.7 item 7)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.casework.steps import new_case, step
from tests.foi.factories import RequestFactory
from tests.playwright_fixtures import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recording_the_delivery_of_a_posted_notice(browser, live_server, axe, agency, handler, on_day):
    case = new_case(agency, handler, request=RequestFactory(delivery="post"))
    step(case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    # The live server runs in this process: "today" for the page is 2026-03-06 too.
    on_day(date(2026, 3, 6))

    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/staff/login/")
        page.get_by_label("用户名").fill(handler.username)
        page.get_by_label("密码").fill("correct-horse-42")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/staff/")
        page.goto(f"/staff/foi/{case.pk}/")
        expect(page.get_by_text("邮寄未登记签收，暂按发出日计算")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe(page) == []

        page.get_by_text("登记送达", exact=True).click()
        page.get_by_label("申请人收到日期（签收日；退回的，填退回日期）").fill("2026-03-09")
        page.get_by_role("button", name="确认登记送达").click()
        # Signed for after "today": refused, naming both dates, on the form itself.
        expect(page.get_by_role("alert").first).to_contain_text("2026-03-06")
        assert axe(page) == []

        page.get_by_label("申请人收到日期（签收日；退回的，填退回日期）").fill("2026-03-05")
        page.get_by_role("button", name="确认登记送达").click()
        page.get_by_text("已记录：登记送达。").wait_for()
        # Signed Thu 03-05: 06, 09–13, 16–19 → the 10th working day is Thu 03-19.
        period = page.get_by_role("row", name="申请人补正期限（自收到补正告知书起算）")
        expect(period).to_contain_text("2026-03-19")
        expect(page.get_by_text("暂按发出日计算")).to_have_count(0)
        assert axe(page) == []
    finally:
        context.close()
