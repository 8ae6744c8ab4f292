"""Annual report endpoint of API.md: the live report of an agency or a government's consolidation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from zwgk.api.auth import token_auth
from zwgk.reports import selectors

staff = Router(tags=["年度报告"], auth=token_auth)


class DocumentCountsOut(Schema):
    issued: int
    repealed: int
    in_force: int


class DecisionsOut(Schema):
    decisions: int


class FeesOut(Schema):
    amount_wan_yuan: str = Field(..., description='万元，十进制字符串（如 "12.50"）')


class Part2Out(Schema):
    rules: DocumentCountsOut
    normative_documents: DocumentCountsOut
    licensing: DecisionsOut
    penalty: DecisionsOut
    coercion: DecisionsOut
    fees: FeesOut


class Part3Out(Schema):
    columns: list[str]
    rows: dict[str, dict[str, int]]


class AppealCountsOut(Schema):
    upheld: int
    corrected: int
    other: int
    pending: int
    total: int


class Part4Out(Schema):
    reconsideration: AppealCountsOut
    litigation_direct: AppealCountsOut
    litigation_after_reconsideration: AppealCountsOut


class ProblemOut(Schema):
    code: str
    message: str
    organization: str
    part: str
    row: str | None
    column: str | None
    refs: list[str]


class ChecksOut(Schema):
    balanced: bool
    problems: list[ProblemOut]


class AnnualReportOut(Schema):
    year: int
    organization: str
    part2: Part2Out
    part3: Part3Out
    part4: Part4Out
    checks: ChecksOut


@staff.get(
    "/annual/{int:year}",
    response=AnnualReportOut,
    summary="政府信息公开工作年度报告（实时数据）",
    description="不带 organization 时返回调用者所在人民政府的汇总报告（平台管理员为市政府）。"
    "权限：该机构的工作人员或其上级公开办。",
)
def annual_report_get(request: HttpRequest, year: int, organization: str | None = None) -> dict:
    selectors.check_year(year, today_year=timezone.localdate().year)
    if organization:
        org = selectors.access_report_organization(request.auth, organization)
    else:
        org = selectors.default_government_for(request.auth)
        org = selectors.access_report_organization(request.auth, org.code)
    return selectors.live_report(org, year)
