"""清单目录 in the back office (issue 22): a unit's standard catalogue (items, adoption of the
common catalogue, .xlsx import with a preview, export, the unfulfilled and departure reports), an
agency's power list (dynamic adjustment in a draft version, import/export, publication), its
emergency plans (registration, evaluation, revision) and training records. The city-wide
reference data (areas, plan types, the negative list) is in registries_reference_views."""

from __future__ import annotations

import secrets
from io import BytesIO

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zwgk.backoffice.registries_forms import (
    AdoptForm,
    ImportForm,
    ParticipantFormSet,
    PeriodForm,
    PlanEvaluateForm,
    PlanForm,
    PlanReviseForm,
    PowerItemForm,
    PublishForm,
    RevisionForm,
    StandardItemForm,
    TrainingForm,
    participant_rows_from,
)
from zwgk.catalog.models import Document
from zwgk.core.errors import DomainError, ValidationFailed
from zwgk.organizations.models import Organization, OrgKind
from zwgk.organizations.permissions import is_platform_admin, visible_organizations
from zwgk.registries import catalogues, emergency, powers, selectors, training, workbooks
from zwgk.registries.catalogues import CATALOGUE_KINDS
from zwgk.registries.models import (
    Area,
    Channel,
    EmergencyPlan,
    EmergencyPlanType,
    RevisionKind,
    StandardItem,
    Tier,
    TrainingSession,
)
from zwgk.registries.permissions import can_edit, can_publish

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMMON = "common"  # the code the common catalogue goes by in these URLs


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _unit(request: HttpRequest, code: str) -> Organization | None:
    """The unit whose registry the page is about (None: the common catalogue); 404 for one the
    user may not see."""
    if code == COMMON:
        if not is_platform_admin(request.user):
            raise Http404
        return None
    try:
        return selectors.unit_for_staff(request.user, code)
    except ObjectDoesNotExist:
        raise Http404("未找到该单位。") from None


def add_service_errors(form: forms.Form, exc: ValidationFailed) -> None:
    form.add_error(None, exc.message)
    for name, error in exc.fields.items():
        if name in form.fields and error != "必填":
            form.add_error(name, str(error))
        elif name not in form.fields:
            form.add_error(None, f"{name}：{error}")


@login_required
def registries_index(request: HttpRequest) -> HttpResponse:
    units = visible_organizations(request.user).filter(is_active=True)
    return render(
        request,
        "backoffice/registries/index.html",
        {
            "catalogue_units": units.filter(kind__in=CATALOGUE_KINDS),
            "power_units": units.exclude(kind=OrgKind.PUBLIC_ENTERPRISE),
            "is_admin": is_platform_admin(request.user),
            "is_emergency_office": emergency.is_emergency_office(request.user),
        },
    )


@login_required
def catalogue_template(request: HttpRequest) -> HttpResponse:
    """The blank template: a sheet per active area, headers only, and the column notes."""
    blank = workbooks.catalogue_workbook(None, areas=list(Area.objects.filter(is_active=True)), rows=False)
    return _xlsx(blank, "标准目录模板.xlsx")


@login_required
def catalogue_export(request: HttpRequest, code: str) -> HttpResponse:
    organization = _unit(request, code)
    name = organization.display_name if organization else "全省通用目录"
    return _xlsx(workbooks.catalogue_workbook(organization), f"{name}标准目录.xlsx")


@login_required
def catalogue_page(request: HttpRequest, code: str) -> HttpResponse:
    organization = _unit(request, code)
    if organization is not None and organization.kind not in CATALOGUE_KINDS:
        raise Http404("该单位不编制基层政务公开标准目录。")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    item_form = StandardItemForm(request.POST if action == "item" else None)
    adopt_form = AdoptForm(request.POST if action == "adopt" else None)
    import_form = ImportForm(
        request.POST if action == "import" else None, request.FILES if action == "import" else None
    )
    if action == "import" and import_form.is_valid():
        try:
            return _catalogue_import_preview(request, organization, code)
        except ValidationFailed as exc:
            add_service_errors(import_form, exc)
            action = ""
    if action:
        try:
            done = _catalogue_action(request, organization, action, item_form, adopt_form, import_form)
        except DomainError as exc:
            if isinstance(exc, ValidationFailed):
                add_service_errors(
                    {
                        "item": item_form,
                        "adopt": adopt_form,
                        "import": import_form,
                        "import_confirm": import_form,
                    }.get(action, item_form),
                    exc,
                )
                done = False
            else:
                messages.error(request, exc.message)
                done = True
        if done:
            return redirect("backoffice:registries_catalogue", code=code)
    items = list(selectors.standard_items(organization))
    channel_labels, tier_labels = dict(Channel.choices), dict(Tier.choices)
    rows = [
        {
            "item": i,
            "channels": "、".join(str(channel_labels[c]) for c in i.channels),
            "tiers": "、".join(str(tier_labels[t]) for t in i.tiers),
            "documents": [d.index_no for d in i.documents.all() if d.index_no],
        }
        for i in items
    ]
    today = timezone.localdate()
    return render(
        request,
        "backoffice/registries/catalogue.html",
        {
            "organization": organization,
            "code": code,
            "rows": rows,
            "can_edit": can_edit(request.user, organization),
            "unfulfilled": catalogues.unfulfilled_items(organization, today=today) if organization else [],
            "departures": catalogues.template_departures(organization) if organization else [],
            "item_form": item_form,
            "adopt_form": adopt_form,
            "import_form": import_form,
        },
    )


