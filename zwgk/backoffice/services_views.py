"""办事指南 in the back office: the agency's guides with their versions, what each lacks, the
on-time figures of their cases, writing a draft (here or through `PUT /api/v1/staff/guides/{id}`)
and sending it to sign-off (the one review engine's queue and panel, decision 0027)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.backoffice.review_views import signoff_panel
from zwgk.backoffice.services_forms import GuideForm, NewGuideForm
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.organizations.permissions import has_role, organizations_with_role
from zwgk.services import guides, progress
from zwgk.services.models import Guide, GuideVersion, KeyElement


def _saved(form: GuideForm, save: Any) -> bool:
    """Run the service with the valid form's input; its errors go onto the form."""
    if not form.is_valid():
        return False
    try:
        save(form.guide_input())
    except (ValidationFailed, Conflict) as exc:
        form.add_error(None, exc.message)
        for name, error in getattr(exc, "fields", {}).items():
            if name in form.fields:
                form.add_error(name, str(error))
        return False
    return True


@login_required
def guide_new(request: HttpRequest) -> HttpResponse:
    orgs = organizations_with_role(request.user, *guides.EDIT_ROLES)
    if not orgs.exists():
        raise NotPermitted("只有信息员或审签人可以新建办事指南。")
    form = NewGuideForm(request.POST or None, organizations=orgs, initial={"limit_unit": "workdays"})
    created: list[GuideVersion] = []

    def save(data: Any) -> None:
        created.append(
            guides.guide_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                item_code=form.cleaned_data["item_code"],
                data=data,
            )
        )

    if request.method == "POST" and _saved(form, save):
        messages.success(request, "草稿已保存。")
        return redirect("backoffice:services_guide", created[0].guide_id)
    return render(request, "backoffice/services/form.html", {"form": form, "guide": None})


@login_required
def guide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    guide = _guide_or_404(request, pk)
    if not has_role(request.user, guide.organization, *guides.EDIT_ROLES):
        raise NotPermitted(f"只有“{guide.organization.display_name}”的信息员或审签人可以编辑其办事指南。")
    base = guides.open_version(guide) or guide.published or guide.versions.order_by("-number").first()
    form = GuideForm(request.POST or None, initial=GuideForm.initial_from(base) if base else None)

    def save(data: Any) -> None:
        guides.guide_save_draft(actor=request.user, pk=guide.pk, data=data)

    if request.method == "POST" and _saved(form, save):
        messages.success(request, "草稿已保存。")
        return redirect("backoffice:services_guide", guide.pk)
    return render(request, "backoffice/services/form.html", {"form": form, "guide": guide})


@login_required
def guide_list(request: HttpRequest) -> HttpResponse:
    incomplete = request.GET.get("incomplete") == "1"
    qs = guides.incomplete_published(request.user) if incomplete else guides.guides_for(request.user)
    stats = {s.guide.pk: s for s in progress.on_time_statistics(qs)}
    rows = [
        (g, [KeyElement(m).label for m in (g.published.missing if g.published else [])], stats.get(g.pk))
        for g in qs[:500]
    ]
    return render(request, "backoffice/services/list.html", {"rows": rows, "incomplete": incomplete})


def _guide_or_404(request: HttpRequest, pk: int) -> Guide:
    try:
        return guides.access_guide(request.user, pk)
    except Guide.DoesNotExist:
        raise Http404("未找到该办事指南。") from None


@login_required
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    guide = _guide_or_404(request, pk)
    versions = list(guide.versions.prefetch_related("materials"))
    draft = guides.open_version(guide)
    context = {
        "guide": guide,
        "versions": [(v, [KeyElement(m).label for m in v.missing]) for v in versions],
        "draft": draft,
        **(signoff_panel(request.user, draft) if draft is not None else {}),
    }
    return render(request, "backoffice/services/detail.html", context)


@login_required
@require_POST
def guide_submit(request: HttpRequest, pk: int) -> HttpResponse:
    _guide_or_404(request, pk)
    try:
        guides.guide_submit(actor=request.user, pk=pk, note=request.POST.get("note", ""))
        messages.success(request, "已报送审核。")
    except (Conflict, ValidationFailed) as exc:  # NotPermitted goes up: a 403 page
        messages.error(request, exc.message)
    return redirect("backoffice:services_guide", pk)


@login_required
def version_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """The review queue names the version it signs; its page is the guide's."""
    version = GuideVersion.objects.filter(pk=pk).values_list("guide_id", flat=True).first()
    if version is None:
        raise Http404("未找到该版本。")
    _guide_or_404(request, version)
    return redirect("backoffice:services_guide", version)
