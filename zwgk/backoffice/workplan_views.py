"""Work-plan tracker pages: overview with completion by unit, task list, task page with reporting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.backoffice.workplan_forms import ProgressReportForm, TaskFilterForm
from zwgk.core.errors import DomainError
from zwgk.organizations.models import Organization
from zwgk.workplan import selectors
from zwgk.workplan.evidence import LABELS
from zwgk.workplan.models import ProgressStatus
from zwgk.workplan.services import can_report, progress_report_submit


def _plan_or_404(user, pk=None):
    try:
        return selectors.access_plan(user, pk)
    except ObjectDoesNotExist:
        raise Http404("没有可查看的工作安排。") from None


@login_required
def overview(request, plan_id=None):
    if plan_id is None and not selectors.plan_list_for(request.user).exists():
        return render(request, "backoffice/workplan/none.html")
    plan = _plan_or_404(request.user, plan_id)
    today = timezone.localdate()
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
        },
    )


@login_required
def matrix(request, plan_id):
    plan = _plan_or_404(request.user, plan_id)
    today = timezone.localdate()
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