_IMPORT_KEY = "zwgk:registries-import:"
IMPORT_PREVIEW_SECONDS = 1800


def _catalogue_import_preview(
    request: HttpRequest, organization: Organization | None, code: str
) -> HttpResponse:
    """Step one of an import: what it would add, change and remove. The file waits in the cache
    (the user's, for this unit, half an hour) until staff confirm; nothing is written before."""
    data = request.FILES["file"].read()
    plan = workbooks.catalogue_import_plan(
        actor=request.user, organization=organization, fileobj=BytesIO(data)
    )
    token = secrets.token_urlsafe(16)
    cache.set(_IMPORT_KEY + token, (request.user.pk, code, data), IMPORT_PREVIEW_SECONDS)
    return render(
        request,
        "backoffice/registries/catalogue_import.html",
        {"organization": organization, "code": code, "plan": plan, "token": token},
    )


def _catalogue_action(
    request: HttpRequest,
    organization: Organization | None,
    action: str,
    item_form: StandardItemForm,
    adopt_form: AdoptForm,
    import_form: ImportForm,
) -> bool:
    user = request.user
    if action == "item":
        if not item_form.is_valid():
            return False
        docs = catalogues.documents_by_index(item_form.index_numbers())
        item = catalogues.standard_item_upsert(
            actor=user, organization=organization, data=catalogues.parse_item(item_form.raw())
        )
        catalogues.standard_item_link_documents(actor=user, item=item, documents=docs)
        messages.success(request, f"已保存事项“{item.level2}”。")
    elif action == "delete":
        try:
            item = StandardItem.objects.get(organization=organization, pk=int(request.POST.get("id", "")))
        except (ValueError, StandardItem.DoesNotExist):
            raise Http404 from None
        catalogues.standard_item_delete(actor=user, item=item)
        messages.success(request, f"已删除事项“{item.level2}”。")
    elif action == "adopt":
        if organization is None or not adopt_form.is_valid():
            return False
        created = catalogues.catalogue_adopt(
            actor=user, organization=organization, area=adopt_form.cleaned_data["area"]
        )
        messages.success(request, f"已从全省通用目录采用 {len(created)} 个事项。")
    elif action == "import_confirm":
        stored = cache.get(_IMPORT_KEY + request.POST.get("token", ""))
        code = organization.code if organization else COMMON
        if stored is None or stored[0] != user.pk or stored[1] != code:
            messages.error(request, "预览已过期，请重新上传表格。")
            return True
        summary = workbooks.catalogue_import(
            actor=user,
            organization=organization,
            fileobj=BytesIO(stored[2]),
            confirmed=request.POST.get("fingerprint", ""),
        )
        cache.delete(_IMPORT_KEY + request.POST.get("token", ""))
        messages.success(
            request,
            f"已导入：新增 {summary.added} 项，修改 {summary.changed} 项，删除 {summary.removed} 项"
            f"（表格共 {summary.rows} 项）。",
        )
    else:
        raise Http404
    return True


# --- power lists --------------------------------------------------------------------------------
@login_required
def power_template(request: HttpRequest) -> HttpResponse:
    return _xlsx(workbooks.power_workbook(None), "权责清单模板.xlsx")


@login_required
def power_export(request: HttpRequest, code: str) -> HttpResponse:
    organization = _unit(request, code)
    assert organization is not None
    version = powers.draft_version(organization) if request.GET.get("version") == "draft" else None
    version = version or powers.current_version(organization)
    if version is None:
        raise Http404("该机关还没有权责清单。")
    return _xlsx(
        workbooks.power_workbook(version), f"{organization.display_name}权责清单第{version.number}版.xlsx"
    )


