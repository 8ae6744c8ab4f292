"""The assessment page and its .xlsx export (issue 7 point 5), for the supervising office."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from zwgk.core.errors import NotPermitted
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import roles_of
from zwgk.reports.assessments import XLSX_CONTENT_TYPE, assessment_for, assessment_xlsx


def _year(request: HttpRequest, today) -> int:  # type: ignore[no-untyped-def]
    try:
        return min(max(int(request.GET.get("year") or today.year), 2000), today.year)
    except ValueError:
        return today.year


def _check(request: HttpRequest) -> None:
    if not roles_of(request.user) & {Role.SUPERVISOR, Role.ADMIN}:
        raise NotPermitted("仅公开办（监督）和平台管理员可查看考核评估。")


@login_required
def assessment_page(request: HttpRequest) -> HttpResponse:
    _check(request)
    today = timezone.localdate()
    result = assessment_for(request.user, year=_year(request, today), today=today)
    return render(request, "backoffice/assessment/page.html", {"result": result, "year": result.year})


@login_required
def assessment_export(request: HttpRequest) -> HttpResponse:
    _check(request)
    today = timezone.localdate()
    result = assessment_for(request.user, year=_year(request, today), today=today)
    base = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(assessment_xlsx(result, base_url=base), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{result.year}年度政务公开考核评估.xlsx"
    )
    return response
