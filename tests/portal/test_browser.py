"""The portal in Chromium: axe-core finds nothing serious, phones do not scroll sideways, and an
item an editor drafts and a reviewer approves in the back office shows up on the portal."""

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE, page_width_on_a_phone, staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, axe):
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_home_is_accessible(page, axe, library):
    page.goto("/")
    expect(page.get_by_role("heading", name="最新信息")).to_be_visible()
    expect(page.get_by_role("link", name=library.policy.title).first).to_be_visible()
    assert_accessible(page, axe)


def test_agency_page_is_accessible(page, axe, library, agency):
    page.goto("/")
    page.get_by_role("link", name=agency.short_name, exact=True).first.click()
    expect(page.get_by_role("heading", name=agency.name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="政府信息公开指南")).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_role("link", name="政府信息公开指南").click()
    expect(page.get_by_role("heading", name=f"{agency.name}政府信息公开指南")).to_be_visible()
    assert_accessible(page, axe)
    page.go_back()
    page.get_by_role("link", name="全部信息（目录）").click()
    expect(page.get_by_role("cell", name=library.policy.index_no)).to_be_visible()
    assert_accessible(page, axe)


def test_column_page_and_its_filters_are_accessible(page, axe, library, city):
    page.goto(f"/column/{city.code}.statutory.20.1/")
    expect(page.get_by_role("heading", name="行政法规、规章和行政规范性文件")).to_be_visible()
    assert_accessible(page, axe)
    page.get_by_label("有效性").select_option(label="已废止")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("link", name=library.rule_repealed.title)).to_be_visible()
    assert page.get_by_role("link", name=library.rule_amended.title).count() == 0
    assert_accessible(page, axe)


def test_document_page_is_accessible_with_its_tools(page, axe, library):
    page.goto(library.rule_amended.get_absolute_url())
    expect(page.get_by_role("heading", name=library.rule_amended.title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="立改废情况")).to_be_visible()
    expect(page.get_by_role("button", name="打印")).to_be_visible()  # shown once the script runs
    assert_accessible(page, axe)
    page.get_by_role("button", name="复制链接").click()
    # The clipboard answers asynchronously: wait for the message rather than read it at once.
    expect(page.get_by_role("status")).to_have_text(re.compile("链接已复制|请手动复制上面的链接"))
    page.get_by_role("button", name="高对比度").click()
    assert_accessible(page, axe)


def test_subscription_form_is_accessible(page, axe, library):
    page.goto("/subscribe/?organization=dl-sfj")
    expect(page.get_by_label("电子邮箱（必填）")).to_be_visible()
    assert_accessible(page, axe)


@pytest.mark.parametrize("which", ["document", "column", "agency"])
def test_pages_work_on_a_phone(browser, live_server, library, agency, which):
    url = {
        "document": library.policy.get_absolute_url(),
        "column": f"/column/{library.own_column.code}/",
        "agency": f"/org/{agency.code}/",
    }[which]
    width = page_width_on_a_phone(browser, live_server, url)
    assert width <= PHONE["width"], f"{which} page scrolls sideways on a phone: {width}px"


def test_drafted_approved_item_appears_on_the_portal(browser, live_server, page, axe, library, agency):
    """Issue 3, "Done when": editor drafts → reviewer approves → visible on the portal with its
    index number, in its columns, in the feed and in the sitemap."""
    title = "大连市司法局关于推行行政执法“三项制度”的实施意见"

    # The editor drafts the item in the back office and sends it for sign-off.
    context, editor = staff_page(browser, live_server, "sfj_editor")
    editor.goto("/staff/catalog/documents/new/")
    editor.get_by_label("发布机构").select_option(label=agency.name)
    editor.get_by_label("标题").fill(title)
    editor.get_by_label("发文字号").fill("大司发〔2026〕15号")
    editor.get_by_label("内容概述").fill("全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度。")
    body = editor.get_by_role("textbox", name="正文")  # the rich-text editor (issue 20.5)
    body.press_sequentially("各区市县司法局：")
    body.press("Enter")
    body.press_sequentially("现就推行行政执法“三项制度”提出如下意见。")
    columns = editor.get_by_role("combobox", name="栏目")
    columns.focus()
    columns.press_sequentially("法治政府建设")
    expect(editor.get_by_role("option", name="法治政府建设")).to_be_visible()
    columns.press("Enter")
    editor.get_by_role("button", name="保存").click()
    editor.get_by_role("button", name="报送审签").click()
    expect(editor.get_by_text("已报送审签").first).to_be_visible()
    context.close()

    # Not on the portal before sign-off (fetched outside the page: pages are cacheable for minutes).
    assert title not in page.request.get(f"/column/{library.own_column.code}/").text()

    # The reviewer approves it from the review queue; approval publishes it.
    context, reviewer = staff_page(browser, live_server, "sfj_reviewer")
    reviewer.goto("/staff/catalog/review/")
    reviewer.get_by_role("row", name=title).get_by_role("button", name="通过").click()
    expect(reviewer.get_by_text("已审签通过").first).to_be_visible()
    context.close()

    from zwgk.catalog.models import Document

    doc = Document.objects.get(title=title)
    assert doc.state == "published" and doc.index_no

    # In its column, on the agency page, with its index number on its own page.
    page.goto(f"/column/{library.own_column.code}/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text(doc.index_no, exact=True)).to_be_visible()
    assert_accessible(page, axe)
    page.goto(f"/org/{agency.code}/")
    expect(page.get_by_role("link", name=title)).to_be_visible()

    # In the feeds and the sitemap.
    rss = ET.fromstring(page.request.get(f"/org/{agency.code}/rss/").body())
    assert title in [i.findtext("title") for i in rss.iter("item")]
    column_rss = ET.fromstring(page.request.get(f"/column/{library.own_column.code}/rss/").body())
    assert title in [i.findtext("title") for i in column_rss.iter("item")]
    sitemap = page.request.get("/sitemap-documents.xml").text()
    assert f"{live_server.url}{doc.get_absolute_url()}" in sitemap
