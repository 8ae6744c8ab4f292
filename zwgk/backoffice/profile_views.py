"""机构职能 in the back office: an agency's own staff keep its functions, internal units, leaders
and contacts; every save is a new version (history shown); supervisors read."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zwgk.core.errors import DomainError, ValidationFailed
from zwgk.organizations.models import OrgKind
from zwgk.organizations.permissions import visible_organizations
from zwgk.organizations.profiles import (
    ProfileInput,
    agency_profile_save,
    can_edit_profile,
    current_profile,
    format_lines,
    parse_lines,
)

UNIT_KEYS = ("name", "duties")
LEADER_KEYS = ("name", "post", "duties")


class ProfileForm(forms.Form):
    functions = forms.CharField(label="主要职责", widget=forms.Textarea(attrs={"rows": 8}))
    internal_units = forms.CharField(
        label="内设机构",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一个：名称｜职责",
    )
    leaders = forms.CharField(
        label="领导信息",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一人：姓名｜职务｜分工",
    )
    address = forms.CharField(label="办公地址", max_length=300, required=False)
    hours = forms.CharField(label="办公时间", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=100, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    orgs = (
        visible_organizations(request.user)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PUBLIC_ENTERPRISE)
        .prefetch_related("profiles")
        .order_by("sort_order", "code")
    )
    rows = [(o, max(o.profiles.all(), key=lambda p: p.version, default=None)) for o in orgs]
    return render(request, "backoffice/profile/list.html", {"rows": rows})


@login_required
def profile_edit(request: HttpRequest, code: str) -> HttpResponse:
    org = visible_organizations(request.user).filter(code=code).first()
    if org is None:
        raise Http404("未找到该机构。")
    profile = current_profile(org)
    initial = {}
    if profile is not None:
        initial = {
            "functions": profile.functions,
            "internal_units": format_lines(profile.internal_units, UNIT_KEYS),
            "leaders": format_lines(profile.leaders, LEADER_KEYS),
            "address": profile.address,
            "hours": profile.hours,
            "phone": profile.phone,
            "email": profile.email,
        }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency_profile_save(
                actor=request.user,
                organization=org,
                data=ProfileInput(
                    functions=data["functions"],
                    internal_units=parse_lines(data["internal_units"], UNIT_KEYS),
                    leaders=parse_lines(data["leaders"], LEADER_KEYS),
                    address=data["address"],
                    hours=data["hours"],
                    phone=data["phone"],
                    email=data["email"],
                ),
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:agency_profile", code=org.code)
        else:
            messages.success(request, "机构职能已保存并在门户网站公开。")
            return redirect("backoffice:agency_profile", code=org.code)
    return render(
        request,
        "backoffice/profile/edit.html",
        {
            "org": org,
            "form": form,
            "profile": profile,
            "history": list(org.profiles.select_related("created_by").order_by("-version")[:20]),
            "can_edit": can_edit_profile(request.user, org),
        },
    )
