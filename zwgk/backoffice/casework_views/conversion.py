"""Conversion to proactive disclosure: groups of repeated requests, and a draft from a case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.backoffice.casework_views.service_calls import _act
from zwgk.casework import conversion
from zwgk.casework.models import GroupState
from zwgk.foi.selectors import READ_ROLES
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role, roles_of


@login_required
def conversion_groups(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user):
        raise Http404
    if request.method == "POST":
        found = conversion.conversion_groups_propose()
        messages.success(request, f"已重新分组，新发现或更新 {len(found)} 组。")
        return redirect("backoffice:casework_groups")
    year = timezone.localdate().year
    state = request.GET.get("state", "")
    if state not in GroupState.values:
        state = ""
    return render(
        request,
        "backoffice/casework/groups.html",
        {
            "groups": conversion.groups_for(request.user, state=state),
            "state": state,
            "states": GroupState.choices,
            "year": year,
            "stats": sorted(
                conversion.conversions_per_agency(
                    year=year,
                    organizations=organizations_with_role(
                        request.user, *READ_ROLES, Role.EDITOR, Role.REVIEWER
                    ),
                ).items()
            ),
        },
    )


@login_required
@require_POST
def group_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action in ("confirm", "dismiss"):
        _act(
            request,
            lambda: conversion.conversion_group_decide(
                actor=request.user, group_id=pk, confirm=action == "confirm"
            ),
            "已处理。",
        )
    elif action == "convert":
        done = _act(
            request,
            lambda: conversion.conversion_from_group(actor=request.user, group_id=pk),
            "已生成主动公开草稿，报审后发布。",
        )
        if done is not None:
            return redirect("backoffice:catalog_document", done.document_id)
    else:
        raise Http404
    return redirect("backoffice:casework_groups")


@login_required
@require_POST
def convert_case(request: HttpRequest, pk: int) -> HttpResponse:
    done = _act(
        request,
        lambda: conversion.conversion_from_application(actor=request.user, application_id=pk),
        "已生成主动公开草稿，报审后发布。",
    )
    if done is not None:
        return redirect("backoffice:catalog_document", done.document_id)
    return redirect("backoffice:casework_case", pk=pk)
