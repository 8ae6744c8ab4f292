"""The portal's Q&A search (issue 24.3) in Chromium: a resident types a question's words, picks
an agency, reads the answer with its source; an answer whose policy was repealed is gone.
Accessible (axe-core) at desktop and phone widths, no sideways scrolling on the phone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.catalog.factories import published
from tests.playwright_fixtures import PHONE_SCREEN
from zwgk.catalog.services import document_record_lifecycle
from zwgk.knowledge.services import EntryInput, entry_create, entry_submit
from zwgk.review.services import review_approve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def library(taxonomies_reloaded, agency, other_agency, make_staff, admin_user):
    editors = {org: make_staff(org, "editor") for org in (agency, other_agency)}
    reviewers = {org: make_staff(org, "reviewer") for org in (agency, other_agency)}
    policy = published(
        agency,
        on=date(2026, 3, 2),
        kind="normative",
        title="大连市法律援助经济困难标准",
        doc_no="大司发〔2026〕12号",
    )
    old = published(
        agency,
        on=date(2025, 3, 2),
        kind="normative",
        title="大连市法律援助实施办法（旧）",
        doc_no="大司发〔2025〕3号",
    )

    def entry(org, question, answer, kind, source_id=None):
        e = entry_create(
            actor=editors[org],
            data=EntryInput(
                organization=org,
                question=question,
                answer=answer,
                source_kind=kind,
                source_id=source_id,
                tags=["法律援助"] if org == agency else [],
            ),
        )
        review_approve(actor=reviewers[org], request_id=entry_submit(actor=editors[org], entry_id=e.pk).pk)

    entry(
        agency,
        "申请法律援助的经济困难标准是多少？",
        "家庭人均月收入低于本市最低工资标准。",
        "document",
        policy.pk,
    )
    entry(agency, "法律援助申请要带什么材料？", "身份证明和经济困难状况说明。", "hotline_call")
    entry(agency, "旧办法规定的法律援助范围？", "见旧办法第十条。", "document", old.pk)
    entry(other_agency, "最低生活保障怎么申请？", "向户籍所在地乡镇（街道）提出申请。", "hotline_call")
    document_record_lifecycle(
        actor=admin_user, document_id=old.pk, kind="repealed", on=date(2026, 3, 2), by_id=policy.pk
    )
    return policy


def search(page, words):
    page.get_by_label("输入问题中的关键词（多个词用空格分隔）").fill(words)
    page.get_by_role("button", name="查询").click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_SCREEN], ids=["desktop", "phone"])
def test_a_resident_finds_the_current_answer_with_its_source(browser, live_server, axe, library, viewport):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    page = context.new_page()
    try:
        page.goto("/qa/")
        expect(page.get_by_role("heading", name="政策问答", level=1)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("共3条问答")  # the repealed one is gone

        search(page, "法律援助 标准")
        expect(page.get_by_role("status")).to_contain_text("共1条问答")
        result = page.get_by_role("listitem").filter(has_text="经济困难标准")
        expect(result.locator("mark").first).to_have_text("法律援助")
        expect(result).to_contain_text("答复机构：市司法局")
        result.get_by_role("link", name="政策文件").click()
        expect(page.get_by_role("heading", name="大连市法律援助经济困难标准")).to_be_visible()
        page.go_back()

        search(page, "旧办法")
        expect(page.get_by_role("status")).to_contain_text("没有找到包含“旧办法”的问答")

        search(page, "申请")
        expect(page.get_by_role("status")).to_contain_text("共3条问答")
        page.get_by_label("答复机构").select_option(label="市民政局")
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_role("status")).to_contain_text("共1条问答")
        expect(page.get_by_role("heading", name="最低生活保障怎么申请？")).to_be_visible()

        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        violations = axe(page)
        assert violations == [], axe.describe(violations)
    finally:
        context.close()
