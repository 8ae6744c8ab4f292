from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from zwgk.directory.selectors import public_service_directory
from zwgk.organizations.models import Organization, OrgKind

DIRECTORY_GROUPS = [
    (OrgKind.GOVERNMENT, "市政府"),
    (OrgKind.DEPARTMENT, "市政府部门"),
    (OrgKind.OFFICE, "议事协调机构"),
    (OrgKind.DISTRICT, "区市县"),
    (OrgKind.DEVELOPMENT_ZONE, "先导区"),
    (OrgKind.PUBLIC_ENTERPRISE, "公共企事业单位"),
]


def directory_groups() -> list[tuple[str, list[Organization]]]:
    orgs = list(Organization.objects.filter(is_active=True).only("code", "name", "short_name", "kind"))
    return [(label, [o for o in orgs if o.kind == kind]) for kind, label in DIRECTORY_GROUPS]


@require_GET
@cache_control(public=True, max_age=300)
def organization_directory(request):
    return render(request, "portal/organizations.html", {"directory": directory_groups()})


@require_GET
@cache_control(public=True, max_age=3600)
def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_GET
@cache_control(public=True, max_age=300)
def public_services(request):
    """公共企事业单位办事公开: outlets, hours, contacts and complaint channels, as each unit publishes
    them, with the date its competent department last checked them (RULES §3.5)."""
    groups = public_service_directory(today=timezone.localdate())
    return render(request, "portal/public_services.html", {"groups": groups})
