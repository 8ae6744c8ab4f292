"""Public pages of the registries (issue 22): standard catalogues by area, power lists with
search, the market-access negative list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from zwgk.registries import selectors
from zwgk.registries.models import Channel, PlanLevel, PowerKind, Tier
from zwgk.registries.powers import version_changes

PAGE_SIZE = 20


@require_GET
@cache_control(public=True, max_age=300)
def registries_home(request: HttpRequest) -> HttpResponse:
    try:
        edition = selectors.current_edition()
    except ObjectDoesNotExist:
        edition = None
    return render(
        request,
        "portal/registries/home.html",
        {
            "catalogue_units": selectors.catalogue_units(),
            "has_common": bool(selectors.areas_of(None)),
            "power_units": selectors.power_list_units(),
            "edition": edition,
            "kinds": PowerKind.choices,
        },
    )


def _catalogue_page(request: HttpRequest, organization, template: bool) -> HttpResponse:
    areas = selectors.areas_of(organization)
    code = request.GET.get("area", "")
    area = next((a for a in areas if a.code == code), areas[0] if areas else None)
    if code and (area is None or area.code != code):
        raise Http404("该目录没有这个领域。")
    items = list(selectors.standard_items(organization, area)) if area else []
    channel_labels = dict(Channel.choices)
    tier_labels = dict(Tier.choices)
    rows = [
        {
            "item": i,
            "channels": "、".join(str(channel_labels[c]) for c in i.channels),
            "tiers": "、".join(str(tier_labels[t]) for t in i.tiers),
            "documents": selectors.public_documents_of(i),
        }
        for i in items
    ]
    return render(
        request,
        "portal/registries/catalogue.html",
        {"organization": organization, "template": template, "areas": areas, "area": area, "rows": rows},
    )


@require_GET
@cache_control(public=True, max_age=300)
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    try:
        organization = selectors.catalogue_unit(code)
    except ObjectDoesNotExist:
        raise Http404("未找到该单位的标准目录。") from None
    return _catalogue_page(request, organization, template=False)


@require_GET
@cache_control(public=True, max_age=300)
def common_catalogue(request: HttpRequest) -> HttpResponse:
    return _catalogue_page(request, None, template=True)


@require_GET
@cache_control(public=True, max_age=300)
def power_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    if kind not in PowerKind.values:
        kind = ""
    organization = request.GET.get("organization", "")
    items = selectors.current_power_items(q=q, kind=kind, organization=organization)
    page_obj = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode(
        {k: v for k, v in {"q": q, "kind": kind, "organization": organization}.items() if v}
    )
    return render(
        request,
        "portal/registries/power_search.html",
        {
            "q": q,
            "kind": kind,
            "organization": organization,
            "kinds": PowerKind.choices,
            "units": selectors.power_list_units(),
            "page_obj": page_obj,
            "querystring": querystring,
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def power_list(request: HttpRequest, code: str) -> HttpResponse:
    try:
        version = selectors.published_version(code)
    except ObjectDoesNotExist:
        raise Http404("该机关尚未发布权责清单。") from None
    items = list(version.items.all())
    groups = [(label, [i for i in items if i.kind == value]) for value, label in PowerKind.choices]
    return render(
        request,
        "portal/registries/power_list.html",
        {
            "version": version,
            "organization": version.organization,
            "groups": [(label, rows) for label, rows in groups if rows],
            "history": selectors.published_versions(version.organization),
            "changes": version_changes(version),
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def negative_list(request: HttpRequest) -> HttpResponse:
    try:
        edition = selectors.current_edition()
    except ObjectDoesNotExist:
        raise Http404("尚未发布市场准入负面清单。") from None
    return render(request, "portal/registries/negative_list.html", selectors.negative_list_context(edition))


@require_GET
@cache_control(public=True, max_age=300)
def emergency_plans(request: HttpRequest) -> HttpResponse:
    """Published emergency plans grouped by level, then type."""
    level = request.GET.get("level", "")
    if level not in PlanLevel.values:
        level = ""
    plans = list(selectors.public_plans(level=level))
    groups = []
    for value, label in PlanLevel.choices:
        mine = [p for p in plans if p.level == value]
        if mine:
            types: dict[str, list] = {}
            for p in mine:
                types.setdefault(p.plan_type.name, []).append(p)
            groups.append((label, list(types.items())))
    return render(
        request,
        "portal/registries/emergency_plans.html",
        {"groups": groups, "levels": PlanLevel.choices, "level": level},
    )
