"""The casework page of one case and its letters: draft, edit, sign-off, download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.backoffice import casework_forms as f
from zwgk.backoffice.casework_views.service_calls import _act
from zwgk.backoffice.review_views import signoff_panel
from zwgk.casework import letters
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.downloads import letter_file_response
from zwgk.casework.panel import case_panel
from zwgk.core.calendars import calendar_current
from zwgk.foi.models import Application
from zwgk.foi.selectors import READ_ROLES
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role


def _application(request: HttpRequest, pk: int) -> Any:
    # Reviewers sign the agency's letters, so they reach its cases' casework too.
    orgs = organizations_with_role(request.user, *READ_ROLES, Role.REVIEWER)
    try:
        return Application.objects.filter(organization__in=orgs).select_related("organization").get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该申请。") from None


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
    return render(
        request,
        "backoffice/casework/letter.html",
        {
            "letter": letter,
            "case": letter.application,
            "form": form,
            "markers": texts.markers(letter.body),
            **signoff_panel(request.user, letter),
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
