"""办事公开 in the back office: enterprises' outlets and complaint channels, kept by their own or
their competent department's 信息员, and the department's periodic check (RULES §3.5)."""

from __future__ import annotations

import base64
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from zwgk.backoffice.directory_forms import (
    ChannelForm,
    DirectoryImportForm,
    OutletForm,
    SectorEditForm,
    SectorForm,
    VerificationForm,
)
from zwgk.core.errors import DomainError, ValidationFailed
from zwgk.directory import selectors, services, spreadsheet
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import is_platform_admin


def _enterprise_or_404(user: Any, code: str) -> Organization:
    try:
        return selectors.access_enterprise(user, code)
    except ObjectDoesNotExist:
        raise Http404("未找到该公共企事业单位。") from None


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.enterprise_status_list_for(request.user, today=timezone.localdate())
    return render(
        request,
        "backoffice/directory/list.html",
        {"rows": rows, "stale": sum(1 for r in rows if r.stale), "days": selectors.STALE_AFTER_DAYS},
    )


def _posted(form: forms.Form, request: HttpRequest, org: Organization, service: Any, message: str) -> bool:
    """Run the service with the valid form's data; errors go onto the form. True when saved."""
    if not form.is_valid():
        return False
    try:
        service(actor=request.user, organization=org, **form.cleaned_data)
    except ValidationFailed as exc:  # NotPermitted goes up: the form may not even be shown
        form.add_error(None, exc.message)
        for name, error in exc.fields.items():
            if name in form.fields and error != "required":
                form.add_error(name, str(error))
        return False
    messages.success(request, message)
    return True


@login_required
def enterprise_detail(request: HttpRequest, code: str) -> HttpResponse:
    org = _enterprise_or_404(request.user, code)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    outlet_form = OutletForm(request.POST if action == "outlet" else None)
    channel_form = ChannelForm(request.POST if action == "channel" else None)
    verify_form = VerificationForm(
        request.POST if action == "verify" else None, initial={"verified_on": timezone.localdate()}
    )
    current_sector = selectors.sector_of(org)
    sector_form = SectorForm(request.POST if action == "sector" else None, initial={"sector": current_sector})
    saves = {
        "sector": (sector_form, services.unit_sector_set, "所属领域已保存。"),
        "outlet": (outlet_form, services.service_outlet_upsert, "服务网点已保存。"),
        "channel": (channel_form, services.complaint_channel_upsert, "投诉渠道已保存。"),
        "verify": (verify_form, services.disclosure_verify, "核实情况已记录。"),
    }
    if action:
        if action not in saves and action not in {"outlet_delete", "channel_delete"}:
            raise Http404
        try:
            if action in saves:
                form, service, message = saves[action]
                saved = _posted(form, request, org, service, message)
            else:
                saved = _delete(request, org, action)
        except DomainError as exc:  # not permitted: said on the page, nothing changed
            messages.error(request, exc.message)
            saved = True
        if saved:
            return redirect("backoffice:directory_enterprise", code=org.code)
    return render(
        request,
        "backoffice/directory/detail.html",
        {
            "org": org,
            "outlets": list(org.service_outlets.all()),
            "channels": list(org.complaint_channels.all()),
            "verifications": selectors.verifications_of(org),
            "can_edit": services.can_edit_directory(request.user, org),
            "can_verify": services.can_verify(request.user, org),
            "outlet_form": outlet_form,
            "channel_form": channel_form,
            "verify_form": verify_form,
            "sector_form": sector_form,
            "sector": current_sector,
        },
    )


def _delete(request: HttpRequest, org: Organization, action: str) -> bool:
    try:
        pk = int(request.POST.get("id", ""))
    except ValueError:
        raise Http404 from None
    # Only rows of this unit: an id of another unit's row is not found here.
    if action == "outlet_delete":
        if not org.service_outlets.filter(pk=pk).exists():
            raise Http404
        services.service_outlet_delete(actor=request.user, outlet_id=pk)
        messages.success(request, "服务网点已删除。")
    else:
        if not org.complaint_channels.filter(pk=pk).exists():
            raise Http404
        services.complaint_channel_delete(actor=request.user, channel_id=pk)
        messages.success(request, "投诉渠道已删除。")
    return True


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def directory_export(request: HttpRequest) -> HttpResponse:
    """The units the user may see, with their outlets: the sheet the import reads back."""
    content = spreadsheet.export_workbook(selectors.enterprises_with_outlets_for(request.user))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "公共企事业单位及服务网点.xlsx")
    return response


@login_required
def directory_import(request: HttpRequest) -> HttpResponse:
    """Upload, see what would be added, changed, left unchanged and refused, then confirm.

    Nothing is written before 确认导入. The file travels back in the confirming form, so the page
    keeps no state between the steps; on confirmation the preview is made again and written only
    if it is still the one staff saw (its digest), else shown again with what changed.
    """
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    errors: dict[str, str] = {}
    plan = None
    content = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["content"]
        try:
            plan = spreadsheet.import_preview(actor=request.user, fileobj=io.BytesIO(data))
            content = base64.b64encode(data).decode()
            if request.POST.get("action") == "import":
                if request.POST.get("digest") != plan.digest:
                    form.add_error(None, "预览之后表格或平台中的数据有变化，请核对下面新的预览后再确认导入。")
                elif not plan.writes:
                    form.add_error(None, "表格与平台中的数据一致，没有需要导入的内容。")
                else:
                    result = spreadsheet.import_apply(actor=request.user, plan=plan)
                    messages.success(
                        request,
                        f"已导入：新增 {result.added} 家单位，更新 {result.changed} 家，"
                        f"{result.unchanged} 家无变化，共 {result.outlets} 个服务网点；"
                        f"{result.refused_rows} 行未导入。",
                    )
                    return redirect("backoffice:directory_enterprises")
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
            errors = {str(k): str(v) for k, v in exc.fields.items()}
            plan = None
    return render(
        request,
        "backoffice/directory/import.html",
        {
            "form": form,
            "errors": errors,
            "headers": spreadsheet.HEADERS,
            "plan": plan,
            "content": content,
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@login_required
def sector_list(request: HttpRequest) -> HttpResponse:
    """The sectors and their competent departments; platform administrators edit them."""
    form = SectorEditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sector_upsert(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:directory_sectors")
        else:
            messages.success(request, "领域已保存。")
            return redirect("backoffice:directory_sectors")
    return render(
        request,
        "backoffice/directory/sectors.html",
        {
            "sectors": selectors.sectors_with_counts(),
            "form": form,
            "may_edit": is_platform_admin(request.user),
        },
    )
