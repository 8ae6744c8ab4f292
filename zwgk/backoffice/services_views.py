"""办事指南 in the back office: the agency's guides with their versions, what each lacks, the
on-time figures of their cases, writing a draft (here or through `PUT /api/v1/staff/guides/{id}`)
and sending it to sign-off (the one review engine's queue and panel, decision 0027)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.backoffice.review_views import signoff_panel
from zwgk.backoffice.services_forms import (
    GuideForm,
    MaterialFileForm,
    NewGuideForm,
    PackageForm,
    WithdrawForm,
)
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role, organizations_with_role
from zwgk.services import guides, packages, progress
from zwgk.services.material_files import material_file_upload
from zwgk.services.models import Guide, GuideVersion, KeyElement, Package


def _saved(form: GuideForm, save: Any) -> bool:
    """Run the service with the valid form's input; its errors go onto the form."""
    if not form.is_valid():
        return False
    try:
        save(form.guide_input())
    except (ValidationFailed, Conflict) as exc:
        form.add_error(None, exc.message)
        for name, error in getattr(exc, "fields", {}).items():
            if name in form.fields:
                form.add_error(name, str(error))
        return False
    return True


@login_required
def guide_new(request: HttpRequest) -> HttpResponse:
    orgs = organizations_with_role(request.user, *guides.EDIT_ROLES)
    if not orgs.exists():
        raise NotPermitted("只有信息员或审签人可以新建办事指南。")
    form = NewGuideForm(request.POST or None, organizations=orgs, initial={"limit_unit": "workdays"})
    created: list[GuideVersion] = []

    def save(data: Any) -> None:
        created.append(
            guides.guide_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                item_code=form.cleaned_data["item_code"],
                data=data,
            )
        )

    if request.method == "POST" and _saved(form, save):
        messages.success(request, "草稿已保存。")
        return redirect("backoffice:services_guide", created[0].guide_id)
    return render(request, "backoffice/services/form.html", {"form": form, "guide": None})


@login_required
def guide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    guide = _guide_or_404(request, pk)
    if not has_role(request.user, guide.organization, *guides.EDIT_ROLES):
        raise NotPermitted(f"只有“{guide.organization.display_name}”的信息员或审签人可以编辑其办事指南。")
    base = guides.open_version(guide) or guide.published or guide.versions.order_by("-number").first()
    form = GuideForm(request.POST or None, initial=GuideForm.initial_from(base) if base else None)

    def save(data: Any) -> None:
        guides.guide_save_draft(actor=request.user, pk=guide.pk, data=data)

    if request.method == "POST" and _saved(form, save):
        messages.success(request, "草稿已保存。")
        return redirect("backoffice:services_guide", guide.pk)
    return render(request, "backoffice/services/form.html", {"form": form, "guide": guide})


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
        "files": guide.files.all(),
        "may_edit": has_role(request.user, guide.organization, *guides.EDIT_ROLES),
        "may_withdraw": guide.published_id is not None
        and has_role(request.user, guide.organization, Role.REVIEWER, Role.OFFICE_HEAD),
        "withdraw_form": WithdrawForm(),
        "file_form": MaterialFileForm(),
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


@login_required
@require_POST
def guide_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _guide_or_404(request, pk)
    form = WithdrawForm(request.POST)
    try:
        guides.guide_withdraw(actor=request.user, pk=pk, reason=request.POST.get("reason", ""))
        messages.success(request, "该事项已停止办理，门户网站和站内搜索已撤下其指南。")
    except (Conflict, ValidationFailed) as exc:  # NotPermitted goes up: a 403 page
        messages.error(request, exc.message if form.is_valid() else "请填写停止办理的原因。")
    return redirect("backoffice:services_guide", pk)


@login_required
@require_POST
def guide_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    _guide_or_404(request, pk)
    form = MaterialFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect("backoffice:services_guide", pk)
    upload = form.cleaned_data["file"]
    try:
        row = material_file_upload(actor=request.user, guide_id=pk, fileobj=upload, original_name=upload.name)
        messages.success(request, f"已上传“{row.original_name}”，在申请材料中写“文件#{row.pk}”即可引用。")
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:services_guide", pk)


# --- 一件事 packages -----------------------------------------------------------------------------
@login_required
def package_list(request: HttpRequest) -> HttpResponse:
    rows = packages.packages_for(request.user)
    return render(
        request,
        "backoffice/services/packages.html",
        {"rows": rows, "may_create": organizations_with_role(request.user, *packages.PUBLISH_ROLES).exists()},
    )


@login_required
def package_edit(request: HttpRequest, code: str = "") -> HttpResponse:
    """New (no code) or edit: "预览" shows the combined checklist of the chosen items without
    saving, "保存" saves through `packages.package_save` (audited)."""
    orgs = organizations_with_role(request.user, *packages.PUBLISH_ROLES)
    package = None
    if code:
        package = Package.objects.select_related("lead").filter(code=code).first()
        if package is None:
            raise Http404("未找到该套餐。")
        if not has_role(request.user, package.lead, *packages.PUBLISH_ROLES):
            raise NotPermitted("只有牵头机构的审签人或公开工作机构负责人可以修改该套餐。")
    elif not orgs.exists():
        raise NotPermitted("只有审签人或公开工作机构负责人可以新建“一件事”套餐。")
    initial = PackageForm.initial_from(package) if package else {"kind": "one_thing"}
    form = PackageForm(request.POST or None, organizations=orgs, editing=package is not None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        chosen: list[Guide] = form.cleaned_data["item_codes"]
        if "preview" in request.POST:
            members = packages.guides_with_materials(chosen)
            preview = {
                "checklist": packages.combined_checklist(members),
                "gaps": packages.package_gaps(members),
            }
        else:
            try:
                saved = packages.package_save(
                    actor=request.user,
                    code=package.code if package else form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    lead=form.cleaned_data["lead"],
                    guides=chosen,
                    life_event=form.cleaned_data["life_event"],
                    kind=form.cleaned_data["kind"],
                    public=form.cleaned_data["public"],
                    create_only=package is None,
                )
                messages.success(request, f"已保存“{saved.name}”。")
                return redirect("backoffice:services_package", saved.code)
            except (ValidationFailed, Conflict) as exc:
                form.add_error(None, exc.message)
                for name, error in getattr(exc, "fields", {}).items():
                    form.add_error(
                        "item_codes" if name == "guides" else name if name in form.fields else None,
                        str(error),
                    )
    return render(
        request,
        "backoffice/services/package_form.html",
        {"form": form, "package": package, "preview": preview},
    )
