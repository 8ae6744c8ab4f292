"""A joint study (会商) in Chromium: opened by the handler, answered by an invited unit, on a
390 px wide screen, with axe-core finding no serious WCAG 2.1 AA violation (issue 19 item 12)."""

from io import StringIO

import pytest

from tests.foi.factories import ApplicantFactory, RequestFactory
from zwgk.foi import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def registered(db):
    from django.utils import timezone

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


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_joint_study_opened_answered_and_concluded(page, axe, login, registered):
    page.set_viewport_size(PHONE)
    login("handler", "zwgk-demo")
    page.goto(f"/staff/casework/cases/{registered.pk}/")
    page.get_by_role("link", name="标记为疑难申请并发起会商").click()
    page.get_by_text("会商不暂停答复期限").wait_for()
    assert axe(page) == [], axe.describe(axe(page))
    assert _fits(page)
    page.get_by_label("会商事项（需要各单位研究的问题）").fill("所申请的资金明细是否涉及商业秘密？")
    page.get_by_label("疑难原因").fill("涉及多家企业的合同金额")
    page.get_by_label("大连市民政局").check()
    page.get_by_role("button", name="发起会商").click()
    page.get_by_text("已发起会商。").wait_for()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
    assert _fits(page)

    page.context.clear_cookies()
    login("mzj_handler", "zwgk-demo")
    page.goto("/staff/casework/joint-studies/")
    page.get_by_role("link", name=registered.tracking_code).first.click()
    assert "李华" not in page.content()
    page.get_by_label("本单位意见").fill("不涉及商业秘密，可以公开。")
    page.get_by_role("button", name="提交意见").click()
    page.get_by_text("意见已提交。").wait_for()
    assert page.get_by_text("不涉及商业秘密，可以公开。").is_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.context.clear_cookies()
    login("handler", "zwgk-demo")
    page.goto("/staff/casework/joint-studies/")
    page.get_by_role("link", name=registered.tracking_code).first.click()
    page.get_by_role("textbox", name="会商结论").fill("予以公开。")
    page.get_by_label("建议的办理结果").select_option("3.1")
    page.get_by_role("button", name="记录结论").click()
    page.get_by_text("会商结论已记录。").wait_for()
    assert page.get_by_text("会商建议：3.1 予以公开；尚未答复。").is_visible()
    assert _fits(page)
