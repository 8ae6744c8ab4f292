"""The registries' city-wide reference data in the back office (decision 0035), formerly edited in
the Django admin: the standard areas, emergency plan types with their evaluation periods, and the
market-access negative list's editions, items and licensing links. Every change goes through an
audited service that checks the role."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zwgk.backoffice.registries_forms import (
    AreaForm,
    EditionForm,
    NegativeItemForm,
    NegativeLinkForm,
    PlanTypeForm,
)
from zwgk.backoffice.registries_views import add_service_errors
from zwgk.core.errors import ValidationFailed
from zwgk.registries import emergency, powers
from zwgk.registries.areas import area_create, area_update
from zwgk.registries.models import (
    Area,
    EmergencyPlanType,
    NegativeListEdition,
    NegativeListItem,
    NegativeListLink,
)
from zwgk.registries.permissions import require_city_wide


@login_required
def areas_page(request: HttpRequest) -> HttpResponse:
    """The standard areas (RULES §3.4: local catalogues rename and merge them): platform
    administrators add, rename, reorder and deactivate them."""
    require_city_wide(request.user)
    form = AreaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area = area_create(actor=request.user, code=data["code"], name=data["name"], sort=data["sort"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新增领域“{area.name}”。")
            return redirect("backoffice:registries_areas")
    areas = Area.objects.annotate(units=Count("items__organization", distinct=True), n=Count("items"))
    return render(request, "backoffice/registries/areas.html", {"areas": areas, "form": form})


@login_required
def area_page(request: HttpRequest, code: str) -> HttpResponse:
    require_city_wide(request.user)
    area = get_object_or_404(Area, code=code)
    initial = {"code": area.code, "name": area.name, "sort": area.sort, "is_active": area.is_active}
    form = AreaForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area_update(
                actor=request.user,
                area=area,
                name=data["name"],
                sort=data["sort"],
                is_active=data["is_active"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存领域“{area.name}”。")
            return redirect("backoffice:registries_areas")
    return render(request, "backoffice/registries/area.html", {"area": area, "form": form})


@login_required
def plan_types_page(request: HttpRequest) -> HttpResponse:
    """Emergency plan types and their evaluation periods: the emergency-management office."""
    emergency.require_emergency_office(request.user)
    form = PlanTypeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_type = emergency.plan_type_create(
                actor=request.user,
                code=data["code"],
                name=data["name"],
                review_period_months=data["review_period_months"],
                sort=data["sort"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新增预案类型“{plan_type.name}”。")
            return redirect("backoffice:registries_plan_types")
    plan_types = EmergencyPlanType.objects.annotate(n=Count("plans"))
    return render(request, "backoffice/registries/plan_types.html", {"plan_types": plan_types, "form": form})


@login_required
def plan_type_page(request: HttpRequest, code: str) -> HttpResponse:
    emergency.require_emergency_office(request.user)
    plan_type = get_object_or_404(EmergencyPlanType, code=code)
    initial = {
        "code": plan_type.code,
        "name": plan_type.name,
        "review_period_months": plan_type.review_period_months,
        "sort": plan_type.sort,
    }
    form = PlanTypeForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            emergency.plan_type_update(
                actor=request.user,
                plan_type=plan_type,
                name=data["name"],
                review_period_months=data["review_period_months"],
                sort=data["sort"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存预案类型“{plan_type.name}”。")
            return redirect("backoffice:registries_plan_types")
    return render(request, "backoffice/registries/plan_type.html", {"plan_type": plan_type, "form": form})


@login_required
def negative_editions(request: HttpRequest) -> HttpResponse:
    """Editions of the market-access negative list: the current one and the older ones (kept)."""
    require_city_wide(request.user)
    form = EditionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition = powers.negative_edition_create(
                actor=request.user,
                title=data["title"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                copy_from=data["copy_from"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新建“{edition.title}”，请核对事项后发布为现行版本。")
            return redirect("backoffice:registries_negative_edition", pk=edition.pk)
    editions = NegativeListEdition.objects.annotate(n=Count("items"))
    return render(
        request, "backoffice/registries/negative_editions.html", {"editions": editions, "form": form}
    )


@login_required
def negative_edition(request: HttpRequest, pk: int) -> HttpResponse:
    require_city_wide(request.user)
    edition = get_object_or_404(NegativeListEdition, pk=pk)
    items = edition.items.all()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    number = request.GET.get("item", "")
    editing = items.filter(number=int(number)).first() if number.isdigit() else None
    item_initial = (
        {f: getattr(editing, f) for f in powers.NEGATIVE_ITEM_FIELDS}
        if editing
        else {"number": _next_number(edition)}
    )
    forms_by_action = {
        "edition": EditionForm(
            request.POST if action == "edition" else None,
            initial={"title": edition.title, "issued_on": edition.issued_on, "issuer": edition.issuer},
            editing=True,
        ),
        "item": NegativeItemForm(request.POST if action == "item" else None, initial=item_initial),
        "link": NegativeLinkForm(request.POST if action == "link" else None, items=items),
    }
    if action:
        try:
            if _negative_action(request, edition, action, forms_by_action):
                return redirect("backoffice:registries_negative_edition", pk=edition.pk)
        except ValidationFailed as exc:
            add_service_errors(forms_by_action.get(action, forms_by_action["item"]), exc)
            if action not in forms_by_action:
                messages.error(request, exc.message)
                return redirect("backoffice:registries_negative_edition", pk=edition.pk)
    rows = [{"item": item, "links": powers.resolved_links(item)} for item in items.prefetch_related("links")]
    return render(
        request,
        "backoffice/registries/negative_edition.html",
        {
            "edition": edition,
            "rows": rows,
            "editing": editing,
            "edition_form": forms_by_action["edition"],
            "item_form": forms_by_action["item"],
            "link_form": forms_by_action["link"],
        },
    )


def _next_number(edition: NegativeListEdition) -> int:
    last = edition.items.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _negative_action(
    request: HttpRequest, edition: NegativeListEdition, action: str, forms_by_action: dict[str, forms.Form]
) -> bool:
    user = request.user
    form = forms_by_action.get(action)
    if form is not None and not form.is_valid():
        return False
    data = form.cleaned_data if form is not None else {}
    if action == "edition":
        powers.negative_edition_update(
            actor=user,
            edition=edition,
            title=data["title"],
            issued_on=data["issued_on"],
            issuer=data["issuer"],
        )
        messages.success(request, "已保存版本信息。")
    elif action == "publish":
        powers.negative_edition_set_current(actor=user, edition=edition)
        messages.success(
            request, f"“{edition.title}”已发布为现行版本，门户网站即显示此版本；此前的版本保留。"
        )
    elif action == "item":
        item = powers.negative_item_save(actor=user, edition=edition, data=powers.parse_negative_item(data))
        messages.success(request, f"已保存第{item.number}项“{item.title}”。")
    elif action == "delete":
        item = get_object_or_404(NegativeListItem, edition=edition, pk=_int(request.POST.get("id")))
        powers.negative_item_delete(actor=user, item=item)
        messages.success(request, f"已删除第{item.number}项。")
    elif action == "link":
        link = powers.negative_item_link(
            actor=user, item=data["item"], organization=data["organization"], power_code=data["power_code"]
        )
        messages.success(
            request,
            f"已将第{link.item.number}项关联到{link.organization.display_name}的许可事项 {link.power_code}。",
        )
    elif action == "unlink":
        link = get_object_or_404(NegativeListLink, item__edition=edition, pk=_int(request.POST.get("id")))
        powers.negative_item_unlink(actor=user, link=link)
        messages.success(request, "已取消关联。")
    else:
        raise Http404
    return True


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None
