"""Annual-report pages: the live report with its checks, the entered figures, the texts (with a
draft from the data), publishing, the consolidation scope, exports and the figures import."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from zwgk.backoffice.reports_forms import (
    Part2EntryForm,
    Part2ImportForm,
    PublishForm,
    ReportSelectForm,
    ReportTextForm,
)
from zwgk.core.errors import DomainError
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role
from zwgk.reports import drafts, selectors, services
from zwgk.reports.exports import FORMATS, download
from zwgk.reports.layout import parts
from zwgk.reports.models import Part2Entry


def _org_or_404(user, code):
    try:
        return selectors.access_report_organization(user, code)
    except ObjectDoesNotExist:
        raise Http404("未找到该机构。") from None


def _page_url(org, year) -> str:
    return f"{reverse('backoffice:report_annual')}?organization={org.code}&year={year}"


def _add_errors(form, exc: DomainError) -> None:
    form.add_error(None, exc.message)
    for name, message in exc.fields.items():
        if name in form.fields:
            form.add_error(name, message)


def _render_page(request, org, year, *, part2_form=None, text_form=None, publish_form=None, status=200):
    user, today = request.user, timezone.localdate()
    report = selectors.live_report(org, year)
    text = selectors.report_text(org, year)
    snapshot = services.build_snapshot(org, year, report=report, text=text)
    can_edit = selectors.can_edit(user, org)
    drafted = False
    if can_edit and part2_form is None:
        entry = Part2Entry.objects.filter(organization=org, year=year).first()
        initial = (
            {name: getattr(entry, name) for name in [*services.PART2_ENTRY_FIELDS, "source_note"]}
            if entry
            else {}
        )
        part2_form = Part2EntryForm(initial=initial or {name: 0 for name in services.PART2_ENTRY_FIELDS})
    if can_edit and text_form is None:
        if text is not None:
            text_form = ReportTextForm(initial={name: getattr(text, name) for name in services.TEXT_FIELDS})
        else:
            text_form = ReportTextForm(
                initial=drafts.text_drafts(user, org, year, report=report, today=today)
            )
            drafted = True
    can_publish = selectors.can_publish(user, org) and year < today.year
    if can_publish and publish_form is None:
        publish_form = PublishForm()
    select_form = ReportSelectForm(
        initial={"organization": org.code, "year": year},
        organizations=selectors.report_organizations_for(user),
    )
    is_government = selectors.is_government(org)
    constituents = [
        {
            "org": member,
            "received": r["part3"]["rows"]["1"]["total"],
            "carried": r["part3"]["rows"]["2"]["total"],
            "closed": r["part3"]["rows"]["3.7"]["total"],
            "open_at_end": r["part3"]["rows"]["4"]["total"],
            "appeals": sum(group["total"] for group in r["part4"].values()),
            "problems": len(r["checks"]["problems"]),
        }
        for member, r in (selectors.report_constituents(org, year) if is_government else [])
    ]
    return render(
        request,
        "backoffice/reports/annual.html",
        {
            "org": org,
            "year": year,
            "report": report,
            "checks": report["checks"],
            "parts": parts(snapshot),
            "select_form": select_form,
            "part2_form": part2_form,
            "text_form": text_form,
            "drafted": drafted,
            "publish_form": publish_form,
            "versions": selectors.published_versions(org, year),
            "is_government": is_government,
            "constituents": constituents,
            "includes_districts": is_government and selectors.includes_districts(org),
            "can_set_scope": is_government and has_role(user, org, Role.SUPERVISOR),
            "year_over": year < today.year,
        },
        status=status,
    )


@login_required
def annual(request):
    organizations = selectors.report_organizations_for(request.user)
    if not organizations:
        raise Http404("您没有可查看的年度报告。")
    # The agency goes through the permission check itself: another agency's code is a 403, not
    # a silent switch to the user's own report.
    org = _org_or_404(request.user, request.GET.get("organization") or organizations[0].code)
    today_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or today_year - 1)
        selectors.check_year(year, today_year=today_year)
    except (ValueError, DomainError):
        year = today_year - 1
    return _render_page(request, org, year)


@login_required
@require_POST
def part2_save(request, code, year):
    org = _org_or_404(request.user, code)
    form = Part2EntryForm(request.POST)
    if form.is_valid():
        try:
            services.part2_entry_save(actor=request.user, organization=org, year=year, data=form.as_input())
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "第二部分填报数已保存。")
            return redirect(_page_url(org, year))
    return _render_page(request, org, year, part2_form=form, status=400)


@login_required
@require_POST
def texts_save(request, code, year):
    org = _org_or_404(request.user, code)
    form = ReportTextForm(request.POST)
    if form.is_valid():
        try:
            services.report_text_save(actor=request.user, organization=org, year=year, **form.cleaned_data)
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "文字部分已保存。")
            return redirect(_page_url(org, year))
    return _render_page(request, org, year, text_form=form, status=400)


@login_required
@require_POST
def publish(request, code, year):
    org = _org_or_404(request.user, code)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            published = services.report_publish(
                actor=request.user,
                organization=org,
                year=year,
                correction_reason=form.cleaned_data["correction_reason"],
                accept_problems=form.cleaned_data["accept_problems"],
            )
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已发布第{published.version}版，门户网站即时可见。")
            return redirect(_page_url(org, year))
    return _render_page(request, org, year, publish_form=form, status=400)


@login_required
@require_POST
def scope_save(request, code, year):
    org = _org_or_404(request.user, code)
    services.consolidation_scope_set(
        actor=request.user, government=org, include_districts=request.POST.get("include_districts") == "on"
    )
    messages.success(request, "汇总范围已更新。")
    return redirect(_page_url(org, year))


@login_required
def draft_file(request, code, year, fmt):
    """The live report as a file, for checking before publishing (marked as a draft)."""
    if fmt not in FORMATS:
        raise Http404("不支持的格式。")
    org = _org_or_404(request.user, code)
    report = selectors.live_report(org, year)
    snapshot = services.build_snapshot(org, year, report=report, text=selectors.report_text(org, year))
    return download(snapshot, fmt, suffix="（未发布稿）")


@login_required
def part2_import(request):
    form = Part2ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.part2_entries_import(actor=request.user, fileobj=form.cleaned_data["file"])
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            if not result.errors:
                messages.success(request, f"已导入 {result.saved} 个机构的填报数。")
                return redirect("backoffice:report_part2_import")
    return render(
        request,
        "backoffice/reports/import.html",
        {"form": form, "result": result, "headers": list(services.IMPORT_HEADERS)},
        status=400 if result is not None and result.errors else 200,
    )


@login_required
def part2_import_template(request):
    """An empty sheet with the header row the import expects, one row per agency the user may fill."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "年报填报数"
    sheet.append(list(services.IMPORT_HEADERS))
    year = timezone.localdate().year - 1
    for org in selectors.report_organizations_for(request.user):
        if selectors.can_edit(request.user, org):
            sheet.append([org.code, year, None, None, None, None, org.name])
    for column, width in zip("ABCDEFG", (18, 8, 10, 10, 10, 22, 40), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=FORMATS["xlsx"][1])
    response["Content-Disposition"] = content_disposition_header(True, "年报第二部分填报模板.xlsx")
    return response
