"""Column pages: agencies' own columns and topic columns (专题专栏), managed by the roles the
catalogue's column services allow (decision 0020)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zwgk.backoffice.column_forms import ColumnForm
from zwgk.catalog.models import Column
from zwgk.catalog.services.columns import (
    column_activate,
    column_create,
    column_deactivate,
    column_update,
    may_manage,
    may_manage_topic_columns,
)
from zwgk.core.errors import DomainError, NotPermitted
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role

COLUMN_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN)


def _managing_orgs(user):
    return organizations_with_role(user, Role.REVIEWER, Role.SUPERVISOR).filter(is_active=True)


def _seen_orgs(user):
    return organizations_with_role(user, *COLUMN_ROLES).filter(is_active=True)


@login_required
def column_list(request):
    orgs = _seen_orgs(request.user)
    may_topic = may_manage_topic_columns(request.user)
    if not orgs.exists() and not may_topic:
        raise NotPermitted("没有权限访问此页面。")
    org = orgs.filter(code=request.GET.get("organization", "")).first() or orgs.first()
    topics = Column.objects.filter(organization__isnull=True).prefetch_related("qualifying_subjects")
    own = (
        Column.objects.filter(organization=org)
        .select_related("parent")
        .order_by("parent_id", "sort_order", "code")
        if org
        else Column.objects.none()
    )
    rows = [(c, may_manage(request.user, c)) for c in own]
    return render(
        request,
        "backoffice/catalog/column_list.html",
        {
            "topics": [(c, may_topic) for c in topics],
            "rows": rows,
            "organization": org,
            "organizations": orgs,
            "may_topic": may_topic,
            "may_create": _managing_orgs(request.user).exists(),
        },
    )


def _save(request, form, column=None):
    try:
        if column is None:
            return column_create(actor=request.user, data=form.to_input(), code=form.cleaned_data["code"])
        return column_update(actor=request.user, column_id=column.pk, data=form.to_input())
    except DomainError as exc:
        form.add_error(None, exc.message)
        for name, message in exc.fields.items():
            if name in form.fields:
                form.add_error(name, message)
        return None


def _done(column):
    url = reverse("backoffice:catalog_columns")
    return redirect(f"{url}?organization={column.organization.code}" if column.organization else url)


@login_required
def column_new(request):
    topic = request.GET.get("topic") == "1"
    orgs = _managing_orgs(request.user)
    if (topic and not may_manage_topic_columns(request.user)) or (not topic and not orgs.exists()):
        raise NotPermitted("您没有管理栏目的权限。")
    initial = {}
    wanted = orgs.filter(code=request.GET.get("organization", "")).first()
    if wanted:
        initial["organization"] = wanted
    form = ColumnForm(request.POST or None, topic=topic, organizations=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        column = _save(request, form)
        if column is not None:
            messages.success(request, f"已新建栏目“{column.name}”。")
            return _done(column)
    return render(
        request, "backoffice/catalog/column_form.html", {"form": form, "column": None, "topic": topic}
    )


def _managed(request, pk):
    column = Column.objects.select_related("organization").filter(pk=pk).first()
    if column is None:
        raise Http404("未找到该栏目。")
    if not may_manage(request.user, column):
        raise NotPermitted("您没有管理该栏目的权限。")
    return column


@login_required
def column_edit(request, pk):
    column = _managed(request, pk)
    form = ColumnForm(
        request.POST or None,
        topic=column.organization_id is None,
        organizations=_managing_orgs(request.user),
        column=column,
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, column)
        if saved is not None:
            messages.success(request, "栏目已保存。")
            return _done(saved)
    return render(
        request,
        "backoffice/catalog/column_form.html",
        {"form": form, "column": column, "topic": column.organization_id is None},
    )


@login_required
@require_POST
def column_deactivate_view(request, pk):
    column = _managed(request, pk)
    try:
        column_deactivate(actor=request.user, column_id=pk)
        messages.success(request, f"已停用栏目“{column.name}”。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _done(column)


@login_required
@require_POST
def column_activate_view(request, pk):
    column = _managed(request, pk)
    try:
        column_activate(actor=request.user, column_id=pk)
        messages.success(request, f"已启用栏目“{column.name}”。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _done(column)
