"""Casework pages: letters (edit, preview, sign-off, download), templates, appeals, the case library,
conversion to proactive disclosure. Views parse input, call one service of `zwgk.casework`, render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.backoffice import casework_forms as f
from zwgk.casework import appeals, conversion, letters, library
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.downloads import letter_file_response
from zwgk.casework.models import GroupState, LetterState, LetterTemplate, LibraryState
from zwgk.casework.panel import case_panel
from zwgk.core.calendars import calendar_current
from zwgk.core.errors import DomainError
from zwgk.foi.models import Application
from zwgk.foi.selectors import READ_ROLES
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role, is_platform_admin, organizations_with_role, roles_of
from zwgk.review.selectors import review_history


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> Any:
    """Run one service call; a refusal becomes a message on the page the user returns to."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    except ObjectDoesNotExist:
        raise Http404("未找到。") from None
    messages.success(request, success)
    return result


def _application(request: HttpRequest, pk: int) -> Any:
    # Reviewers sign the agency's letters, so they reach its cases' casework too.
    orgs = organizations_with_role(request.user, *READ_ROLES, Role.REVIEWER)
    try:
        return Application.objects.filter(organization__in=orgs).select_related("organization").get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该申请。") from None


# --- The casework of one case ---------------------------------------------------------------------


