"""Website-monitoring pages: the supervising office's dashboard, a site's history with charts, a
round's findings, site and column registration, and harvesting into drafts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.backoffice.monitoring_forms import ColumnForm, HarvestForm, SiteForm
from zwgk.core.errors import DomainError
from zwgk.monitoring import selectors, services
from zwgk.monitoring.checks.freshness import column_kind_label
from zwgk.monitoring.labels import ITEM_LABELS, VETO_LABELS
from zwgk.monitoring.models import InspectionRound, Site


def _site_or_404(user: Any, pk: int) -> Site:
    try:
        return selectors.access_site(user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该网站。") from None


def _form_errors(form: forms.Form, exc: DomainError) -> None:
    form.add_error(None, exc.message)
    for name, message in exc.fields.items():
        if name in form.fields:
            form.add_error(name, message)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    rows = selectors.dashboard_rows(request.user)
    failing_only = request.GET.get("failing") == "1"
    failing = [r for r in rows if r.failing_ipv6_target]
    shown = failing if failing_only else rows
    return render(
        request,
        "backoffice/monitoring/dashboard.html",
        {
            "rows": shown,
            "total": len(rows),
            "failing": len(failing),
            "vetoed": sum(1 for r in rows if r.open_vetoes),
            "unchecked": sum(1 for r in rows if r.latest is None),
            "unreachable": sum(1 for r in rows if r.unreachable),
            "failing_only": failing_only,
            "can_manage": selectors.can_manage_sites(request.user),
            "veto_labels": VETO_LABELS,
        },
    )


@login_required
def site_new(request: HttpRequest) -> HttpResponse:
    organizations = selectors.manageable_organizations(request.user)
    if not selectors.can_manage_sites(request.user):
        raise Http404("只有公开办（监督）和平台管理员可以登记监测网站。")
    form = SiteForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(actor=request.user, data=form.to_input())
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已登记网站“{site.name}”。")
            return redirect("backoffice:monitoring_site", pk=site.pk)
    return render(request, "backoffice/monitoring/site_form.html", {"form": form, "site": None})


@login_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site_or_404(request.user, pk)
    if not selectors.can_manage_sites(request.user, site.organization):
        raise Http404("只有公开办（监督）和平台管理员可以修改监测网站。")
    form = SiteForm(
        request.POST or None,
        initial=SiteForm.initial_for(site),
        organizations=selectors.manageable_organizations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.site_update(actor=request.user, site_id=site.pk, data=form.to_input())
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "网站信息已保存。")
            return redirect("backoffice:monitoring_site", pk=site.pk)
    return render(request, "backoffice/monitoring/site_form.html", {"form": form, "site": site})


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site_or_404(request.user, pk)
    history = selectors.round_history(site)
    chart = {
        "dates": [r.finished_at.strftime("%m-%d %H:%M") if r.finished_at else "" for r in history],
        "depth2": [None if r.depth2_ratio is None else round(r.depth2_ratio * 100, 1) for r in history],
        "depth3": [None if r.depth3_ratio is None else round(r.depth3_ratio * 100, 1) for r in history],
        "broken": [r.broken_links for r in history],
        "stale": [r.stale_columns for r in history],
        "empty": [r.empty_columns for r in history],
    }
    return render(
        request,
        "backoffice/monitoring/site.html",
        {
            "site": site,
            "history": list(reversed(history)),
            "chart": chart,
            "columns": site.columns.all(),
            "open_round": site.rounds.open().first(),
            "open_vetoes": site.veto_alerts.filter(cleared_at__isnull=True),
            "harvests": site.harvests.all()[:10],
            "column_form": ColumnForm(),
            "can_manage": selectors.can_manage_sites(request.user, site.organization),
            "can_harvest": selectors.can_harvest(request.user, site.organization),
            "veto_labels": VETO_LABELS,
        },
    )


@login_required
@require_POST
def site_run(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        rnd = services.round_request(actor=request.user, site_id=pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该网站。") from None
    messages.success(request, "巡检已排队，完成后结果显示在本页。")
    return redirect("backoffice:monitoring_round", pk=rnd.pk)


@login_required
def column_save(request: HttpRequest, pk: int, column_id: int | None = None) -> HttpResponse:
    site = _site_or_404(request.user, pk)
    initial = {}
    if column_id is not None:
        column = site.columns.filter(pk=column_id).first()
        if column is None:
            raise Http404("未找到该栏目。")
        initial = {n: getattr(column, n) for n in ("name", "url", "kind", "max_age_days", "sort_order")}
    form = ColumnForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.column_save(
                actor=request.user, site_id=site.pk, column_id=column_id, values=form.cleaned_data
            )
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "栏目已保存。")
            return redirect("backoffice:monitoring_site", pk=site.pk)
    return render(
        request,
        "backoffice/monitoring/column_form.html",
        {"form": form, "site": site, "column_id": column_id},
    )


@login_required
@require_POST
def column_delete(request: HttpRequest, pk: int, column_id: int) -> HttpResponse:
    try:
        services.column_delete(actor=request.user, site_id=pk, column_id=column_id)
    except ObjectDoesNotExist:
        raise Http404("未找到该栏目。") from None
    messages.success(request, "栏目已移除。")
    return redirect("backoffice:monitoring_site", pk=pk)


def _round_or_404(user: Any, pk: int) -> InspectionRound:
    try:
        return selectors.access_round(user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该巡检。") from None


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round_or_404(request.user, pk)
    details = rnd.details or {}
    columns = [{**c, "kind_label": column_kind_label(c.get("kind", ""))} for c in details.get("columns", [])]
    return render(
        request,
        "backoffice/monitoring/round.html",
        {
            "round": rnd,
            "site": rnd.site,
            "broken": details.get("broken", []),
            "problem_columns": [c for c in columns if c["stale"] or c["empty"] or c["items"] is None],
            "columns": columns,
            "details": details,
            "deductions": [{**d, "label": ITEM_LABELS.get(d["item"], d["item"])} for d in rnd.deductions],
            "veto_labels": VETO_LABELS,
            # Facts behind the vetoes fed by other apps (monitoring.veto_sources, decision 0037).
            "interaction": details.get("sources", {}).get("interaction"),
            "guide_facts": details.get("sources", {}).get("service_guides"),
        },
    )


@login_required
def round_progress(request: HttpRequest, pk: int) -> JsonResponse:
    rnd = _round_or_404(request.user, pk)
    return JsonResponse(
        {
            "status": rnd.status,
            "status_label": rnd.get_status_display(),
            "pages_done": rnd.pages_done,
            "pages_total": rnd.pages_total,
            "finished": not rnd.is_open,
        }
    )


@login_required
def harvest_new(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site_or_404(request.user, pk)
    if not selectors.can_harvest(request.user, site.organization):
        raise Http404("只有本机构的信息员或审签人可以采集旧网站内容。")
    form = HarvestForm(request.POST or None, initial={"start_url": site.home_url})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.harvest_request(actor=request.user, site_id=site.pk, **form.cleaned_data)
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "采集已排队；生成的草稿需经核对、报送审签后才会发布。")
            return redirect("backoffice:monitoring_harvest", pk=run.pk)
    return render(request, "backoffice/monitoring/harvest_form.html", {"form": form, "site": site})


@login_required
def harvest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        run = selectors.access_harvest(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该采集。") from None
    pages = list(run.pages.select_related("document"))
    return render(
        request,
        "backoffice/monitoring/harvest.html",
        {
            "run": run,
            "site": run.site,
            "pages": pages,
            "unparsed": [p for p in pages if p.outcome == "unparsed"],
        },
    )
