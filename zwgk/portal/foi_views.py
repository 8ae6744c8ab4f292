"""Public pages of applications for disclosure: the form, its confirmation, tracking.

The tracking code is never put in a URL (it would land in logs and browser history): the
confirmation page reads it from the session, and the tracking form posts it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from zwgk.backoffice.foi_forms import ApplicantFields
from zwgk.casework.replies import tracking_public
from zwgk.core import ratelimit
from zwgk.core.errors import DomainError
from zwgk.foi import services, tracking
from zwgk.foi.models import Application
from zwgk.organizations.models import Organization
from zwgk.portal.proof_of_work import AltchaField, proof_accepted

SESSION_KEY = "foi_submitted_code"


def application_targets() -> Any:
    return Organization.objects.filter(is_active=True).exclude(kind__in=services.NOT_APPLICATION_TARGETS)


class ApplyForm(ApplicantFields):
    organization = forms.ModelChoiceField(
        label="向哪个行政机关申请", queryset=Organization.objects.none(), to_field_name="code"
    )
    identity_proof = forms.FileField(
        label="身份证明（身份证或营业执照的照片或扫描件，PDF、JPG或PNG）",
        required=False,
        help_text="可选；受理机关需要核实身份时会与您联系。",
    )
    altcha = AltchaField()

    field_order = ["organization"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = application_targets()
        self.fields["organization"].label_from_instance = lambda o: o.name
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["address"].widget.attrs.update(autocomplete="street-address")


class TrackForm(forms.Form):
    code = forms.CharField(
        label="查询码", max_length=30, help_text="提交申请后获得的12位查询码，如 7KQ2-M9XD-3FHT"
    )
    altcha = AltchaField()


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ratelimit.hit(request, "public_form")
        form = ApplyForm(request.POST, request.FILES)
        status = 400
        if form.is_valid() and proof_accepted(form):
            try:
                application = services.application_submit(
                    organization=form.cleaned_data["organization"],
                    applicant=form.applicant(),
                    request=form.request_data(),
                    identity_proof=form.cleaned_data["identity_proof"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                form.add_service_errors(exc.fields)
                status = max(status, exc.status)  # a full disk is 503, not the applicant's mistake
            else:
                request.session[SESSION_KEY] = application.tracking_code
                return redirect("portal:foi_submitted")
    else:
        # Agency pages and guides link here with ?organization=<code>: preselect that agency.
        code = request.GET.get("organization", "")
        target = application_targets().filter(code=code).first() if code else None
        form = ApplyForm(initial={"organization": target} if target else None)
        status = 200
    return render(request, "portal/foi/apply.html", {"form": form}, status=status)


@never_cache
def submitted(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_KEY)
    if not code:
        return redirect("portal:foi_apply")
    application = Application.objects.select_related("organization").filter(tracking_code=code).first()
    return render(request, "portal/foi/submitted.html", {"code": code, "application": application})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    result = None
    not_found = False
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and proof_accepted(form):
        try:
            application = tracking.lookup(request, form.cleaned_data["code"])
            result = tracking_public(application)
        except Application.DoesNotExist:
            not_found = True
    return render(
        request,
        "portal/foi/track.html",
        {"form": form, "result": result, "not_found": not_found},
        status=404 if not_found else 200,
    )
