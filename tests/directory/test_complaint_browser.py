"""One complaint (申诉) end to end in Chromium: a citizen files it on the portal, the competent
department answers in the back office, the complainant sees the result and gets it by e-mail.
axe-core checks every page on the way."""

import re
from io import StringIO

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dalian(db):
    from zwgk.directory import demo as directory_demo
    from zwgk.organizations import demo as organizations_demo

    organizations_demo.load(stdout=StringIO())
    directory_demo.load(stdout=StringIO())


def _no_violations(axe, page):
    violations = axe(page)
    assert violations == [], axe.describe(violations)


def test_a_complaint_from_the_portal_to_the_answer(page, axe, login, dalian):
    from zwgk.directory.models import Complaint

    page.goto("/public-services/")
    page.get_by_role("link", name="对市水务集团的信息公开提出申诉").click()
    expect(page.get_by_role("heading", name="公共企事业单位信息公开申诉")).to_be_visible()
    expect(page.get_by_label("被申诉单位（必填）")).to_have_value("dl-swjt")
    _no_violations(axe, page)
    page.get_by_label("申诉事项（必填）").fill("停水通知没有在网站公开")
    page.get_by_label("申诉内容（必填）").fill("12月3日西岗区停水，市水务集团网站和营业厅均未提前公告。")
    page.get_by_label("姓名或单位名称（必填）").fill("赵女士")
    page.get_by_label("电子邮箱").fill("zhao@example.cn")
    expect(page.get_by_text("已通过验证")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="提交申诉").click()
    expect(page.get_by_text("您的申诉已收到")).to_be_visible()
    complaint = Complaint.objects.get(email="zhao@example.cn")
    status_url = page.url
    expect(page.get_by_role("heading", name=f"申诉 {complaint.number}")).to_be_visible()
    # The confirmation names the competent department it was routed to and the deadline.
    expect(page.get_by_text("大连市水务局", exact=True)).to_be_visible()
    due = f"{complaint.due_on.year}年{complaint.due_on.month}月{complaint.due_on.day}日"
    expect(page.get_by_text(f"答复期限为{due}")).to_be_visible()
    assert "赵女士" not in page.content() and "zhao@example.cn" not in page.content()
    _no_violations(axe, page)

    login("swj_editor", "zwgk-demo")
    page.get_by_role("link", name="公开申诉").first.click()
    page.get_by_role("link", name=complaint.number).click()
    expect(page.get_by_text("zhao@example.cn")).to_be_visible()  # the department sees who complains
    _no_violations(axe, page)
    page.get_by_label("调查结果").select_option("upheld")
    page.get_by_label("答复内容").fill(
        "经调查，市水务集团未按规定提前公告停水信息，已责令其在网站和营业厅补充公告并建立提前公告制度。"
    )
    page.get_by_role("button", name="保存并告知申诉人").click()
    expect(page.get_by_text("答复已保存，调查结果将发送给申诉人。")).to_be_visible()
    _no_violations(axe, page)

    # The department's own pages on the way: its functions and its Art. 20 completeness.
    page.goto("/staff/profiles/dl-swj/")
    expect(page.get_by_label("主要职责")).to_have_value(re.compile("供水"))
    _no_violations(axe, page)
    page.goto("/staff/completeness/?organization=dl-swj")
    expect(page.get_by_role("cell", name="20.1 行政法规、规章和行政规范性文件")).to_be_visible()
    _no_violations(axe, page)

    page.goto(status_url)
    expect(page.get_by_role("heading", name="调查结果")).to_be_visible()
    expect(page.get_by_text("申诉成立，已责令整改")).to_be_visible()
    expect(page.get_by_text("已责令其在网站和营业厅补充公告")).to_be_visible()
    _no_violations(axe, page)
    # Two e-mails: the acknowledgement on filing, then the result.
    acknowledged, sent = [m for m in mail.outbox if m.to == ["zhao@example.cn"]]
    assert "办理部门：大连市水务局" in acknowledged.body and "已有调查结果" in sent.subject
    # The department's portal pages show the functions its staff keep.
    for url in ("/org/dl-swj/", "/org/dl-swj/guide/"):
        page.goto(url)
        expect(page.get_by_role("heading", name="机构职能")).to_be_visible()
        expect(page.get_by_text("钱江")).to_be_visible()
        _no_violations(axe, page)
    assert complaint.number in sent.subject and status_url.split("/complaints/")[1] in sent.body
