"""New-media accounts of the seed's agencies (a WeChat account each, some with Weibo or Douyin),
their filings and reported figures: most fresh, a few stale (no post for weeks, messages waiting
for months) so the supervising office's report has something to list; one closed account."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zwgk.core.demo import demo_today, shifted
from zwgk.newmedia.models import Account, FilingKind, Platform
from zwgk.newmedia.services import account_file, account_open, account_report
from zwgk.organizations.models import Organization

# (agency, platform, account name, days since the last post, unanswered, days the oldest waits)
ACCOUNTS: list[tuple[str, str, str, int, int, int]] = [
    ("dl", Platform.WECHAT, "大连发布", 0, 0, 0),
    ("dl", Platform.WEIBO, "大连发布微博", 1, 2, 5),
    ("dl-sfj", Platform.WECHAT, "大连司法", 3, 0, 0),
    ("dl-sfj", Platform.DOUYIN, "大连普法", 23, 0, 0),  # stale: no post for three weeks
    ("dl-mzj", Platform.WECHAT, "大连民政", 2, 4, 130),  # messages waiting for over three months
    ("dl-wjw", Platform.WECHAT, "健康大连", 1, 0, 0),
    ("dl-yjj", Platform.WECHAT, "大连应急", 40, 1, 100),  # both rules broken
    ("dl-jyj", Platform.WECHAT, "大连教育", 5, 0, 0),
    ("dl-ysj", Platform.WECHAT, "大连营商", 6, 3, 20),
    ("dl-zsq", Platform.WECHAT, "中山发布", 4, 0, 0),
    ("dl-jpxq", Platform.WECHAT, "金普发布", 16, 0, 0),  # stale: just over two weeks
    ("dl-zsq", Platform.TOUTIAO, "中山区头条号", 2, 0, 0),  # closed below
]


def load(*, stdout: Any) -> str:
    if Account.objects.exists():
        return f"已存在（{Account.objects.count()} 个账号）"
    admin = get_user_model().objects.get(username="admin")
    # Figures are reports of what already happened: a demo loaded for a later day (load-demo
    # --today) still reports them as of the real today, which the service holds them to.
    today = min(demo_today(), timezone.localdate())
    orgs = {o.code: o for o in Organization.objects.filter(code__in={a[0] for a in ACCOUNTS})}
    for code, platform, name, days, unanswered, waits in ACCOUNTS:
        if code not in orgs:
            continue
        org = orgs[code]
        account = account_open(
            actor=admin,
            organization=org,
            platform=platform,
            name=name,
            operator=f"{org.name}办公室",
            filed_on=shifted(date(2024, 3, 4)),
            url="",
        )
        account_report(
            actor=admin,
            account_id=account.pk,
            last_updated_on=today - timedelta(days=days),
            unanswered_messages=unanswered,
            oldest_unanswered_on=today - timedelta(days=waits) if unanswered else None,
            reported_on=today,
        )
    change = Account.objects.filter(name="大连司法").first()
    if change is not None:
        account_file(
            actor=admin, account_id=change.pk, kind=FilingKind.CHANGE, filed_on=shifted(date(2025, 6, 2)),
            operator="大连市司法局普法与依法治理处", note="运营单位调整",
        )  # fmt: skip
    closed = Account.objects.filter(name="中山区头条号").first()
    if closed is not None:
        account_file(
            actor=admin, account_id=closed.pk, kind=FilingKind.CLOSURE, filed_on=shifted(date(2026, 9, 1)),
            note="整合至“中山发布”",
        )  # fmt: skip
    return f"{Account.objects.count()} 个政务新媒体账号（4 个更新或互动不合格，1 个已关停）"
