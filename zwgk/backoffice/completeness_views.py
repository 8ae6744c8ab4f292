"""法定主动公开内容完整性 in the back office: each agency's applicable Art. 20 categories with
nothing published or nothing current, for the agency and its supervising office; the matrix of
which categories apply to which kind of agency, edited by platform administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.catalog.completeness import completeness, matrix_set
from zwgk.catalog.models import Art20Applicability, Art20Category
from zwgk.core.errors import DomainError
from zwgk.organizations.models import OrgKind
from zwgk.organizations.permissions import is_platform_admin, visible_organizations


@login_required
def completeness_report(request: HttpRequest) -> HttpResponse:
    orgs = (
        visible_organizations(request.user)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PUBLIC_ENTERPRISE)
        .order_by("sort_order", "code")
    )
    chosen = request.GET.get("organization", "")
    if chosen:
        orgs = orgs.filter(code=chosen)
    report = completeness(orgs, today=timezone.localdate())
    return render(
        request,
        "backoffice/completeness/report.html",
        {
            "report": report,
            "detail": len(report) == 1 or bool(chosen),
            "with_gaps": sum(1 for r in report if r.gaps),
        },
    )


@login_required
def completeness_matrix(request: HttpRequest) -> HttpResponse:
    categories = list(Art20Category.objects.all())
    kinds = [(k, label) for k, label in OrgKind.choices]
    cells = {(c, k) for c, k in Art20Applicability.objects.values_list("category__code", "org_kind")}
    may_edit = is_platform_admin(request.user)
    if request.method == "POST":
        chosen = {tuple(v.split("|", 1)) for v in request.POST.getlist("cell") if "|" in v}
        days: dict[str, int | None] = {}
        for c in categories:
            raw = request.POST.get(f"days-{c.code}", "").strip()
            days[c.code] = int(raw) if raw.isdigit() and int(raw) > 0 else None
        try:
            matrix_set(actor=request.user, cells={(a, b) for a, b in chosen}, current_within_days=days)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "适用范围已保存。")
        return redirect("backoffice:completeness_matrix")
    rows = [(c, [(k, label, (c.code, k) in cells) for k, label in kinds]) for c in categories]
    return render(
        request,
        "backoffice/completeness/matrix.html",
        {"rows": rows, "kinds": kinds, "may_edit": may_edit},
    )
