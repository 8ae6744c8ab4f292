"""公开申诉 in the back office: the competent department answers complaints about its units'
disclosure; the supervising office sees every department's below it, the overdue ones first on
its workbench (RULES §3.5). The complainant's contacts are shown to the answering department
only; supervisors read them masked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.backoffice.directory_forms import ComplaintAnswerForm
from zwgk.core.errors import DomainError, ValidationFailed
from zwgk.directory import complaints
from zwgk.directory.models import Complaint, ComplaintState
from zwgk.foi.masking import mask_email, mask_name, mask_phone
from zwgk.organizations.models import Organization

FILTERS = {
    "open": "办理中",
    "overdue": "已逾期",
    "answered": "已答复",
    "": "全部",
}
PAGE_SIZE = 50


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    state = request.GET.get("state", "")
    if state not in FILTERS:
        state = ""
    department_code = request.GET.get("department", "")[:64]
    rows = complaints.complaint_list_for(request.user, state=state, today=today, department=department_code)
    page = Paginator(rows.order_by("state", "due_on", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    department = (
        Organization.objects.filter(code=department_code).only("code", "name", "short_name").first()
        if department_code
        else None
    )
    return render(
        request,
        "backoffice/directory/complaints.html",
        {
            "page": page,
            "rows": [(c, c.state == ComplaintState.OPEN and c.due_on < today) for c in page],
            "state": state,
            "filters": FILTERS,
            "department": department,
            "workdays": complaints.answer_workdays(),
        },
    )


def _contacts(user, complaint: Complaint) -> dict[str, str]:
    if complaints.sees_contacts(user, complaint):
        return {"name": complaint.name, "email": complaint.email, "phone": complaint.phone}
    return {
        "name": mask_name(complaint.name),
        "email": mask_email(complaint.email),
        "phone": mask_phone(complaint.phone),
    }


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        complaint = complaints.complaints_for(request.user).get(pk=pk)
    except Complaint.DoesNotExist:
        raise Http404("未找到该申诉。") from None
    today = timezone.localdate()
    can_answer = complaint.state == ComplaintState.OPEN and complaints.can_answer(request.user, complaint)
    form = ComplaintAnswerForm(
        request.POST if request.method == "POST" else None, initial={"answered_on": today}
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaints.complaint_answer(
                actor=request.user, complaint_id=complaint.pk, today=today, **form.cleaned_data
            )
        except ValidationFailed as exc:
            form.add_service_error(exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:directory_complaint", pk=complaint.pk)
        else:
            messages.success(request, "答复已保存，调查结果将发送给申诉人。")
            return redirect("backoffice:directory_complaint", pk=complaint.pk)
    answered_late = complaint.answered_on is not None and complaint.answered_on > complaint.due_on
    return render(
        request,
        "backoffice/directory/complaint.html",
        {
            "complaint": complaint,
            "contacts": _contacts(request.user, complaint),
            "masked": not complaints.sees_contacts(request.user, complaint),
            "form": form,
            "can_answer": can_answer,
            "overdue": complaint.state == ComplaintState.OPEN and complaint.due_on < today,
            "answered_late": answered_late,
            "workdays": complaints.answer_workdays(),
        },
        status=400 if request.method == "POST" else 200,
    )
