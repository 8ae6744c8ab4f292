"""Public pages of the registries (issue 22): standard catalogues by area, power lists with
search, the market-access negative list, emergency plans, training figures.

Every page is in the page cache (decision 0029) under the scopes of the rows it shows: the
registries' models bump "registries:<registry>" (zwgk.registries.page_scopes), documents bump
"catalog", organisations "site"."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zwgk.portal.catalog_views import cached_public_page
from zwgk.registries import selectors, training
from zwgk.registries.models import Channel, PlanLevel, PowerKind, Tier
from zwgk.registries.powers import version_changes

PAGE_SIZE = 20


@cached_public_page("registries:catalogues", "registries:powers", "registries:negative")
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


@cached_public_page("catalog", "registries:catalogues")
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    try:
        organization = selectors.catalogue_unit(code)
    except ObjectDoesNotExist:
        raise Http404("未找到该单位的标准目录。") from None
    return _catalogue_page(request, organization, template=False)


@cached_public_page("catalog", "registries:catalogues")
def common_catalogue(request: HttpRequest) -> HttpResponse:
    return _catalogue_page(request, None, template=True)


@cached_public_page("registries:powers")
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


@cached_public_page("registries:powers")
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


@cached_public_page("registries:negative", "registries:powers")
def negative_list(request: HttpRequest) -> HttpResponse:
    try:
        edition = selectors.current_edition()
    except ObjectDoesNotExist:
        raise Http404("尚未发布市场准入负面清单。") from None
    return render(request, "portal/registries/negative_list.html", selectors.negative_list_context(edition))


@cached_public_page("catalog", "registries:emergency")
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


@cached_public_page("registries:training")
def training_year(request: HttpRequest) -> HttpResponse:
    """Training in a year (the work arrangement 三(三), 八(三)): per agency the sessions it held,
    the person-times of its staff trained and of its front-line staff in economic-policy
    sessions. Counts only: no names, no trainers."""
    years = training.training_years()
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or (years[0] if years else this_year))
    except ValueError:
        raise Http404 from None
    if year not in years and year != this_year:
        raise Http404("该年度没有培训记录。")
    rows = training.public_training(year)
    return render(
        request,
        "portal/registries/training.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "total_held": sum(r.figures.held for r in rows),
            "total_trained": sum(r.figures.trained for r in rows),
            "total_frontline": sum(r.figures.frontline_economic for r in rows),
        },
    )
