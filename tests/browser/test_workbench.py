"""Each role's to-do list on the workbench, in Chromium at desktop and phone widths, with
axe-core (issue 20 item 4). The scenario is the one of tests/backoffice/test_todos.py."""

import pytest
from playwright.sync_api import expect

from tests.backoffice.todo_scenario import TODAY, build
from tests.foi.conftest import on_day  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}

# role → (a section heading, an entry it lists, the total in the navigation)
EXPECTED = {
    "handler": ("依申请公开：补正、征求意见、缴费期限", "征求意见答复期限已到或将至", 7),
    "office_head": ("延期审批", "临近答复期限、尚未延期的申请", 2),
    "reviewer": ("审签队列", "待审签：信息发布", 1),
    "editor": ("被退回的稿件", "关于开展2026年普法宣传月活动的通知", 2),
    "supervisor": ("各机关逾期未答复的申请", "市司法局：逾期未答复的申请", 6),
}


def _no_serious_issues(page, axe):
    violations = axe(page)
    assert violations == [], axe.describe(violations)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_to_do_list_on_desktop_and_phone(
    browser,
    live_server,
    axe,
    role,
    city,
    agency,
    make_staff,
    on_day,  # noqa: F811
    taxonomies_reloaded,
):
    on_day(TODAY)
    scenario = build(city, agency, make_staff)
    heading, entry, total = EXPECTED[role]
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto("/staff/login/")
        page.get_by_label("用户名").fill(getattr(scenario, role).username)
        page.get_by_label("密码").fill("correct-horse-42")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/staff/")

        expect(page.get_by_role("heading", name=f"待办事项（共{total}项）")).to_be_visible()
        expect(page.get_by_role("heading", name=heading, exact=False)).to_be_visible()
        link = page.get_by_role("link", name=entry).first
        expect(link).to_be_visible()
        nav = page.get_by_role("navigation", name="后台导航")
        expect(nav.get_by_role("link", name="工作台")).to_contain_text(str(total))
        _no_serious_issues(page, axe)

        page.set_viewport_size(PHONE_390)
        page.reload()
        expect(link).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_390["width"], f"the workbench scrolls sideways at 390 px: {width}px"
        _no_serious_issues(page, axe)

        link.click()  # the entry leads to where the work is done
        page.wait_for_load_state()
        assert page.url != f"{live_server.url}/staff/"
        expect(page.locator("h1")).to_be_visible()
    finally:
        context.close()
