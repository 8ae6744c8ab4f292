"""Published annual reports on the portal (Art. 50): the list, a report page, its files.

Only published snapshots are shown here, never live data: what the public reads is what the
agency published, version by version.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from zwgk.core.page_cache import cached_page
from zwgk.organizations.models import Organization
from zwgk.reports import selectors
from zwgk.reports.exports import FORMATS, download
from zwgk.reports.layout import parts


def _published(code: str, year: int, version: str | None):
    try:
        number = int(version) if version else None
        return selectors.public_report(code, year, number)
    except (ValueError, ObjectDoesNotExist):
        raise Http404("没有已发布的年度报告。") from None


@require_GET
@cached_page("reports")
def annual_report_list(request):
    """Every agency's published reports, or one agency's (?organization=, from its agency page)."""
    organization = Organization.objects.filter(
        code=request.GET.get("organization", "")[:64], is_active=True
    ).first()
    reports = selectors.public_report_list(organization=organization)
    years = sorted({r.year for r in reports}, reverse=True)
    return render(
        request,
        "portal/reports/annual_list.html",
        {"by_year": [(y, [r for r in reports if r.year == y]) for y in years], "organization": organization},
    )


@require_GET
@cached_page("reports")
def annual_report_page(request, code, year):
    report = _published(code, year, request.GET.get("version"))
    versions = selectors.published_versions(report.organization, year)
    return render(
        request,
        "portal/reports/annual.html",
        {
            "report": report,
            "snapshot": report.snapshot,
            "parts": parts(report.snapshot),
            "versions": versions,
            "is_latest": report.version == versions[0].version,
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def annual_report_file(request, code, year, fmt):
    if fmt not in FORMATS:
        raise Http404("不支持的格式。")
    report = _published(code, year, request.GET.get("version"))
    suffix = f"（第{report.version}版）" if report.version > 1 else ""
    return download(report.snapshot, fmt, suffix=suffix)
