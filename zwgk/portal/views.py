from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from zwgk.core.page_cache import cached_page
from zwgk.directory.models import Sector
from zwgk.directory.selectors import public_service_directory
from zwgk.organizations.models import Organization, OrgKind

DIRECTORY_GROUPS = [
    (OrgKind.GOVERNMENT, "市政府"),
    (OrgKind.DEPARTMENT, "市政府部门"),
    (OrgKind.OFFICE, "议事协调机构"),
    (OrgKind.DISTRICT, "区市县"),
    (OrgKind.DEVELOPMENT_ZONE, "先导区"),
    (OrgKind.TOWNSHIP, "乡镇"),
    (OrgKind.STREET, "街道"),
    (OrgKind.PUBLIC_ENTERPRISE, "公共企事业单位"),
]


def directory_groups() -> list[tuple[str, list[Organization]]]:
    orgs = list(Organization.objects.filter(is_active=True).only("code", "name", "short_name", "kind"))
    return [(label, [o for o in orgs if o.kind == kind]) for kind, label in DIRECTORY_GROUPS]


@require_GET
@cached_page()
def organization_directory(request):
    return render(request, "portal/organizations.html", {"directory": directory_groups()})


@require_GET
@cached_page()
def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_GET
@cached_page("directory")
def public_services(request):
    """公共企事业单位办事公开: outlets, hours, contacts and complaint channels, as each unit publishes
    them, with the date its competent department last checked them (RULES §3.5)."""
    groups = public_service_directory(today=timezone.localdate())
    sector = request.GET.get("sector", "")
    if sector:
        groups = [
            (dept, kept)
            for dept, entries in groups
            if (kept := [e for e in entries if e.sector is not None and e.sector.code == sector])
        ]
    return render(
        request,
        "portal/public_services.html",
        {
            "groups": groups,
            "sectors": list(Sector.objects.filter(units__isnull=False).distinct()),
            "sector": sector,
        },
    )


# Pages crawlers have no business in: the back office, the API, personal lookups (tracking
# codes, subscription links) and search result pages (endless, and marked noindex anyway).
ROBOTS_DISALLOW = (
    "/staff/",
    "/api/",
    "/track/",
    "/subscribe/",
    "/search/",
    "/services/progress/",
    "/complaints/",
)


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; answer with the static icon (which a
    deployment may replace, decision 0018) rather than a 404 on every first visit."""
    return HttpResponseRedirect(staticfiles_storage.url("portal/favicon.ico"))
