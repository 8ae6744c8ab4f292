"""Work-plan tracker pages: overview with completion by unit, task list, task page with reporting."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.backoffice.workplan_forms import (
    ArrangementImportForm,
    ProgressReportForm,
    TaskFilterForm,
    UnitCreateForm,
)
from zwgk.core.errors import DomainError
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import organizations_with_role
from zwgk.workplan import selectors
from zwgk.workplan.evidence import LABELS
from zwgk.workplan.models import ProgressStatus
from zwgk.workplan.services import (
    IMPORTER_ROLES,
    ImportPreview,
    can_report,
    progress_report_submit,
    workplan_import,
    workplan_preview,
    workplan_unit_create,
)
from zwgk.workplan.units import mapping_key


def _as_at(request) -> date:
    """The day a view shows the plan as at (`?on=YYYY-MM-DD`): statuses as reported by then."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _plan_or_404(user, pk=None):
    try:
        return selectors.access_plan(user, pk)
    except ObjectDoesNotExist:
        raise Http404("没有可查看的工作安排。") from None


@login_required
def overview(request, plan_id=None):
    if plan_id is None and not selectors.plan_list_for(request.user).exists():
        return render(request, "backoffice/workplan/none.html", {"may_import": _may_import(request.user)})
    plan = _plan_or_404(request.user, plan_id)
    today = _as_at(request)
    completion = selectors.completion_by_unit(request.user, plan, on=today)
    summary = selectors.plan_summary(request.user, plan, on=today, completion=completion)
    overdue = selectors.task_list_for(request.user, plan, overdue_on=today)
    chart = {
        "units": [u.organization.display_name for u in completion],
        "series": [
            {"name": str(ProgressStatus.DONE.label), "data": [u.done for u in completion]},
            {"name": str(ProgressStatus.IN_PROGRESS.label), "data": [u.in_progress for u in completion]},
            {"name": str(ProgressStatus.NOT_STARTED.label), "data": [u.not_started for u in completion]},
        ],
    }
    return render(
        request,
        "backoffice/workplan/overview.html",
        {
            "plan": plan,
            "today": today,
            "completion": completion,
            "summary": summary,
            "overdue": overdue,
            "chart": chart,
            "supervises_all": selectors.supervises_all(request.user, plan),
            "may_import": _may_import(request.user),
            "as_at": today != timezone.localdate(),
        },
    )


@login_required
def matrix(request, plan_id):
    plan = _plan_or_404(request.user, plan_id)
    today = _as_at(request)
    completion = selectors.completion_by_unit(request.user, plan, on=today)
    tasks = list(plan.tasks.order_by("position"))
    rows = [(u, [(t, u.statuses.get(t.pk)) for t in tasks]) for u in completion]
    return render(
        request,
        "backoffice/workplan/matrix.html",
        {"plan": plan, "tasks": tasks, "rows": rows, "today": today},
    )


@login_required
def task_list(request, plan_id):
    plan = _plan_or_404(request.user, plan_id)
    today = timezone.localdate()
    units = selectors.plan_units_for(request.user, plan)
    form = TaskFilterForm(request.GET or None, units=units)
    unit = overdue = None
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        overdue = form.cleaned_data["overdue"]
    tasks = selectors.task_list_for(request.user, plan, unit=unit, overdue_on=today if overdue else None)
    return render(
        request,
        "backoffice/workplan/tasks.html",
        {"plan": plan, "tasks": tasks, "form": form, "unit": unit, "overdue": overdue, "today": today},
    )


