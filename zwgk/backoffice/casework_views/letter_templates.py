"""Letter templates: the list with each one's legal checklist, and new versions (administrators)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zwgk.backoffice import casework_forms as f
from zwgk.backoffice.casework_views.service_calls import _act
from zwgk.casework import letters
from zwgk.casework.domain import letter_texts as texts
from zwgk.casework.models import LetterTemplate
from zwgk.organizations.permissions import is_platform_admin, roles_of


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
