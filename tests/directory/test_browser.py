"""The 办事公开 page in Chromium: axe-core finds nothing serious and a phone does not scroll sideways."""

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE, page_width_on_a_phone, staff_page
from zwgk.directory.services import complaint_channel_upsert, service_outlet_upsert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(enterprise):
    for i in range(3):
        service_outlet_upsert(
            actor=None, organization=enterprise, name=f"第{i + 1}服务窗口",
            address="大连市中山区人民路一百二十三号国际金融大厦二十层东侧服务大厅", hours="工作日 8:30-17:00",
            phone="0411-8888 0001", check_permission=False,
        )  # fmt: skip
    complaint_channel_upsert(
        actor=None, organization=enterprise, kind="web", value="https://example.cn/complaints/online-form",
        check_permission=False,
    )  # fmt: skip
    return enterprise


def test_public_services_page_is_accessible(page, axe, published):
    page.goto("/")
    page.get_by_role("link", name="公共企事业单位办事公开").click()
    expect(page.get_by_role("heading", name="大连市法律服务中心")).to_be_visible()
    expect(page.get_by_role("cell", name="第1服务窗口")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_public_services_page_fits_a_phone(browser, live_server, published):
    width = page_width_on_a_phone(browser, live_server, "/public-services/")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone: {width}px"


def test_the_back_office_page_is_accessible(browser, live_server, axe, published, agency, make_staff):
    make_staff(agency, "office_head", "editor", username="sfj_head")  # every form on the page
    context, staff = staff_page(browser, live_server, "sfj_head")
    staff.get_by_role("link", name="办事公开").click()
    staff.get_by_role("link", name="大连市法律服务中心").click()
    expect(staff.get_by_role("heading", name="记录核实情况")).to_be_visible()
    expect(staff.get_by_role("heading", name="新增或更新网点")).to_be_visible()
    violations = axe(staff)
    context.close()
    assert violations == [], axe.describe(violations)


def test_the_import_preview_is_accessible_and_confirmed_before_writing(
    browser, live_server, axe, published, agency, make_staff, tmp_path
):
    from openpyxl import Workbook

    from zwgk.directory import spreadsheet
    from zwgk.organizations.models import Organization

    book = Workbook()
    book.active.append(list(spreadsheet.HEADERS))
    book.active.append(
        ["dl-rl1", "大连热力一公司", None, agency.code, "中山营业厅", "中山区1号", "每日", None, 10]
    )
    book.active.append(["dl-nope", "", None, None, "X", "地址", None, None, 1])
    sheet = tmp_path / "units.xlsx"
    book.save(sheet)
    make_staff(agency, "editor", username="sfj_editor")
    context, staff = staff_page(browser, live_server, "sfj_editor")
    staff.goto(f"{live_server.url}/staff/directory/import/")
    staff.get_by_label("表格文件（.xlsx）").set_input_files(str(sheet))
    staff.get_by_role("button", name="上传并预览").click()
    expect(staff.get_by_role("heading", name="新增单位（1）")).to_be_visible()
    expect(staff.get_by_role("cell", name="第3行")).to_be_visible()
    assert not Organization.objects.filter(code="dl-rl1").exists()
    violations = axe(staff)
    staff.get_by_role("button", name="确认导入").click()
    expect(staff.get_by_text("已导入：新增 1 家单位")).to_be_visible()
    context.close()
    assert violations == [], axe.describe(violations)
    assert Organization.objects.get(code="dl-rl1").service_outlets.get().name == "中山营业厅"