@login_required
def task_detail(request, task_id):
    try:
        task = selectors.access_task(request.user, task_id)
    except ObjectDoesNotExist:
        raise Http404("未找到该任务。") from None
    assignments = selectors.assignments_visible_to(request.user, task)
    reportable = {a.organization_id for a in assignments if can_report(request.user, a.organization)}
    form = None
    if reportable:
        units = Organization.objects.filter(pk__in=reportable).order_by("sort_order", "code")
        form = ProgressReportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST":
        if form is None:
            raise Http404("没有可报送的单位。")
        if form.is_valid():
            try:
                progress_report_submit(
                    actor=request.user,
                    task_id=task.pk,
                    organization=form.cleaned_data["organization"],
                    status=form.cleaned_data["status"],
                    text=form.cleaned_data["text"],
                    reported_on=timezone.localdate(),
                    links=form.link_lines(),
                    files=form.cleaned_data["files"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, message in exc.fields.items():
                    if name in form.fields:
                        form.add_error(name, message)
            else:
                messages.success(request, "进展已报送。")
                return redirect("backoffice:workplan_task", task_id=task.pk)
    reports = selectors.reports_for(request.user, task)
    return render(
        request,
        "backoffice/workplan/task.html",
        {
            "task": task,
            "plan": task.plan,
            "assignments": assignments,
            "reports": reports,
            "form": form,
            "today": timezone.localdate(),
            "labels": LABELS,
        },
    )


@login_required
def evidence_download(request, evidence_id):
    try:
        evidence = selectors.access_evidence(request.user, evidence_id)
    except ObjectDoesNotExist:
        raise Http404("未找到该文件。") from None
    # Always a download with the sniffed type: an uploaded file is never rendered in our origin.
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


def _may_import(user) -> bool:
    return organizations_with_role(user, *IMPORTER_ROLES).exists()


def _unresolved_keys(preview: ImportPreview) -> list[str]:
    keys = []
    for task in preview.tasks:
        for phrase in task.unresolved:
            key = mapping_key(task.item.section, phrase)
            if key not in keys:
                keys.append(key)
    return keys


@login_required
def arrangement_import(request):
    """Paste or upload an arrangement, see what was understood, map what was not, then import.

    Nothing is saved until staff press 确认导入 on a preview without unresolved units; the text
    and the mappings travel in the form, so the page keeps no state between steps.
    """
    if not _may_import(request.user):
        raise PermissionDenied("只有公开办（监督）或平台管理员可以导入工作安排。")
    active = Organization.objects.filter(is_active=True).order_by("sort_order", "code")
    preview = None
    unit_form = UnitCreateForm(prefix="unit")
    if request.method != "POST":
        form = ArrangementImportForm()
    else:
        keys = [request.POST[f"key_{i}"] for i in range(500) if f"key_{i}" in request.POST]
        form = ArrangementImportForm(request.POST, request.FILES, unresolved_keys=keys, agencies=active)
        action = request.POST.get("action", "preview")
        if form.is_valid():
            text, mappings = form.cleaned_data["text"], form.mappings()
            try:
                preview = workplan_preview(text=text, mappings=mappings)
                if action == "create_unit":
                    unit_form = UnitCreateForm(request.POST, prefix="unit")
                    if unit_form.is_valid():
                        org = workplan_unit_create(
                            actor=request.user,
                            government=preview.government,
                            code=unit_form.cleaned_data["code"],
                            name=unit_form.cleaned_data["name"],
                            short_name=unit_form.cleaned_data["phrase"],
                        )
                        messages.success(request, f"已新建机构“{org.name}”，文中的“{org.short_name}”已对应。")
                        unit_form = UnitCreateForm(prefix="unit")
                        preview = workplan_preview(text=text, mappings=mappings)
                elif action == "import":
                    result = workplan_import(actor=request.user, text=text, mappings=mappings)
                    messages.success(request, f"已导入“{result.plan.title}”，共 {result.tasks} 项任务。")
                    return redirect("backoffice:workplan_plan", plan_id=result.plan.pk)
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, message in exc.fields.items():
                    if name in unit_form.fields:
                        unit_form.add_error(name, message)
            if preview is not None:
                # The next step's form: the same text, one chooser per phrase still unresolved
                # (or mapped on this page), limited to the agencies of the plan's government.
                keys = list(dict.fromkeys([*mappings, *_unresolved_keys(preview)]))
                agencies = active.filter(path__startswith=preview.government.path)
                errors = form.non_field_errors()
                form = ArrangementImportForm(
                    initial={"text": text, **{f"key_{i}": k for i, k in enumerate(keys)}},
                    unresolved_keys=keys,
                    agencies=agencies,
                )
                for i, key in enumerate(keys):
                    form.initial[f"map_{i}"] = preview.mappings.get(key, [])
                form.carried_errors = errors
    return render(
        request,
        "backoffice/workplan/import.html",
        {
            "form": form,
            "preview": preview,
            "unit_form": unit_form,
            "map_fields": [(form[f"key_{i}"], form[f"map_{i}"]) for i in range(len(form.keys))],
        },
    )
