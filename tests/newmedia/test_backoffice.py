"""The new-media pages: the register with its report of stale accounts, an .xlsx import, and the
posting sheet of one account."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.catalog.factories import published
from zwgk.newmedia.models import Account

pytestmark = pytest.mark.django_db


def test_register_import_report_and_posting_sheet(client, make_staff, agency):
    keeper = make_staff(agency, "editor", username="sfj_nm")
    client.force_login(keeper)
    today = timezone.localdate()
    response = client.post(
        reverse("backoffice:newmedia_account_new"),
        {
            "organization": "dl-sfj",
            "platform": "wechat",
            "name": "大连司法",
            "operator": "市司法局办公室",
            "filed_on": today - timedelta(days=30),
        },
    )
    account = Account.objects.get()
    assert response.status_code == 302

    book = Workbook()
    book.active.append(["平台", "账号名称", "最近更新日期", "未回复留言数", "最早未回复留言日期"])
    book.active.append(
        [
            "微信公众号",
            "大连司法",
            (today - timedelta(days=20)).isoformat(),
            1,
            (today - timedelta(days=100)).isoformat(),
        ]
    )
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("填报.xlsx", data.getvalue())
    assert client.post(reverse("backoffice:newmedia_accounts"), {"file": upload}).status_code == 302
    page = client.get(reverse("backoffice:newmedia_accounts")).content.decode()
    assert "连续2周未更新" in page and "留言超过3个月未回复" in page

    doc = published(agency, on=today, title="大连市司法局关于开展法治宣传月活动的通知")
    sheet = client.get(
        reverse("backoffice:newmedia_account_posts", args=[account.pk]),
        {"since": (today - timedelta(days=7)).isoformat(), "until": today.isoformat()},
    )
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("标题", "摘要", "链接", "图片")
    assert rows[1][0] == doc.title and rows[1][2] == f"http://testserver/documents/{doc.pk}/"
