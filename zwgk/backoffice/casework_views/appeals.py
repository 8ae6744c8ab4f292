"""Appeals: the list, filing one from a case, its details, result and documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.backoffice import casework_forms as f
from zwgk.backoffice.casework_views.service_calls import _act
from zwgk.casework import appeals
from zwgk.foi.selectors import READ_ROLES
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role, organizations_with_role


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    if not organizations_with_role(request.user, *READ_ROLES).exists():
        raise Http404
    org, result, kind = (request.GET.get(k, "")[:64] for k in ("organization", "result", "kind"))
    rows = appeals.appeal_rows(request.user, organization_code=org, result=result, kind=kind)
    return render(
        request,
        "backoffice/casework/appeals.html",
        {
            "rows": rows,
            "counts": appeals.appeal_counts(rows),
            "result": result,
            "kind": kind,
            "organization": org,
            "organizations": organizations_with_role(request.user, *READ_ROLES)
            .filter(foi_applications__isnull=False)
            .distinct(),
            "results": appeals.RESULT_LABELS,
        },
    )


@login_required
@require_POST
def appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    form = f.AppealFileForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        record = _act(
            request,
            lambda: appeals.appeal_file(
                actor=request.user,
                application_id=pk,
                kind=c["kind"],
                on=c["on"],
                body_name=c["body_name"],
                case_number=c["case_number"],
                after_reconsideration=c["after_reconsideration"],
                note=c["note"],
            ),
            "已登记。",
        )
        if record is not None:
            return redirect("backoffice:casework_appeal", pk=record.filed_event_id)
    else:
        messages.error(request, "请填写提出日期和复议机关或受理法院。")
    return redirect("backoffice:casework_case", pk=pk)


@login_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        event = appeals.access_appeal_filed_event(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该复议诉讼。") from None
    row = next(
        r for r in appeals.appeal_rows(request.user, application_id=event.application_id) if r.filed.pk == pk
    )
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "details":
            form = f.AppealDetailsForm(request.POST)
            if form.is_valid():
                _act(
                    request,
                    lambda: appeals.appeal_update(actor=request.user, filed_event_id=pk, **form.cleaned_data),
                    "已保存。",
                )
        elif step == "accept":
            form = f.AppealAcceptForm(request.POST)
            if form.is_valid():
                _act(
                    request,
                    lambda: appeals.appeal_accept(actor=request.user, filed_event_id=pk, **form.cleaned_data),
                    "已登记受理。",
                )
            else:
                messages.error(request, "请填写受理日期并选择审理程序。")
        elif step == "decide":
            form = f.AppealDecisionForm(request.POST)
            if form.is_valid():
                _act(
                    request,
                    lambda: appeals.appeal_decide(actor=request.user, filed_event_id=pk, **form.cleaned_data),
                    "已登记结果。",
                )
            else:
                messages.error(request, "请填写日期并选择结果。")
        elif step == "document":
            form = f.AppealDocumentForm(request.POST, request.FILES)
            if form.is_valid():
                c = form.cleaned_data
                _act(
                    request,
                    lambda: appeals.appeal_add_document(
                        actor=request.user, filed_event_id=pk, label=c["label"], upload=c["file"]
                    ),
                    "材料已上传。",
                )
        return redirect("backoffice:casework_appeal", pk=pk)
    record = row.record
    return render(
        request,
        "backoffice/casework/appeal.html",
        {
            "row": row,
            "case": event.application,
            "record": record,
            "documents": record.documents.all() if record else [],
            "details_form": f.AppealDetailsForm(
                initial={
                    "body_name": record.body_name,
                    "case_number": record.case_number,
                    "note": record.note,
                }
                if record
                else None
            ),
            "decision_form": f.AppealDecisionForm() if row.decided is None else None,
            "accept_form": f.AppealAcceptForm()
            if row.kind == "reconsideration" and row.accepted is None and row.decided is None
            else None,
            "document_form": f.AppealDocumentForm(),
            "may_act": has_role(request.user, event.application.organization, Role.HANDLER, Role.OFFICE_HEAD),
        },
    )


@login_required
def appeal_document(request: HttpRequest, pk: int) -> FileResponse:
    try:
        document = appeals.access_appeal_document(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
