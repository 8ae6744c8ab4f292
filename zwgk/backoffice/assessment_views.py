"""The assessment page and its .xlsx export (issue 7 point 5), for the supervising office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zwgk.core.errors import DomainError, NotPermitted
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import roles_of
from zwgk.reports.assessments import (
    XLSX_CONTENT_TYPE,
    assessment_for,
    assessment_publish,
    assessment_xlsx,
    published_assessment_for,
    result_from_json,
)


def _year(request: HttpRequest, today) -> int:  # type: ignore[no-untyped-def]
    try:
        return min(max(int(request.GET.get("year") or today.year), 2000), today.year)
    except ValueError:
        return today.year


def _check(request: HttpRequest) -> None:
    if not roles_of(request.user) & {Role.SUPERVISOR, Role.ADMIN}:
        raise NotPermitted("仅公开办（监督）和平台管理员可查看考核评估。")


def _result(request: HttpRequest, today):  # type: ignore[no-untyped-def]
    """The published (frozen) result of the year if there is one, else computed now."""
    year = _year(request, today)
    published = published_assessment_for(request.user, year=year)
    if published is not None:
        return result_from_json(published.snapshot), published
    return assessment_for(request.user, year=year, today=today), None


@login_required
def assessment_page(request: HttpRequest) -> HttpResponse:
    _check(request)
    today = timezone.localdate()
    result, published = _result(request, today)
    return render(
        request,
        "backoffice/assessment/page.html",
        {
            "result": result,
            "year": result.year,
            "published": published,
            "may_publish": published is None
            and result.year < today.year
            and Role.SUPERVISOR in roles_of(request.user),
        },
    )


@login_required
@require_POST
def assessment_publish_view(request: HttpRequest) -> HttpResponse:
    _check(request)
    today = timezone.localdate()
    try:
        year = int(request.POST.get("year") or today.year)
    except ValueError:
        year = today.year
    try:
        assessment_publish(actor=request.user, year=year, today=today)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{year}年度考核结果已发布，此后不再随数据变化。")
    return redirect(f"{reverse('backoffice:assessment')}?year={year}")


@login_required
def assessment_export(request: HttpRequest) -> HttpResponse:
    _check(request)
    today = timezone.localdate()
    result, _ = _result(request, today)
    base = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(assessment_xlsx(result, base_url=base), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{result.year}年度政务公开考核评估.xlsx"
    )
    return response
