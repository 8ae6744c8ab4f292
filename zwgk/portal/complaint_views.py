"""申诉 pages of the portal: file a complaint about a public enterprise's disclosure, and follow it
through its link (the number, the state, the answer; never the complainant's name or contacts)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from zwgk.core import ratelimit
from zwgk.core.errors import ValidationFailed
from zwgk.directory import complaints
from zwgk.directory.models import Complaint, ComplaintState
from zwgk.portal.complaint_forms import ComplaintForm
from zwgk.portal.proof_of_work import proof_accepted


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ratelimit.hit(request, "public_form")
        form = ComplaintForm(request.POST)
        if form.is_valid() and proof_accepted(form):
            data = form.cleaned_data
            try:
                complaint = complaints.complaint_file(
                    filing=complaints.Filing(
                        organization=data["organization"],
                        name=data["name"],
                        subject=data["subject"],
                        body=data["body"],
                        email=data["email"],
                        phone=data["phone"],
                    ),
                    received_on=timezone.localdate(),
                )
            except ValidationFailed as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("portal:complaint_status", token=complaint.token)
    else:
        form = ComplaintForm(initial={"organization": request.GET.get("unit", "")[:64]})
    return render(
        request,
        "portal/directory/complaint_new.html",
        {"form": form, "workdays": complaints.answer_workdays()},
    )


@never_cache
@require_GET
def complaint_status(request: HttpRequest, token: str) -> HttpResponse:
    try:
        complaint = Complaint.objects.select_related("organization", "department").get(token=token)
    except Complaint.DoesNotExist:
        raise Http404("未找到该申诉，请检查链接是否完整。") from None
    return render(
        request,
        "portal/directory/complaint_status.html",
        {
            "complaint": complaint,
            "answered": complaint.state == ComplaintState.ANSWERED,
            "workdays": complaints.answer_workdays(),
        },
    )
