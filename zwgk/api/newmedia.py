"""Government new-media accounts (issue 24.4): the register, filings, reported figures, the
freshness report for the supervising office and the items shaped for posting per account."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.pagination import paginate
from zwgk.core.errors import ValidationFailed
from zwgk.newmedia import selectors, services
from zwgk.newmedia.models import Account
from zwgk.organizations.models import Organization

staff = Router(tags=["政务新媒体"], auth=token_auth)


class AccountOut(Schema):
    id: int
    organization: str
    platform: str
    name: str
    operator: str
    url: str
    filing_status: str
    filed_on: date
    last_updated_on: date | None
    unanswered_messages: int
    oldest_unanswered_on: date | None
    reported_on: date | None


class AccountList(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[AccountOut]


def account_row(a: Account) -> dict[str, Any]:
    return {
        "id": a.pk,
        "organization": a.organization.code,
        "platform": a.platform,
        "name": a.name,
        "operator": a.operator,
        "url": a.url,
        "filing_status": a.filing_status,
        "filed_on": a.filed_on,
        "last_updated_on": a.last_updated_on,
        "unanswered_messages": a.unanswered_messages,
        "oldest_unanswered_on": a.oldest_unanswered_on,
        "reported_on": a.reported_on,
    }


class AccountQuery(Schema):
    organization: str = ""
    page: int | None = Field(None, ge=1)
    page_size: int | None = Field(None, ge=1)


@staff.get("/accounts", response=AccountList, summary="政务新媒体账号")
def account_list(request: HttpRequest, query: Query[AccountQuery]) -> dict[str, Any]:
    qs = selectors.accounts_for(request.auth).order_by(
        "organization__sort_order", "organization__code", "platform", "name"
    )
    if query.organization:
        qs = qs.filter(organization__code=query.organization)
    return paginate(request, qs, page=query.page, page_size=query.page_size, serialize=account_row)


class OpenIn(Schema):
    organization: str
    platform: str
    name: str
    operator: str
    filed_on: date
    url: str = ""


@staff.post("/accounts", response={201: AccountOut}, summary="登记账号（开设备案）")
def account_open(request: HttpRequest, payload: OpenIn) -> Status[dict[str, Any]]:
    org = Organization.objects.filter(code=payload.organization, is_active=True).first()
    if org is None:
        raise ValidationFailed("未知的机构代码。", fields={"organization": "不存在"})
    account = services.account_open(
        actor=request.auth,
        organization=org,
        platform=payload.platform,
        name=payload.name,
        operator=payload.operator,
        filed_on=payload.filed_on,
        url=payload.url,
    )
    return Status(201, account_row(account))


class FilingIn(Schema):
    kind: str = Field(description="change | closure")
    filed_on: date
    note: str = ""
    name: str = ""
    operator: str = ""


@staff.post("/accounts/{int:account_id}/filings", response={201: AccountOut}, summary="变更或关停注销备案")
def account_file(request: HttpRequest, account_id: int, payload: FilingIn) -> Status[dict[str, Any]]:
    selectors.access_account(request.auth, account_id)
    services.account_file(actor=request.auth, account_id=account_id, **payload.dict())
    return Status(201, account_row(selectors.access_account(request.auth, account_id)))


class FiguresIn(Schema):
    last_updated_on: date | None
    unanswered_messages: int = Field(0, ge=0)
    oldest_unanswered_on: date | None = None


@staff.post("/accounts/{int:account_id}/figures", response=AccountOut, summary="填报最近更新日期和未回复留言")
def account_figures(request: HttpRequest, account_id: int, payload: FiguresIn) -> dict[str, Any]:
    selectors.access_account(request.auth, account_id)
    account = services.account_report(actor=request.auth, account_id=account_id, **payload.dict())
    return account_row(account)


class FindingOut(Schema):
    code: str
    label: str
    veto: bool


class StaleOut(AccountOut):
    findings: list[FindingOut]


class ReportOut(Schema):
    as_of: date
    accounts: list[StaleOut]


@staff.get("/report", response=ReportOut, summary="更新和互动不合格的账号（供公开办）")
def freshness_report(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    rows = selectors.freshness_report(request.auth, today=today)
    return {
        "as_of": today,
        "accounts": [{**account_row(r.account), "findings": [f.__dict__ for f in r.findings]} for r in rows],
    }


class PostOut(Schema):
    document_id: int
    title: str
    summary: str
    link: str
    image: str | None


class PostQuery(Schema):
    since: date | None = None
    until: date | None = None


@staff.get("/accounts/{int:account_id}/posts", response=list[PostOut], summary="按该账号平台整理的待推送信息")
def account_posts(request: HttpRequest, account_id: int, query: Query[PostQuery]) -> list[dict[str, Any]]:
    account = selectors.access_account(request.auth, account_id)
    until = query.until or timezone.localdate()
    since = query.since or until - timedelta(days=7)
    if since > until or (until - since).days > 366:
        raise ValidationFailed("时间范围须在一年以内且起始不晚于截止。", fields={"since": "无效"})
    return [
        {
            "document_id": p.document_id,
            "title": p.title,
            "summary": p.summary,
            "link": request.build_absolute_uri(p.link),
            "image": request.build_absolute_uri(p.image) if p.image else None,
        }
        for p in selectors.posts_for(account, since=since, until=until)
    ]
