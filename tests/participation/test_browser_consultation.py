"""A consultation end to end in a real browser (issue 23's "done when"): staff publish a draft,
a citizen comments on one article, staff moderate, the period ends, staff assess and publish the
feedback report linked to the final document, and the public reads it; axe on every page."""

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = (
    "第一条 为规范城市道路夜间施工管理，制定本办法。\n"
    "第二条 夜间施工应当于施工前3日向社会公告。\n"
    "第三条 本办法自发布之日起施行。"
)


def no_violations(axe, page):
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_a_draft_from_publication_to_its_published_feedback_report(page, axe, login):
    from django.contrib.auth import get_user_model

    from tests.catalog.factories import published
    from zwgk.organizations import demo as organizations_demo
    from zwgk.organizations.models import Organization
    from zwgk.participation import services
    from zwgk.participation.models import Consultation

    organizations_demo.load(stdout=StringIO())
    sfj = Organization.objects.get(code="dl-sfj")
    editor = get_user_model().objects.get(username="editor")
    today = timezone.localdate()
    c = services.consultation_create(
        actor=editor,
        organization=sfj,
        data=services.ConsultationData(
            title="大连市城市道路夜间施工管理办法（征求意见稿）",
            kind="normative",
            draft_text=DRAFT,
            explanation="为回应群众对夜间施工噪声的关切，起草了本办法。",
            opens_on=today,
            closes_on=today + timedelta(days=30),
        ),
    )
    staff_url = f"/staff/participation/consultations/{c.pk}/"

    # Staff publish the draft.
    login("editor", "zwgk-demo")
    page.goto(staff_url)
    no_violations(axe, page)
    page.get_by_role("button", name="发布草案，开始征集").click()
    page.get_by_text("草案已发布，开始征集意见。").wait_for()
    no_violations(axe, page)

    # A citizen (no session) comments on article 2.
    page.context.clear_cookies()
    page.goto("/consultations/")
    no_violations(axe, page)
    page.get_by_role("link", name="大连市城市道路夜间施工管理办法（征求意见稿）").click()
    no_violations(axe, page)
    page.get_by_role("link", name="对第2段提意见").click()
    expect(page.get_by_label("针对")).to_have_value("2")
    page.get_by_label("您的意见").fill("建议公告期延长至施工前7日，并在小区公告栏张贴。")
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_text("意见已提交，谢谢！")).to_be_visible()
    no_violations(axe, page)

    # Staff moderate: published.
    login("editor", "zwgk-demo")
    page.goto(staff_url)
    expect(page.get_by_role("heading", name="意见 1（针对第2段，待审核）")).to_be_visible()
    page.get_by_label("审核结果").select_option("1")
    page.get_by_role("button", name="保存审核").click()
    expect(page.get_by_role("heading", name="意见 1（针对第2段，已发布）")).to_be_visible()
    no_violations(axe, page)

    # The period ends (the clock moves on a month).
    Consultation.objects.filter(pk=c.pk).update(
        opens_on=today - timedelta(days=31), closes_on=today - timedelta(days=1)
    )
    final = published(sfj, on=today, title="大连市城市道路夜间施工管理办法")

    page.goto(staff_url)
    page.get_by_label("意见归类").fill("公告期限")
    page.get_by_label("采纳情况", exact=True).select_option(label="采纳")
    page.get_by_role("button", name="保存采纳情况").click()
    expect(page.get_by_text("归类：公告期限；采纳")).to_be_visible()
    page.get_by_label("正式文件编号").fill(str(final.pk))
    page.get_by_label("意见采纳情况说明").fill("共收到意见1条，采纳1条：公告期限延长至施工前7日。")
    page.get_by_role("button", name="发布反馈").click()
    expect(page.get_by_role("heading", name="意见采纳情况反馈", exact=False)).to_be_visible()
    no_violations(axe, page)

    # The public reads the report, linked to the final document.
    page.context.clear_cookies()
    page.goto(f"/consultations/{c.pk}/")
    expect(page.get_by_role("heading", name="意见采纳情况反馈")).to_be_visible()
    expect(page.get_by_role("cell", name="建议公告期延长至施工前7日，并在小区公告栏张贴。")).to_be_visible()
    expect(page.get_by_role("cell", name="采纳", exact=True)).to_be_visible()
    no_violations(axe, page)
    page.get_by_role("link", name="大连市城市道路夜间施工管理办法", exact=True).click()
    expect(page.get_by_role("heading", name="大连市城市道路夜间施工管理办法")).to_be_visible()
    no_violations(axe, page)
