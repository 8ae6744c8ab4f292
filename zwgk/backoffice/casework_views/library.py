"""The anonymised case library: search, a draft from a case, editing, review and publication."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.backoffice import casework_forms as f
from zwgk.backoffice.casework_views.service_calls import _act
from zwgk.casework import library
from zwgk.casework.models import LibraryState
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role, roles_of
from zwgk.review.selectors import review_history


@login_required
def library_list(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user):
        raise Http404
    form = f.LibrarySearchForm(request.GET or None)
    q = outcome = ""
    if form.is_valid():
        q, outcome = form.cleaned_data["q"], form.cleaned_data["outcome"]
    cases = library.library_search(
        request.user, q=q, outcome=outcome, ground=request.GET.get("ground", "")[:50]
    )[:200]
    return render(request, "backoffice/casework/library.html", {"form": form, "cases": cases})


@login_required
@require_POST
def library_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = _act(
        request,
        lambda: library.library_case_create(actor=request.user, application_id=pk),
        "已生成脱敏案例草稿，请审阅。",
    )
    if case is None:
        return redirect("backoffice:casework_case", pk=pk)
    return redirect("backoffice:casework_library_case", pk=case.pk)


@login_required
def library_case(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = library.access_library_case(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该案例。") from None
    form = f.LibraryCaseForm(
        request.POST or None,
        initial={
            "title": case.title,
            "request_summary": case.request_summary,
            "reasoning": case.reasoning,
            "tags": case.tags,
        },
    )
    if request.method == "POST":
        step = request.POST.get("step", "save")
        if step in ("save", "submit") and form.is_valid():
            saved = _act(
                request,
                lambda: library.library_case_update(actor=request.user, pk=pk, **form.cleaned_data),
                "已保存。",
            )
            if saved is not None and step == "submit":
                _act(request, lambda: library.library_case_submit(actor=request.user, pk=pk), "已提交审核。")
        elif step in ("publish", "unpublish"):
            _act(
                request,
                lambda: library.library_case_set_public(actor=request.user, pk=pk, public=step == "publish"),
                "已在门户网站公布。" if step == "publish" else "已撤下。",
            )
        return redirect("backoffice:casework_library_case", pk=pk)
    org = case.organization
    return render(
        request,
        "backoffice/casework/library_case.html",
        {
            "case": case,
            "form": form,
            "editable": case.state == LibraryState.DRAFT and has_role(request.user, org, *library.EDIT_ROLES),
            "may_publish": case.state == LibraryState.APPROVED
            and has_role(request.user, org, Role.OFFICE_HEAD, Role.REVIEWER),
            "history": review_history(case),
        },
    )
