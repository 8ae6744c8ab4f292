"""办事指南 in the back office: the agency's guides with their versions, what each lacks, the
on-time figures of their cases, and sending a draft to sign-off (the one review engine's queue
and panel, decision 0027). Drafts are written through the API (`PUT /api/v1/staff/guides/{id}`)
or these pages' successors; here staff see, check and submit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.backoffice.review_views import signoff_panel
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.services import guides, progress
from zwgk.services.models import Guide, GuideVersion, KeyElement


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
