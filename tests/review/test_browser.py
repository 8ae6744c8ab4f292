"""Sign-off in Chromium (decision 0016): a 科室负责人 approves from the queue, the 保密审查员
records the result on the item page, the item is published; the pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from tests.catalog.factories import document_input
from zwgk.catalog.models import Document
from zwgk.catalog.services import document_create_draft, document_submit
from zwgk.review.chains import StepSpec, signoff_chain_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_normative_document_through_step_one_and_secrecy_review(page, axe, login, make_staff, agency):
    admin = make_staff(agency, "admin", username="platform_admin")
    signoff_chain_save(
        actor=admin,
        organization=agency,
        kind="catalog.publish",
        subkind="normative",
        steps=[StepSpec("section_head", "科室负责人审核"), StepSpec("secrecy_reviewer", "保密审查")],
    )
    editor = make_staff(agency, "editor", username="sfj_editor")
    make_staff(agency, "section_head", username="sfj_kz")
    make_staff(agency, "secrecy_reviewer", username="sfj_bm")
    doc = document_create_draft(
        actor=editor,
        data=document_input(agency, kind="normative", title="大连市司法局关于规范行政执法公示的通知"),
    )
    document_submit(actor=editor, document_id=doc.pk)

    login("sfj_kz")
    page.goto("/staff/catalog/review/")
    expect(page.get_by_role("cell", name="第1步 科室负责人审核")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_label("审签意见").fill("内容准确")
    page.get_by_role("button", name="通过").click()
    page.get_by_text("已审签通过。").wait_for()

    page.context.clear_cookies()
    login("sfj_bm")
    page.goto(f"/staff/catalog/documents/{doc.pk}/")
    page.get_by_role("heading", name="审签：保密审查").wait_for()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_role("button", name="审签通过").click()  # without a result: refused
    page.get_by_text("保密审查通过时请选择审查结论").wait_for()
    page.get_by_label("不涉及国家秘密和工作秘密，可以公开").check()
    page.get_by_label("审签意见（退回时必填）").fill("经审查不涉密")
    page.get_by_role("button", name="审签通过").click()
    page.get_by_text("已审签通过。").wait_for()
    assert Document.objects.get(pk=doc.pk).state == "published"
    chain = page.locator("table.signoff-steps")
    expect(chain).to_contain_text("内容准确")
    expect(chain).to_contain_text("保密审查结论：不涉及国家秘密和工作秘密，可以公开")
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.context.clear_cookies()
    login("platform_admin")
    page.goto("/staff/signoff/chains/")
    expect(page.get_by_role("cell", name="全部类型")).to_have_count(0)
    expect(page.get_by_text("科室负责人审核（科室负责人）")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
