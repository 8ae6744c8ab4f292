"""Public pages of service transparency (issue 24): guides with search, 一件事 packages, and the
progress lookup. The case number and verification code are posted, never put in a URL (they
would land in logs and browser history), with proof of work and a rate limit like tracking."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from zwgk.catalog.attachments import download_response
from zwgk.core import ratelimit
from zwgk.organizations.models import Organization
from zwgk.portal.catalog_views import cached_public_page
from zwgk.portal.proof_of_work import AltchaField, proof_accepted
from zwgk.services import guides, packages, progress
from zwgk.services.models import (
    Guide,
    GuideMaterial,
    GuideState,
    KeyElement,
    MaterialFile,
    Package,
    ProgressCase,
)
from zwgk.services.page_scopes import SERVICES

PAGE_SIZE = 20


@cached_public_page(SERVICES)
def guide_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    code = request.GET.get("organization", "")
    org = Organization.objects.filter(code=code).first() if code else None
    page = Paginator(guides.public_guides(organization=org, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    agencies = Organization.objects.filter(service_guides__published__isnull=False).distinct()
    return render(
        request,
        "portal/services/guides.html",
        {
            "page": page,
            "q": q,
            "org": org,
            "agencies": agencies,
            "packages": packages.public_packages(),
        },
    )


@cached_public_page("service-guide:{pk}")
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        guide = guides.public_guide(pk)
    except Guide.DoesNotExist:
        raise Http404("办事指南不存在") from None
    version = guide.published
    if version is None:  # withdrawn (停止办理): say so where the links lead, 410 for robots
        return render(
            request,
            "portal/services/guide_withdrawn.html",
            {"guide": guide, "packages": guide.packages.filter(public=True)},
            status=410,
        )
    return render(
        request,
        "portal/services/guide.html",
        {
            "guide": guide,
            "version": version,
            "materials": version.materials.all(),
            "steps": [line.strip() for line in version.procedure.splitlines() if line.strip()],
            "missing": [KeyElement(m).label for m in version.missing],
            "packages": guide.packages.filter(public=True),
        },
    )


@cached_public_page("service-package:{code}")
def package_detail(request: HttpRequest, code: str) -> HttpResponse:
    package = (
        Package.objects.filter(public=True, code=code)
        .select_related("lead")
        .prefetch_related(
            Prefetch("items__guide__published__materials", queryset=GuideMaterial.objects.all())
        )
        .first()
    )
    if package is None:
        raise Http404("一件事不存在")
    members = packages.package_guides(package)
    return render(
        request,
        "portal/services/package.html",
        {
            "package": package,
            "guides": members,
            "agencies": sorted({g.organization.name for g in members}),
            "checklist": packages.combined_checklist(members),
            "gaps": packages.package_gaps(members),
        },
    )


@require_GET
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    """A blank form or sample of a material of a published guide, always as a download."""
    shown = GuideMaterial.objects.filter(
        Q(template_file_id=pk) | Q(sample_file_id=pk), version__state=GuideState.PUBLISHED
    )
    row = MaterialFile.objects.filter(pk=pk).first()
    if row is None or not shown.exists():
        raise Http404("文件不存在")
    return download_response(row)


class ProgressForm(forms.Form):
    case_no = forms.CharField(label="办件编号", max_length=64, help_text="受理回执上的办件编号")
    code = forms.CharField(label="查询验证码", max_length=64, help_text="受理回执或短信中的查询验证码")
    altcha = AltchaField()


@never_cache
@require_http_methods(["GET", "POST"])
def progress_lookup(request: HttpRequest) -> HttpResponse:
    result = None
    not_found = False
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and proof_accepted(form):
        ratelimit.hit(request, "tracking_lookup")
        try:
            case = progress.lookup(form.cleaned_data["case_no"], form.cleaned_data["code"])
            result = progress.public_answer(case, today=timezone.localdate())
        except ProgressCase.DoesNotExist:
            not_found = True
        # The code is never echoed back into the page (it may be left open on a shared screen).
        form = ProgressForm(initial={"case_no": form.cleaned_data["case_no"]})
    return render(
        request,
        "portal/services/progress.html",
        {"form": form, "result": result, "not_found": not_found},
        status=404 if not_found else 200,
    )
