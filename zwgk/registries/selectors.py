"""Reading the registries: what the public sees, what staff may open (fetch with the check)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from zwgk.catalog.models import DocumentState
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import visible_organizations
from zwgk.registries.catalogues import CATALOGUE_KINDS
from zwgk.registries.models import (
    Area,
    EmergencyPlan,
    NegativeListEdition,
    PowerItem,
    PowerListVersion,
    StandardItem,
    VersionState,
)
from zwgk.registries.powers import resolved_links


def unit_for_staff(user: Any, code: str) -> Organization:
    """An agency whose registries the user may work on or read the internal reports of;
    DoesNotExist (a 404) for any other, as for one that does not exist."""
    return visible_organizations(user).get(code=code)


def catalogue_units() -> QuerySet[Organization]:
    """Units with a published (non-empty) standard catalogue, for the portal's index."""
    return (
        Organization.objects.filter(is_active=True, kind__in=CATALOGUE_KINDS)
        .annotate(n=Count("standard_items"))
        .filter(n__gt=0)
        .order_by("sort_order", "code")
    )


def catalogue_unit(code: str) -> Organization:
    return Organization.objects.get(code=code, is_active=True, kind__in=CATALOGUE_KINDS)


def areas_of(organization: Organization | None) -> list[Area]:
    """The areas in which the unit (None: the common catalogue) has items."""
    ids = StandardItem.objects.filter(organization=organization).values("area_id")
    return list(Area.objects.filter(pk__in=ids).order_by("sort", "code"))


def standard_items(organization: Organization | None, area: Area | None = None) -> QuerySet[StandardItem]:
    qs = StandardItem.objects.filter(organization=organization).select_related("area", "template")
    if area is not None:
        qs = qs.filter(area=area)
    return qs.prefetch_related("documents").order_by("area__sort", "sort", "id")


def public_documents_of(item: StandardItem) -> list[Any]:
    return [d for d in item.documents.all() if d.state == DocumentState.PUBLISHED]


def standard_item_json(item: StandardItem, build_url: Any = None) -> dict[str, Any]:
    docs = public_documents_of(item)
    return {
        "id": item.pk,
        "organization": item.organization.code if item.organization else None,
        "area": item.area.code,
        "area_name": item.area.name,
        "level1": item.level1,
        "level2": item.level2,
        "content": item.content,
        "legal_basis": item.legal_basis,
        "time_limit": item.time_limit,
        "time_limit_workdays": item.time_limit_workdays,
        "responsible": item.responsible,
        "channels": list(item.channels),
        "audience": item.audience,
        "method": item.method,
        "tiers": list(item.tiers),
        "effective_on": item.effective_on,
        "from_template": item.template_id is not None,
        "documents": [
            {
                "id": d.pk,
                "index_no": d.index_no,
                "title": d.title,
                "published_on": d.published_on,
                "url": build_url(d.get_absolute_url()) if build_url else d.get_absolute_url(),
            }
            for d in docs
        ],
    }


# --- power lists ------------------------------------------------------------------------------
def power_list_units() -> QuerySet[Organization]:
    """Agencies with a published power list."""
    return (
        Organization.objects.filter(is_active=True, power_list_versions__state=VersionState.PUBLISHED)
        .distinct()
        .order_by("sort_order", "code")
    )


