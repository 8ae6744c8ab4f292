"""From a registered case to a signed reply the applicant sees on the tracking page."""

from io import StringIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.foi.factories import ApplicantFactory, RequestFactory
from zwgk.foi import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registered(db):
    from zwgk.organizations import demo as organizations_demo
    from zwgk.organizations.models import Organization

    organizations_demo.load(stdout=StringIO())
    return services.application_register(
        actor=None,
        organization=Organization.objects.get(code="dl-sfj"),
        applicant=ApplicantFactory(name="李华"),
        request=RequestFactory(),
        channel="in_person",
        received_on=timezone.localdate(),
        check_permission=False,
    )


def test_a_reply_is_drafted_signed_and_shown_on_the_tracking_page(page, axe, login, registered):
    case = registered
    login("handler", "zwgk-demo")
    page.goto(f"/staff/casework/cases/{case.pk}/")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_text("起草文书").click()
    page.get_by_label("办理结果（答复告知书）").select_option("3.1")
    page.get_by_role("button", name="生成草稿").click()
    page.get_by_role("heading", name="政府信息公开申请答复告知书").wait_for()
    body = page.get_by_label("正文")
    assert "李华：" in body.input_value()
    body.fill(body.input_value() + "\n附件：2025年度城市道路维修养护资金明细表。")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    page.get_by_role("button", name="保存并报审签").click()
    page.get_by_text("已报审签。").wait_for()

    page.context.clear_cookies()
    login("reviewer", "zwgk-demo")
    page.goto(f"/staff/casework/cases/{case.pk}/")
    page.get_by_role("link", name="答复告知书（3.1）").click()
    page.get_by_label("审签意见（退回时必填）").fill("同意")
    page.get_by_role("button", name="审签通过").click()
    page.get_by_text("已审签通过。").wait_for()
    # The last sign-off records the reply and issues the letter (issue 19 item 10): the case is
    # closed on the day it was signed, the letter's 落款日期.
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == ("closed", "3.1", timezone.localdate())
    assert case.letters.get().state == "issued"

    page.goto("/track/")
    page.get_by_role("textbox", name="查询码").fill(case.tracking_code)
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)  # the proof of work
    page.get_by_role("button", name="查询").click()
    page.get_by_role("heading", name="已送达的文书").wait_for()
    expect(page.get_by_text("附件：2025年度城市道路维修养护资金明细表。")).to_be_visible()
    assert page.get_by_text("李华").count() == 0  # the public copy names no one
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word 文件").click()
    assert download.value.suggested_filename.endswith(".docx")
    violations = axe(page)
    assert violations == [], axe.describe(violations)
