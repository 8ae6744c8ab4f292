"""Issue 24 in a real browser with axe: a guide page, a package and the progress lookup."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.services.factories import published_guide
from zwgk.services import progress

pytestmark = pytest.mark.django_db(transaction=True)


def test_guide_page_is_accessible(page, axe, agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-B1", contact_phone="")
    page.goto("/services/")
    page.get_by_role("link", name="法律援助申请").click()
    expect(page.get_by_role("heading", level=1, name="法律援助申请")).to_be_visible()
    expect(page.get_by_role("table", name="申请材料清单")).to_contain_text("法律援助申请表")
    expect(page.get_by_role("note")).to_contain_text("电话")  # the missing element, said plainly
    assert page.url.endswith(guide.get_absolute_url())
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_progress_lookup(page, axe, make_staff, city, agency, editor, reviewer):
    published_guide(agency, editor, reviewer, "SFJ-B2")
    system = make_staff(city, "service_system")
    for _ in range(2):  # pushed twice: shown once
        progress.progress_push(
            actor=system, case_no="DL2026B0001", item_code="SFJ-B2", organization_code="dl-sfj",
            milestone="accepted", on=date(2026, 11, 2), unit="法律援助中心", verification_code="246810",
        )  # fmt: skip
    page.goto("/services/progress/")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.locator("#id_case_no").fill("DL2026B0001")
    page.locator("#id_code").fill("246810")
    page.wait_for_function("() => (document.querySelector('input[name=altcha]') || {}).value", timeout=30_000)
    page.get_by_role("button", name="查询").click()
    result = page.get_by_role("region", name="办件 DL2026B0001")
    expect(result).to_contain_text("已受理 2026-11-02（法律援助中心）")
    expect(result.get_by_role("listitem")).to_have_count(1)
    expect(page.locator("#id_code")).to_have_value("")
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_package_page_is_accessible_and_fits_a_phone(
    page, axe, browser, live_server, make_staff, agency, other_agency, editor, reviewer
):
    from tests.playwright_fixtures import PHONE, page_width_on_a_phone
    from zwgk.services.packages import package_save

    a = published_guide(agency, editor, reviewer, "SFJ-B3")
    b = published_guide(
        other_agency,
        make_staff(other_agency, "editor"),
        make_staff(other_agency, "reviewer"),
        "MZJ-B3",
        name="低保",
    )
    package_save(
        actor=reviewer, code="b-pack", name="困难群众帮扶一件事", lead=agency, guides=[a, b], public=True
    )
    page.goto("/services/packages/b-pack/")
    expect(page.get_by_role("table", name="合并后的材料清单")).to_contain_text("（共用，提交一次）")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    for url in ("/services/packages/b-pack/", a.get_absolute_url()):
        width = page_width_on_a_phone(browser, live_server, url)
        assert width <= PHONE["width"], f"{url} scrolls sideways on a phone: {width}px"


def test_package_form_previews_the_checklist_and_saves(
    page, axe, login, make_staff, agency, other_agency, editor, reviewer
):
    from tests.services.factories import ID_CARD
    from zwgk.services.guides import MaterialInput

    published_guide(agency, editor, reviewer, "SFJ-B4", name="法律援助申请")
    published_guide(
        other_agency, make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer"), "MZJ-B4",
        name="低保", materials=[ID_CARD, MaterialInput("户口簿", form="原件")],
    )  # fmt: skip
    login(reviewer.username)
    page.goto("/staff/services/packages/new/")
    page.get_by_label("代码").fill("b-new")
    page.get_by_label("名称").fill("困难群众帮扶一件事")
    page.get_by_label("包含的事项").fill("SFJ-B4\nMZJ-B4")
    page.get_by_role("button", name="预览材料清单").click()
    preview = page.get_by_role("table", name="合并后的材料清单")
    expect(preview).to_contain_text("（共用，提交一次）")
    expect(preview).to_contain_text("户口簿")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存“困难群众帮扶一件事”。")).to_be_visible()


def test_a_withdrawn_guide_page_says_why(page, axe, agency, editor, reviewer):
    from zwgk.services.guides import guide_withdraw

    guide = published_guide(agency, editor, reviewer, "SFJ-B5")
    guide_withdraw(actor=reviewer, pk=guide.pk, reason="职能划转至市行政审批局")
    page.goto(guide.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="该事项已停止办理")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("职能划转至市行政审批局")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
