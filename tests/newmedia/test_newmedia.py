"""Government new-media accounts (issue 24.4): the inspection's freshness and interaction rules
(RULES §5.1) give the supervising office its report of stale accounts; figures are entered or
imported from .xlsx; filings open, change and close an account; items are shaped for posting."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook

from tests.catalog.factories import published
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.newmedia import rules
from zwgk.newmedia.models import Account, FilingKind
from zwgk.newmedia.selectors import freshness_report, posts_for
from zwgk.newmedia.services import account_file, account_open, account_report, figures_import

D = date.fromisoformat
TODAY = D("2026-08-31")


@pytest.mark.parametrize(
    "last, unanswered, oldest, codes",
    [
        (D("2026-08-17"), 0, None, []),  # exactly 14 days ago: still fresh (as for websites)
        (D("2026-08-16"), 0, None, ["not_updated"]),
        (None, 0, None, ["not_updated"]),
        (D("2026-08-30"), 2, D("2026-05-31"), ["unanswered"]),  # three months to the day: not yet
        (D("2026-08-30"), 2, D("2026-05-30"), ["poor_interaction"]),
        (D("2026-07-01"), 1, D("2026-01-05"), ["not_updated", "poor_interaction"]),
    ],
)
def test_the_rules_are_the_website_inspections(last, unanswered, oldest, codes):
    found = rules.findings(
        last_updated_on=last, unanswered=unanswered, oldest_unanswered_on=oldest, today=TODAY
    )
    assert [f.code for f in found] == codes
    assert all(f.veto for f in found if f.code != "unanswered")


@pytest.fixture
def accounts(db, agency, other_agency, make_staff):
    keeper = make_staff(agency, "editor", username="sfj_nm")
    other_keeper = make_staff(other_agency, "editor", username="mzj_nm")
    today = timezone.localdate()
    opened = {}
    for actor, org, platform, name in [
        (keeper, agency, "wechat", "大连司法"),
        (keeper, agency, "weibo", "大连司法微博"),
        (other_keeper, other_agency, "wechat", "大连民政"),
        (other_keeper, other_agency, "douyin", "大连民政抖音"),
    ]:
        opened[name] = account_open(
            actor=actor,
            organization=org,
            platform=platform,
            name=name,
            operator=f"{org.name}办公室",
            filed_on=today - timedelta(days=400),
        )
    account_report(
        actor=keeper,
        account_id=opened["大连司法"].pk,
        last_updated_on=today - timedelta(days=2),
        unanswered_messages=0,
    )
    account_report(
        actor=keeper,
        account_id=opened["大连司法微博"].pk,
        last_updated_on=today - timedelta(days=20),
        unanswered_messages=0,
    )
    account_report(
        actor=other_keeper,
        account_id=opened["大连民政"].pk,
        last_updated_on=today,
        unanswered_messages=3,
        oldest_unanswered_on=today - timedelta(days=120),
    )
    account_report(
        actor=other_keeper, account_id=opened["大连民政抖音"].pk, last_updated_on=today, unanswered_messages=0
    )
    return {"keeper": keeper, "other_keeper": other_keeper, **opened}


def test_the_freshness_report_lists_the_stale_accounts_for_the_supervising_office(accounts, city, make_staff):
    office = make_staff(city, "supervisor", username="gkb")
    report = freshness_report(office, today=timezone.localdate())
    assert [(s.account.name, [f.code for f in s.findings]) for s in report] == [
        ("大连民政", ["poor_interaction"]),  # agencies in the directory's order
        ("大连司法微博", ["not_updated"]),
    ]
    # An agency sees its own; a closed account is not inspected.
    assert [s.account.name for s in freshness_report(accounts["keeper"], today=timezone.localdate())] == [
        "大连司法微博"
    ]
    account_file(
        actor=accounts["keeper"],
        account_id=accounts["大连司法微博"].pk,
        kind="closure",
        filed_on=timezone.localdate(),
        note="整合至微信公众号",
    )
    assert [s.account.name for s in freshness_report(office, today=timezone.localdate())] == ["大连民政"]


def test_filings_change_and_close_an_account(accounts):
    keeper, account = accounts["keeper"], accounts["大连司法"]
    today = timezone.localdate()
    with pytest.raises(NotPermitted):
        account_file(
            actor=accounts["other_keeper"],
            account_id=account.pk,
            kind="change",
            filed_on=today,
            operator="别人",
        )
    with pytest.raises(ValidationFailed):
        account_file(actor=keeper, account_id=account.pk, kind="change", filed_on=today)
    account_file(
        actor=keeper, account_id=account.pk, kind="change", filed_on=today, operator="大连市司法局宣传处"
    )
    account_file(actor=keeper, account_id=account.pk, kind="closure", filed_on=today)
    account.refresh_from_db()
    assert account.operator == "大连市司法局宣传处" and account.filing_status == FilingKind.CLOSURE
    assert [f.kind for f in account.filings.all()] == ["opening", "change", "closure"]
    with pytest.raises(Conflict):
        account_file(actor=keeper, account_id=account.pk, kind="change", filed_on=today, operator="x")
    with pytest.raises(Conflict):
        account_open(
            actor=keeper,
            organization=account.organization,
            platform="weibo",
            name="大连司法微博",
            operator="x",
            filed_on=today,
        )


def _sheet(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["平台", "账号名称", "最近更新日期", "未回复留言数", "最早未回复留言日期"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_figures_are_imported_from_a_sheet_all_or_nothing(accounts):
    keeper = accounts["keeper"]
    today = timezone.localdate()
    bad = _sheet(
        [
            ["微博", "大连司法微博", today, 0, None],
            ["微信公众号", "大连民政", today, 0, None],
            ["微博", "没有这个号", today, 0, None],
        ]
    )
    with pytest.raises(ValidationFailed) as refused:
        figures_import(actor=keeper, fileobj=bad)
    assert set(refused.value.fields) == {"第3行", "第4行"}  # another agency's account, an unknown one
    assert Account.objects.get(name="大连司法微博").last_updated_on == today - timedelta(days=20)

    good = _sheet(
        [
            ["微博", "大连司法微博", today.isoformat(), 2, (today - timedelta(days=3)).isoformat()],
            ["wechat", "大连司法", today, None, None],
        ]
    )
    assert figures_import(actor=keeper, fileobj=good).updated == 2
    weibo = Account.objects.get(name="大连司法微博")
    assert (weibo.last_updated_on, weibo.unanswered_messages, weibo.reported_on) == (today, 2, today)
    with pytest.raises(ValidationFailed):
        figures_import(actor=keeper, fileobj=io.BytesIO(b"not a workbook"))


def test_items_are_shaped_for_each_platform(accounts, agency):
    today = timezone.localdate()
    long_title = "大连市司法局关于印发《" + "行政执法公示" * 10 + "办法》的通知"
    doc = published(agency, on=today, title=long_title, summary="推行行政执法三项制度。" * 8)
    published(agency, on=today - timedelta(days=30), title="上个月的通知")
    [wechat] = posts_for(accounts["大连司法"], since=today - timedelta(days=7), until=today)
    assert (
        wechat.title == long_title[:63] + "…"
        and len(wechat.summary) == 88
        and wechat.link == f"/documents/{doc.pk}/"
    )
    assert wechat.image == ""
    [weibo] = posts_for(accounts["大连司法微博"], since=today - timedelta(days=7), until=today)
    assert len(weibo.title) + len(weibo.summary) + len(weibo.link) + 2 <= 140
