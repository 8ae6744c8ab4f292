"""公开申诉 in the back office: the competent department answers complaints about its units'
disclosure; the supervising office sees the overdue ones (RULES §3.5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.backoffice.directory_forms import ComplaintAnswerForm
from zwgk.core.errors import DomainError, ValidationFailed
from zwgk.directory import complaints
from zwgk.directory.models import Complaint, ComplaintState

FILTERS = {
    "open": "办理中",
    "overdue": "已逾期",
    "answered": "已答复",
    "": "全部",
}


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    state = request.GET.get("state", "")
    if state not in FILTERS:
        state = ""
    rows = complaints.complaints_for(request.user)
    if state == "overdue":
        rows = complaints.overdue_complaints(request.user, today=today)
    elif state:
        rows = rows.filter(state=state)
    department = request.GET.get("department", "")
    if department:
        rows = rows.filter(department__code=department)
    return render(
        request,
        "backoffice/directory/complaints.html",
        {
            "rows": list(rows.order_by("state", "due_on", "id")[:500]),
            "state": state,
            "filters": FILTERS,
            "today": today,
            "workdays": complaints.answer_workdays(),
            "open_state": ComplaintState.OPEN,
        },
    )


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        complaint = complaints.complaints_for(request.user).get(pk=pk)
    except Complaint.DoesNotExist:
        raise Http404("未找到该申诉。") from None
    can_answer = complaint.state == ComplaintState.OPEN and complaints.can_answer(request.user, complaint)
    form = ComplaintAnswerForm(
        request.POST if request.method == "POST" else None, initial={"answered_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaints.complaint_answer(actor=request.user, complaint_id=complaint.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:directory_complaint", pk=complaint.pk)
        else:
            messages.success(request, "答复已保存，调查结果将发送给申诉人。")
            return redirect("backoffice:directory_complaint", pk=complaint.pk)
    return render(
        request,
        "backoffice/directory/complaint.html",
        {
            "complaint": complaint,
            "form": form,
            "can_answer": can_answer,
            "overdue": complaint.state == ComplaintState.OPEN and complaint.due_on < timezone.localdate(),
        },
    )
