"""Joint studies (会商) of difficult applications: the list, opening one, opinions, conclusion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.backoffice import casework_forms as f
from zwgk.backoffice.casework_views.service_calls import _act
from zwgk.casework import joint_studies as js
from zwgk.core.calendars import calendar_current
from zwgk.foi.selectors import ACT_ROLES, access_application
from zwgk.organizations.permissions import has_role


@login_required
def joint_study_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/casework/joint_studies.html",
        {
            "awaiting": list(js.joint_studies_awaiting(request.user)),
            "studies": list(js.joint_studies_visible_to(request.user).order_by("-opened_on", "-id")[:200]),
        },
    )


@login_required
def joint_study_new(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = access_application(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该申请。") from None
    if not has_role(request.user, application.organization, *ACT_ROLES):
        raise Http404("未找到该申请。")
    today = timezone.localdate()
    form = f.JointStudyOpenForm(request.POST or None, units=js.invitable_units(application))
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            study = _act(
                request,
                lambda: js.joint_study_open(
                    actor=request.user,
                    application_id=pk,
                    question=c["question"],
                    difficulty=c["difficulty"],
                    units=[u.pk for u in c["units"]],
                    today=today,
                ),
                "已发起会商。",
            )
            if study is not None:
                return redirect("backoffice:casework_joint_study", pk=study.pk)
        else:
            messages.error(request, "请填写会商事项、疑难原因并选择邀请单位。")
    return render(
        request,
        "backoffice/casework/joint_study_new.html",
        {
            "case": application,
            "form": form,
            "warning": js.clock_warning(application, today=today, cal=calendar_current()),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def joint_study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        study = js.access_joint_study(request.user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该会商。") from None
    today = timezone.localdate()
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "opinion":
            form = f.JointStudyOpinionForm(request.POST)
            invitation_id = request.POST.get("invitation", "")
            if form.is_valid() and invitation_id.isdigit():
                _act(
                    request,
                    lambda: js.joint_study_answer(
                        actor=request.user,
                        invitation_id=int(invitation_id),
                        opinion=form.cleaned_data["opinion"],
                        today=today,
                    ),
                    "意见已提交。",
                )
            else:
                messages.error(request, "请填写本单位意见。")
        elif step == "conclude":
            form = f.JointStudyConclusionForm(request.POST)
            if form.is_valid():
                _act(
                    request,
                    lambda: js.joint_study_conclude(
                        actor=request.user, study_id=pk, today=today, **form.cleaned_data
                    ),
                    "会商结论已记录。",
                )
            else:
                messages.error(request, "请填写会商结论。")
        return redirect("backoffice:casework_joint_study", pk=pk)
    application = study.application
    may_act = has_role(request.user, application.organization, *ACT_ROLES)
    invitations = list(study.invitations.select_related("organization"))
    mine = {i.pk for i in js.joint_studies_awaiting(request.user).filter(study=study)}
    return render(
        request,
        "backoffice/casework/joint_study.html",
        {
            "study": study,
            "case": application,
            "invitations": invitations,
            "answerable": [i for i in invitations if i.pk in mine],
            "opinion_form": f.JointStudyOpinionForm(),
            "conclusion_form": f.JointStudyConclusionForm() if may_act and not study.concluded else None,
            "may_act": may_act,
            "warning": js.clock_warning(application, today=today, cal=calendar_current()),
            "agreement": js.outcome_agreement(study),
        },
    )