def published_version(code: str) -> PowerListVersion:
    """The agency's latest published version; DoesNotExist when it has none."""
    version = (
        PowerListVersion.objects.filter(organization__code=code, state=VersionState.PUBLISHED)
        .select_related("organization")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise PowerListVersion.DoesNotExist
    return version


def published_versions(organization: Organization) -> list[PowerListVersion]:
    return list(organization.power_list_versions.filter(state=VersionState.PUBLISHED).order_by("-number"))


def current_power_items(*, q: str = "", kind: str = "", organization: str = "") -> QuerySet[PowerItem]:
    """Items of every agency's latest published version, searched by name, code or basis."""
    latest_ids = []
    seen: set[int] = set()
    for vid, org_id in (
        PowerListVersion.objects.filter(state=VersionState.PUBLISHED)
        .order_by("organization_id", "-number")
        .values_list("id", "organization_id")
    ):
        if org_id not in seen:
            seen.add(org_id)
            latest_ids.append(vid)
    qs = PowerItem.objects.filter(version_id__in=latest_ids).select_related("version__organization")
    if q.strip():
        term = q.strip()
        qs = qs.filter(
            Q(name__icontains=term) | Q(code__icontains=term) | Q(legal_basis__icontains=term)
            | Q(sub_item__icontains=term)
        )  # fmt: skip
    if kind:
        qs = qs.filter(kind=kind)
    if organization:
        qs = qs.filter(version__organization__code=organization)
    return qs.order_by("version__organization__sort_order", "version__organization__code", "sort", "code")


def power_item_json(item: PowerItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "name": item.name,
        "sub_item": item.sub_item,
        "legal_basis": item.legal_basis,
        "responsible_unit": item.responsible_unit,
        "accountability": item.accountability,
        "note": item.note,
        "organization": item.version.organization.code,
        "version": item.version.number,
    }


def version_json(version: PowerListVersion) -> dict[str, Any]:
    return {
        "organization": version.organization.code,
        "number": version.number,
        "state": version.state,
        "published_on": version.published_on,
        "note": version.note,
        "items": [power_item_json(i) for i in version.items.select_related("version__organization")],
    }


# --- the negative list ------------------------------------------------------------------------
def current_edition() -> NegativeListEdition:
    return NegativeListEdition.objects.get(is_current=True)


def negative_list_json(edition: NegativeListEdition) -> dict[str, Any]:
    items = []
    for item in edition.items.all():
        items.append(
            {
                "number": item.number,
                "category": item.category,
                "industry": item.industry,
                "title": item.title,
                "measures": item.measures,
                "city_measures": item.city_measures,
                "licensing_items": [
                    {
                        "organization": link.organization.code,
                        "code": link.power_code,
                        "name": link.power_item.name if link.power_item else None,
                        "current": link.power_item is not None,
                    }
                    for link in resolved_links(item)
                ],
            }
        )
    return {"title": edition.title, "issued_on": edition.issued_on, "issuer": edition.issuer, "items": items}


def negative_list_context(edition: NegativeListEdition) -> dict[str, Any]:
    """The edition with each item's resolved licensing items, for the portal page."""
    return {
        "edition": edition,
        "rows": [{"item": item, "links": resolved_links(item)} for item in edition.items.all()],
    }


def public_plans(*, level: str = "", plan_type: str = "", organization: str = "") -> QuerySet[EmergencyPlan]:
    """Plans whose document is published: what the public may read."""
    qs = EmergencyPlan.objects.filter(document__state=DocumentState.PUBLISHED).select_related(
        "organization", "plan_type", "document"
    )
    if level:
        qs = qs.filter(level=level)
    if plan_type:
        qs = qs.filter(plan_type__code=plan_type)
    if organization:
        qs = qs.filter(organization__code=organization)
    return qs.order_by("level", "plan_type__sort", "organization__sort_order", "title")


def plan_json(plan: EmergencyPlan, build_url: Any = None) -> dict[str, Any]:
    doc = plan.document
    url = doc.get_absolute_url() if doc else None
    return {
        "id": plan.pk,
        "organization": plan.organization.code,
        "title": plan.title,
        "plan_type": plan.plan_type.code,
        "plan_type_name": plan.plan_type.name,
        "level": plan.level,
        "issued_on": plan.issued_on,
        "document": (
            {"index_no": doc.index_no, "title": doc.title, "url": build_url(url) if build_url else url}
            if doc is not None and doc.state == DocumentState.PUBLISHED
            else None
        ),
        "revisions": [{"kind": r.kind, "on": r.on, "note": r.note} for r in plan.revisions.all()],
    }