@login_required
def case_casework(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    panel = case_panel(request.user, application, today=timezone.localdate(), cal=calendar_current())
    return render(
        request,
        "backoffice/casework/case.html",
        {
            "case": application,
            "panel": panel,
            "draft_form": f.LetterDraftForm(),
            "appeal_form": f.AppealFileForm(),
        },
    )


@login_required
@require_POST
def letter_new(request: HttpRequest, pk: int) -> HttpResponse:
    form = f.LetterDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("backoffice:casework_case", pk=pk)
    c = form.cleaned_data
    letter = _act(
        request,
        lambda: letters.letter_draft(
            actor=request.user,
            application_id=pk,
            kind=c["kind"],
            variant=c["variant"] if c["kind"] == "reply" else "",
            extra={"referral_agency": c["referral_agency"], "referral_contact": c["referral_contact"]},
        ),
        "文书草稿已生成。",
    )
    if letter is None:
        return redirect("backoffice:casework_case", pk=pk)
    return redirect("backoffice:casework_letter", pk=letter.pk)


def _letter(request: HttpRequest, pk: int) -> Any:
    try:
        return letters.access_letter(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该文书。") from None


@login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    form = f.LetterBodyForm(request.POST or None, initial={"body": letter.body})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        saved = _act(
            request,
            lambda: letters.letter_update(actor=request.user, letter_id=pk, body=form.cleaned_data["body"]),
            "已保存。",
        )
        if saved is not None and action == "submit":
            _act(request, lambda: letters.letter_submit(actor=request.user, letter_id=pk), "已报审签。")
        return redirect("backoffice:casework_letter", pk=pk)
    org = letter.application.organization
    return render(
        request,
        "backoffice/casework/letter.html",
        {
            "letter": letter,
            "case": letter.application,
            "form": form,
            "markers": texts.markers(letter.body),
            "history": review_history(letter),
            "may_decide": letter.state == LetterState.SUBMITTED
            and has_role(request.user, org, Role.REVIEWER),
            "decision_form": f.DecisionForm(),
        },
    )


@login_required
@require_POST
def letter_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    comment = request.POST.get("comment", "")
    actions: dict[str, tuple[Callable[[], Any], str]] = {
        "submit": (lambda: letters.letter_submit(actor=request.user, letter_id=pk), "已报审签。"),
        "regenerate": (
            lambda: letters.letter_regenerate(actor=request.user, letter_id=pk),
            "已按现行模板重新生成。",
        ),
        "approve": (
            lambda: letters.letter_approve(actor=request.user, letter_id=pk, comment=comment),
            "已审签。",
        ),
        "return": (
            lambda: letters.letter_return(actor=request.user, letter_id=pk, comment=comment),
            "已退回修改。",
        ),
    }
    if action not in actions:
        raise Http404
    call, message = actions[action]
    _act(request, call, message)
    return redirect("backoffice:casework_letter", pk=pk)


@login_required
def letter_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return letter_file_response(_letter(request, pk), fmt)


# --- Templates (administrators) -------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user):
        raise Http404
    rows = []
    for kind, variant in texts.template_keys():
        body, version = letters.template_current(kind, variant)
        rows.append(
            {
                "kind": kind,
                "variant": variant,
                "label": f"{kind.label} {texts.variant_label(kind, variant)}".strip(),
                "version": version,
                "problems": texts.check_template(kind, variant, body),
            }
        )
    return render(
        request,
        "backoffice/casework/templates.html",
        {"rows": rows, "may_edit": is_platform_admin(request.user)},
    )


@login_required
def template_edit(request: HttpRequest, kind: str, variant: str = "") -> HttpResponse:
    try:
        letter_kind = texts.LetterKind(kind)
    except ValueError:
        raise Http404 from None
    if (letter_kind, variant) not in texts.template_keys() or not roles_of(request.user):
        raise Http404
    body, version = letters.template_current(kind, variant)
    form = f.TemplateForm(request.POST or None, initial={"body": body})
    if request.method == "POST" and form.is_valid():
        saved = _act(
            request,
            lambda: letters.template_save(
                actor=request.user,
                kind=kind,
                variant=variant,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
            ),
            "已保存为新版本。",
        )
        if saved is not None:
            return redirect("backoffice:casework_templates")
    return render(
        request,
        "backoffice/casework/template_edit.html",
        {
            "kind": letter_kind,
            "variant_label": texts.variant_label(letter_kind, variant),
            "version": version,
            "form": form,
            "requirements": texts.requirements(letter_kind, variant),
            "placeholders": texts.PLACEHOLDERS.items(),
            "versions": LetterTemplate.objects.filter(kind=kind, variant=variant)[:20],
            "may_edit": is_platform_admin(request.user),
        },
    )


# --- Appeals ----------------------------------------------------------------------------------------


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


# --- The case library ---------------------------------------------------------------------------------


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


# --- Conversion to proactive disclosure ----------------------------------------------------------------


@login_required
def conversion_groups(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user):
        raise Http404
    if request.method == "POST":
        found = conversion.conversion_groups_propose()
        messages.success(request, f"已重新分组，新发现或更新 {len(found)} 组。")
        return redirect("backoffice:casework_groups")
    year = timezone.localdate().year
    state = request.GET.get("state", "")
    if state not in GroupState.values:
        state = ""
    return render(
        request,
        "backoffice/casework/groups.html",
        {
            "groups": conversion.groups_for(request.user, state=state),
            "state": state,
            "states": GroupState.choices,
            "year": year,
            "stats": sorted(
                conversion.conversions_per_agency(
                    year=year,
                    organizations=organizations_with_role(
                        request.user, *READ_ROLES, Role.EDITOR, Role.REVIEWER
                    ),
                ).items()
            ),
        },
    )


@login_required
@require_POST
def group_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action in ("confirm", "dismiss"):
        _act(
            request,
            lambda: conversion.conversion_group_decide(
                actor=request.user, group_id=pk, confirm=action == "confirm"
            ),
            "已处理。",
        )
    elif action == "convert":
        done = _act(
            request,
            lambda: conversion.conversion_from_group(actor=request.user, group_id=pk),
            "已生成主动公开草稿，报审后发布。",
        )
        if done is not None:
            return redirect("backoffice:catalog_document", done.document_id)
    else:
        raise Http404
    return redirect("backoffice:casework_groups")


@login_required
@require_POST
def convert_case(request: HttpRequest, pk: int) -> HttpResponse:
    done = _act(
        request,
        lambda: conversion.conversion_from_application(actor=request.user, application_id=pk),
        "已生成主动公开草稿，报审后发布。",
    )
    if done is not None:
        return redirect("backoffice:catalog_document", done.document_id)
    return redirect("backoffice:casework_case", pk=pk)