@login_required
def power_page(request: HttpRequest, code: str) -> HttpResponse:
    if code == COMMON:
        raise Http404
    organization = _unit(request, code)
    assert organization is not None
    action = request.POST.get("action", "") if request.method == "POST" else ""
    item_form = PowerItemForm(request.POST if action == "item" else None)
    import_form = ImportForm(
        request.POST if action == "import" else None, request.FILES if action == "import" else None
    )
    publish_form = PublishForm(
        request.POST if action == "publish" else None, initial={"published_on": timezone.localdate()}
    )
    if action:
        try:
            done = _power_action(request, organization, action, item_form, import_form, publish_form)
        except DomainError as exc:
            if isinstance(exc, ValidationFailed):
                add_service_errors(
                    {"item": item_form, "import": import_form, "publish": publish_form}.get(
                        action, item_form
                    ),
                    exc,
                )
                done = False
            else:
                messages.error(request, exc.message)
                done = True
        if done:
            return redirect("backoffice:registries_powers", code=code)
    current = powers.current_version(organization)
    draft = powers.draft_version(organization)
    return render(
        request,
        "backoffice/registries/powers.html",
        {
            "organization": organization,
            "current": current,
            "draft": draft,
            "draft_items": list(draft.items.all()) if draft else [],
            "changes": powers.version_changes(draft) if draft else None,
            "history": selectors.published_versions(organization),
            "can_edit": can_edit(request.user, organization),
            "can_publish": can_publish(request.user, organization),
            "item_form": item_form,
            "import_form": import_form,
            "publish_form": publish_form,
        },
    )


def _power_action(
    request: HttpRequest,
    organization: Organization,
    action: str,
    item_form: PowerItemForm,
    import_form: ImportForm,
    publish_form: PublishForm,
) -> bool:
    user = request.user
    draft = powers.draft_version(organization)
    if action == "start":
        draft = powers.power_list_draft(
            actor=user, organization=organization, note=request.POST.get("note", "")
        )
        messages.success(request, f"已开始第{draft.number}版的动态调整。")
        return True
    if action == "import":
        if not import_form.is_valid():
            return False
        version = workbooks.power_import(actor=user, organization=organization, fileobj=request.FILES["file"])
        messages.success(request, f"已导入第{version.number}版（调整中）的 {version.items.count()} 个事项。")
        return True
    if draft is None:
        raise ValidationFailed("没有进行中的调整，请先开始动态调整。", code="no_draft")
    if action == "item":
        if not item_form.is_valid():
            return False
        item = powers.power_item_upsert(
            actor=user, version=draft, data=powers.parse_power_item(item_form.cleaned_data)
        )
        messages.success(request, f"已保存事项“{item.name}”。")
    elif action == "delete":
        item = draft.items.filter(code=request.POST.get("item_code", "")).first()
        if item is None:
            raise Http404
        powers.power_item_delete(actor=user, item=item)
        messages.success(request, f"已删除事项“{item.name}”。")
    elif action == "publish":
        if not publish_form.is_valid():
            return False
        version = powers.power_list_publish(
            actor=user,
            version=draft,
            on=publish_form.cleaned_data["published_on"],
            note=publish_form.cleaned_data["note"],
        )
        messages.success(request, f"第{version.number}版权责清单已发布，门户网站即显示此版本。")
    else:
        raise Http404
    return True


# --- emergency plans ----------------------------------------------------------------------------
def _document(index_no: str) -> Document | None:
    index_no = index_no.strip()
    return catalogues.documents_by_index([index_no])[0] if index_no else None


@login_required
def emergency_overview(request: HttpRequest) -> HttpResponse:
    """The emergency-management office's view: units that have (not) published their plans,
    plans overdue for evaluation or revision, and the evaluation period of each plan type."""
    emergency.require_emergency_office(request.user)
    form = PeriodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        plan_type = form.cleaned_data["plan_type"]
        emergency.plan_type_set_period(
            actor=request.user, plan_type=plan_type, months=form.cleaned_data["review_period_months"]
        )
        messages.success(
            request, f"“{plan_type.name}”的评估周期已改为 {plan_type.review_period_months} 个月。"
        )
        return redirect("backoffice:registries_emergency")
    today = timezone.localdate()
    units, overdue = emergency.oversight(request.user, today=today)
    return render(
        request,
        "backoffice/registries/emergency.html",
        {
            "units": units,
            "missing": [u for u in units if u.published == 0],
            "overdue": overdue,
            "today": today,
            "plan_types": EmergencyPlanType.objects.all(),
            "form": form,
        },
    )


