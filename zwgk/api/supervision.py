"""The supervision figures for big-screen displays and the assessment team (API.md, Supervision):
the very rows of the supervision dashboard, from the one selector behind both."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from zwgk.api.auth import token_auth
from zwgk.core.errors import ValidationFailed
from zwgk.reports.deadlines import ReportState
from zwgk.reports.supervision import supervision_overview

staff = Router(tags=["监督"], auth=token_auth)

FIRST_YEAR = 2000


class SupervisionAnnualReportOut(Schema):
    year: int = Field(..., description="报告年度（上一年）：其年报应在本年度内发布")
    state: ReportState
    due_on: date | None
    published_on: date | None


class AgencyOut(Schema):
    organization: str
    name: str
    items_published: int = Field(..., description="本年度主动公开条数")
    last_published_on: date | None
    late_publication: int = Field(..., description="超过20个工作日公开（条例第26条）")
    interpretations_missing: int
    interpretations_late: int
    topic_items_late: int = Field(..., description="专题栏目上栏超时或逾期未上")
    applications_received: int
    applications_open: int
    applications_overdue: int
    sites: int
    sites_failing: int
    leader_filed: bool
    annual_report: SupervisionAnnualReportOut


class TotalsOut(Schema):
    items_published: int
    late_publication: int
    interpretations_missing: int
    interpretations_late: int
    topic_items_late: int
    applications_received: int
    applications_open: int
    applications_overdue: int
    sites_failing: int
    leaders_missing: int
    annual_reports_overdue: int


class SupervisionOut(Schema):
    year: int
    as_of: date
    totals: TotalsOut
    agencies: list[AgencyOut]


@staff.get(
    "/{int:year}",
    response=SupervisionOut,
    summary="监督总览数据（各机构）",
    description="与后台“监督总览”页面同一来源的数字。权限：公开办（监督）和平台管理员。",
)
def supervision_get(request: HttpRequest, year: int) -> dict[str, Any]:
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationFailed(
            f"年度应在 {FIRST_YEAR}–{today.year} 之间。", fields={"year": f"{FIRST_YEAR}–{today.year}"}
        )
    overview = supervision_overview(request.auth, year=year, today=today)
    totals = overview.totals
    agencies = [row.figures() for row in overview.rows]
    return {
        "year": year,
        "as_of": min(today, date(year, 12, 31)),
        "totals": {
            "items_published": totals["items_published"],
            "late_publication": totals["late_publication"],
            "interpretations_missing": totals["interpretations_missing"],
            "interpretations_late": totals["interpretations_late"],
            "topic_items_late": totals["topic_items_late"],
            "applications_received": totals["received"],
            "applications_open": totals["open"],
            "applications_overdue": totals["overdue"],
            "sites_failing": totals["sites_failing"],
            "leaders_missing": totals["leaders_missing"],
            "annual_reports_overdue": totals["annual_reports_overdue"],
        },
        "agencies": agencies,
    }
