"""A message, a meeting registration and an interview, each end to end in a real browser, with
axe-core on every page the public and the staff use."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.playwright_fixtures import PHONE, page_width_on_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dalian(db):
    from zwgk.organizations import demo as organizations_demo
    from zwgk.organizations.models import Organization
    from zwgk.participation.models import ChannelKind, MessageChannel

    organizations_demo.load(stdout=StringIO())
    sfj = Organization.objects.get(code="dl-sfj")
    MessageChannel.objects.create(organization=sfj, kind=ChannelKind.CONSULTATION, name="政务咨询")
    return sfj


def no_violations(axe, page):
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_a_message_from_the_portal_to_the_answer_and_its_publication(page, axe, login, dalian):
    page.goto("/interaction/write/")
    no_violations(axe, page)
    page.get_by_label("写给哪个机关").select_option(label="大连市司法局")
    page.get_by_label("标题").fill("申请法律援助需要哪些材料")
    page.get_by_label("留言内容").fill("我想申请法律援助，请问需要准备哪些材料？我的电话13800001111。")
    page.get_by_role("textbox", name="姓名").fill("李华")
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_label("同意将留言和答复在网站公开").check()
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="提交留言").click()
    page.get_by_role("heading", name="留言已提交").wait_for()
    code = page.locator(".tracking-code").inner_text().strip()
    assert len(code) == 14
    no_violations(axe, page)

    login("handler", "zwgk-demo")
    page.goto("/staff/participation/messages/")
    no_violations(axe, page)
    page.get_by_role("link", name=code).click()
    expect(page.get_by_text("13800001111").first).to_be_visible()  # the handling agency sees it
    no_violations(axe, page)
    page.get_by_label("答复内容").fill("您好！申请法律援助需提交身份证明、经济困难状况说明和案件材料。")
    page.get_by_label("与答复一并公开").check()
    page.get_by_role("button", name="保存答复").click()
    page.get_by_text("答复已保存。").wait_for()

    page.goto("/interaction/track/")
    page.get_by_role("textbox", name="查询码").fill(code.lower())
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text("经济困难状况说明")).to_be_visible()
    expect(page.get_by_role("cell", name="已答复")).to_be_visible()
    no_violations(axe, page)

    page.goto("/interaction/")
    expect(page.get_by_role("heading", name="申请法律援助需要哪些材料")).to_be_visible()
    assert page.get_by_text("13800001111").count() == 0 and page.get_by_text("李华").count() == 0
    no_violations(axe, page)


def test_a_meeting_registration_to_the_attendance_record(page, axe, login, dalian):
    from django.contrib.auth import get_user_model

    from zwgk.participation import services

    editor = get_user_model().objects.get(username="editor")
    now = timezone.now()
    m = services.meeting_create(
        actor=editor,
        organization=dalian,
        data=services.MeetingData(
            title="市司法局局务会议",
            topics="审议《大连市人民调解工作规定（草案）》",
            starts_at=now + timedelta(days=7),
            place="市司法局三楼会议室",
            seats=2,
            registration_closes_at=now + timedelta(days=3),
            selection="first_come",
        ),
    )
    page.goto("/meetings/")
    no_violations(axe, page)
    page.get_by_role("link", name="市司法局局务会议").click()
    page.get_by_label("姓名").fill("王丽")
    page.get_by_label("手机号码").fill("13600000000")
    page.get_by_label("电子邮箱").fill("wangli@example.com")
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="提交报名").click()
    page.get_by_role("heading", name="报名成功").wait_for()
    expect(page.get_by_text("已确定列席")).to_be_visible()
    no_violations(axe, page)
    assert [x.to for x in mail.outbox] == [["wangli@example.com"]]

    login("editor", "zwgk-demo")
    page.goto(f"/staff/participation/meetings/{m.pk}/")
    no_violations(axe, page)
    page.get_by_label("发言要点").fill("建议调解协议引导当事人申请司法确认。")
    page.get_by_role("button", name="记录", exact=True).click()
    page.get_by_text("出席情况已记录。").wait_for()
    page.goto(f"/meetings/{m.pk}/")
    expect(page.get_by_text("实际列席 1 人。")).to_be_visible()
    expect(page.get_by_text("建议调解协议引导当事人申请司法确认。")).to_be_visible()
    assert page.get_by_text("王丽").count() == 0


def test_an_interview_question_to_its_published_answer(page, axe, login, dalian):
    from django.contrib.auth import get_user_model

    from zwgk.participation import services

    editor = get_user_model().objects.get(username="editor")
    i = services.interview_create(
        actor=editor,
        organization=dalian,
        data=services.InterviewData(
            title="解读《大连市法律援助办法》",
            guests="市司法局副局长 高明",
            starts_at=timezone.now() + timedelta(days=1),
            summary="就法律援助范围、申请条件与网友在线交流。",
        ),
    )
    page.goto("/interviews/")
    no_violations(axe, page)
    page.get_by_role("link", name="解读《大连市法律援助办法》").click()
    page.get_by_label("您的问题").fill("经济困难的标准是什么？")
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="提交问题").click()
    page.get_by_text("问题已提交，经审核后由嘉宾回答。").wait_for()
    no_violations(axe, page)

    login("editor", "zwgk-demo")
    page.goto(f"/staff/participation/interviews/{i.pk}/")
    no_violations(axe, page)
    page.get_by_label("嘉宾回答").fill("以本市最低生活保障标准的2倍为准。")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("问题已审核。").wait_for()
    page.get_by_label("文字实录").fill("主持人：各位网友大家好……")
    page.get_by_role("button", name="发布实录").click()
    page.get_by_text("访谈结束后方可发布实录。").wait_for()  # not held yet: nothing saved

    page.goto(f"/interviews/{i.pk}/")
    expect(page.get_by_text("以本市最低生活保障标准的2倍为准。")).to_be_visible()
    no_violations(axe, page)


def test_the_message_form_fits_a_phone(browser, live_server, dalian):
    width = page_width_on_a_phone(browser, live_server, "/interaction/write/")
    assert width <= PHONE["width"], f"page scrolls sideways on a phone: {width}px"


def test_a_withdrawal_gives_the_seat_to_the_wait_list(page, axe, dalian):
    from django.contrib.auth import get_user_model

    from zwgk.participation import services
    from zwgk.participation.models import Registration

    editor = get_user_model().objects.get(username="editor")
    now = timezone.now()
    m = services.meeting_create(
        actor=editor,
        organization=dalian,
        data=services.MeetingData(
            title="市司法局法律援助工作座谈会",
            topics="听取公众对法律援助便民措施的意见",
            starts_at=now + timedelta(days=7),
            place="市司法局二楼会议室",
            seats=1,
            registration_closes_at=now + timedelta(days=3),
            selection="first_come",
        ),
    )
    first = services.meeting_register(meeting=m, name="赵敏", phone="13700000000")
    waiting = services.meeting_register(meeting=m, name="孙强", phone="13700000001")
    page.goto(f"/meetings/{m.pk}/")
    expect(page.get_by_role("heading", name="候补顺序")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=waiting.code)).to_be_visible()
    no_violations(axe, page)
    page.get_by_role("link", name="撤回报名").click()
    no_violations(axe, page)
    page.get_by_label("报名编号").fill(first.code.lower())
    page.get_by_label("报名时填写的手机号码").fill("13700000000")
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="撤回报名").click()
    page.get_by_role("heading", name="报名已撤回").wait_for()
    no_violations(axe, page)
    assert Registration.objects.get(pk=waiting.pk).state == "selected"
    page.goto(f"/meetings/{m.pk}/")
    assert page.get_by_role("heading", name="候补顺序").count() == 0


def test_an_office_head_keeps_the_agencys_message_channels(page, axe, login, dalian):
    from zwgk.participation.models import ChannelKind, MessageChannel

    login("office_head", "zwgk-demo")
    page.goto("/staff/participation/messages/channels/")
    no_violations(axe, page)
    page.get_by_label("受理机关").select_option("dl-sfj")
    page.get_by_label("栏目类型").select_option(label="建言献策")
    page.get_by_label("答复时限（工作日）").fill("15")
    page.get_by_role("button", name="保存栏目").click()
    page.get_by_text("留言栏目已保存。").wait_for()
    expect(page.get_by_role("cell", name="15个工作日")).to_be_visible()
    no_violations(axe, page)
    channel = MessageChannel.objects.get(organization=dalian, kind=ChannelKind.SUGGESTION)
    assert channel.reply_workdays == 15 and channel.active is True