@login_required
def emergency_unit(request: HttpRequest, code: str) -> HttpResponse:
    organization = _unit(request, code)
    assert organization is not None
    plans = EmergencyPlan.objects.filter(organization=organization)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    plan_form = PlanForm(request.POST if action == "plan" else None)
    revision_form = RevisionForm(request.POST if action == "revision" else None, plans=plans)
    form = {"plan": plan_form, "revision": revision_form}.get(action)
    if action and form is None:
        raise Http404
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "plan":
                emergency.plan_register(
                    actor=request.user,
                    organization=organization,
                    title=data["title"],
                    plan_type=data["plan_type"],
                    level=data["level"],
                    issued_on=data["issued_on"],
                    document=_document(data["document"]),
                )
                messages.success(request, f"已登记预案“{data['title']}”。")
            else:
                emergency.plan_record(
                    actor=request.user,
                    plan=data["plan"],
                    kind=data["kind"],
                    on=data["on"],
                    note=data["note"],
                    document=_document(data["document"]),
                )
                messages.success(request, "已记录。")
            return redirect("backoffice:registries_emergency_unit", code=code)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:registries_emergency_unit", code=code)
    return render(
        request,
        "backoffice/registries/emergency_unit.html",
        {
            "organization": organization,
            "statuses": emergency.plan_statuses(plans),
            "today": timezone.localdate(),
            "can_edit": can_edit(request.user, organization),
            "plan_form": plan_form,
            "revision_form": revision_form,
        },
    )


# --- training -----------------------------------------------------------------------------------
@login_required
def training_page(request: HttpRequest, code: str) -> HttpResponse:
    """The sessions the unit held and those its staff attended, a year at a time; recording one."""
    organization = _unit(request, code)
    assert organization is not None
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    posted = request.method == "POST"
    if posted and "add_row" in request.POST:
        # Without scripts "添加一行" posts the form: redraw it as typed, with one more row.
        form = TrainingForm(initial=request.POST.dict())
        formset = ParticipantFormSet(initial=participant_rows_from(request.POST), prefix="p")
        posted = False
    else:
        form = TrainingForm(request.POST if posted else None)
        formset = ParticipantFormSet(request.POST if posted else None, prefix="p")
    if posted and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        participants = [
            training.ParticipantInput(f["organization"], f["role"], f["count"])
            for f in formset.cleaned_data
            if f and f.get("organization")
        ]
        try:
            session = training.training_record(
                actor=request.user,
                organization=organization,
                topic=data["topic"],
                held_on=data["held_on"],
                trainer=data["trainer"],
                participants=participants,
                material=_document(data["material"]),
                material_note=data["material_note"],
                economic_policy=data["economic_policy"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已记录培训“{session.topic}”。")
            return redirect("backoffice:registries_training", code=code)
    sessions = (
        TrainingSession.objects.filter(
            Q(organization=organization) | Q(participants__organization=organization), held_on__year=year
        )
        .distinct()
        .prefetch_related("participants__organization")
    )
    return render(
        request,
        "backoffice/registries/training.html",
        {
            "organization": organization,
            "year": year,
            "sessions": sessions,
            "figures": training.training_figures([organization.pk], year=year)[organization.pk],
            "can_edit": can_edit(request.user, organization),
            "form": form,
            "formset": formset,
        },
    )


@login_required
def plan_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One emergency plan: its history, and (for the issuing unit) recording an evaluation or a
    revision that changes the plan."""
    organization = _unit(request, code)
    plan = get_object_or_404(
        EmergencyPlan.objects.select_related("plan_type", "document"), organization=organization, pk=pk
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    today = timezone.localdate()
    revise_form = PlanReviseForm(
        request.POST if action == "revise" else None,
        initial={
            "on": today,
            "title": plan.title,
            "plan_type": plan.plan_type,
            "level": plan.level,
            "document": plan.document.index_no if plan.document else "",
        },
    )
    evaluate_form = PlanEvaluateForm(request.POST if action == "evaluate" else None, initial={"on": today})
    form = {"revise": revise_form, "evaluate": evaluate_form}.get(action)
    if action and form is None:
        raise Http404
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "revise":
                emergency.plan_revise(
                    actor=request.user,
                    plan=plan,
                    on=data["on"],
                    note=data["note"],
                    title=data["title"],
                    plan_type=data["plan_type"],
                    level=data["level"],
                    document=_document(data["document"]),
                )
                messages.success(request, "已登记修订，修订记录已更新。")
            else:
                emergency.plan_record(
                    actor=request.user,
                    plan=plan,
                    kind=RevisionKind.EVALUATED,
                    on=data["on"],
                    note=data["note"],
                )
                messages.success(request, "已记录评估。")
            return redirect("backoffice:registries_plan", code=code, pk=plan.pk)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
    status = emergency.plan_statuses(EmergencyPlan.objects.filter(pk=plan.pk))[0]
    return render(
        request,
        "backoffice/registries/plan.html",
        {
            "organization": organization,
            "plan": plan,
            "status": status,
            "today": today,
            "revisions": plan.revisions.select_related("document"),
            "can_edit": can_edit(request.user, organization),
            "revise_form": revise_form,
            "evaluate_form": evaluate_form,
        },
    )
