"""The Q&A library in the back office (咨询答问库, issue 24.3): agencies' editors draft and submit
entries, reviewers sign them off (the one review engine), hotline staff propose from calls, and
the statistics show what is asked most and what finds no answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zwgk.backoffice.knowledge_forms import CallForm, EntryForm, WithdrawForm, split_tags
from zwgk.backoffice.review_views import signoff_panel
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.knowledge import selectors, services, sources
from zwgk.knowledge.models import EDITABLE_STATES, Entry, EntryState
from zwgk.knowledge.sources import SourceKind
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import (
    has_role,
    is_platform_admin,
    organizations_with_role,
    roles_of,
    visible_organizations,
)
from zwgk.review.models import ReviewRequest

STATISTICS_DAYS = 30


def _editable_organizations(user: Any) -> list[Organization]:
    return list(organizations_with_role(user, *services.EDITOR_ROLES).filter(is_active=True))


def _entry_or_404(user: Any, pk: int) -> Entry:
    try:
        return selectors.access_entry(user, pk)
    except ObjectDoesNotExist:
        raise Http404("未找到该问答。") from None


def _form_errors(form: Any, exc: ValidationFailed) -> None:
    form.add_error(None, exc.message)
    for name, error in exc.fields.items():
        if name in form.fields:
            form.add_error(name, str(error))


def _input(form: EntryForm) -> services.EntryInput:
    data = form.cleaned_data
    return services.EntryInput(
        organization=Organization.objects.get(code=data["organization"]),
        question=data["question"],
        answer=data["answer"],
        tags=split_tags(data["tags"]),
        source_kind=data["source_kind"],
        source_id=data["source_id"],
        source_reference=data["source_reference"],
    )


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not roles & {Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN, Role.HOTLINE}:
        raise NotPermitted("只有信息员、审签人、热线工作人员和公开办可以查看问答库。")
    state = request.GET.get("state", "")
    state = state if state in EntryState.values else ""
    q = request.GET.get("q", "")[:100]
    qs = selectors.entries_for(request.user, state=state, q=q)
    if Role.HOTLINE in roles:  # their own proposals, whatever agency answers them
        qs = (qs | Entry.objects.filter(created_by=request.user)).distinct()
    expired_only = request.GET.get("expired") == "1"
    if expired_only:  # published entries no longer served: their source was amended or repealed
        published = list(qs.filter(state=EntryState.PUBLISHED))
        found = sources.resolve((e.source_kind, e.source_id) for e in published)
        qs = qs.filter(pk__in=[e.pk for e in published if not found[(e.source_kind, e.source_id)].current])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    resolved = sources.resolve((e.source_kind, e.source_id) for e in page.object_list)
    rows = [(e, resolved[(e.source_kind, e.source_id)]) for e in page.object_list]
    return render(
        request,
        "backoffice/knowledge/list.html",
        {
            "page": page,
            "rows": rows,
            "expired_only": expired_only,
            "state": state,
            "q": q,
            "states": EntryState.choices,
            "may_create": bool(_editable_organizations(request.user)),
            "may_propose": Role.HOTLINE in roles,
        },
    )


@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    organizations = _editable_organizations(request.user)
    if not organizations:
        raise NotPermitted("只有信息员、审签人可以新建问答。")
    form = EntryForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(actor=request.user, data=_input(form))
        except ValidationFailed as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "问答草稿已保存。")
            return redirect("backoffice:knowledge_entry", entry.pk)
    return render(request, "backoffice/knowledge/form.html", {"form": form, "title": "新建问答"})


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    if Role.HOTLINE not in roles_of(request.user):
        raise NotPermitted("只有热线工作人员可以从来电提出问答。")
    organizations = list(Organization.objects.filter(is_active=True))
    form = CallForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_propose_from_call(
                actor=request.user,
                organization=Organization.objects.get(code=data["organization"]),
                question=data["question"],
                answer=data["answer"],
                tags=split_tags(data["tags"]),
                call_reference=data["call_reference"],
            )
        except ValidationFailed as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已提交答复机构审签，审签通过后对外提供。")
            return redirect("backoffice:knowledge_entry", entry.pk)
    return render(request, "backoffice/knowledge/form.html", {"form": form, "title": "从来电提出问答"})


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_or_404(request.user, pk)
    may_edit = has_role(request.user, entry.organization, *services.EDITOR_ROLES)
    if request.method == "POST" and not may_edit:
        raise NotPermitted(f"您在“{entry.organization.display_name}”没有信息员或审签人权限。")
    pending = ReviewRequest.objects.for_target(entry).pending().exists()
    form = None
    if may_edit and entry.state in EDITABLE_STATES and not pending:
        initial = {
            "organization": entry.organization.code,
            "question": entry.question,
            "answer": entry.answer,
            "tags": "、".join(entry.tags),
            "source_kind": entry.source_kind,
            "source_id": entry.source_id,
            "source_reference": entry.source_reference,
        }
        action = request.POST.get("action") if request.method == "POST" else None
        form = EntryForm(
            request.POST if action == "save" else None, initial=initial, organizations=[entry.organization]
        )
        if action == "save" and form.is_valid():
            try:
                services.entry_update(actor=request.user, entry_id=entry.pk, data=_input(form))
            except ValidationFailed as exc:
                _form_errors(form, exc)
            except Conflict as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已保存。")
                return redirect("backoffice:knowledge_entry", entry.pk)
    resolution = sources.resolve([(entry.source_kind, entry.source_id)])[(entry.source_kind, entry.source_id)]
    return render(
        request,
        "backoffice/knowledge/detail.html",
        {
            "entry": entry,
            "form": form,
            "may_submit": may_edit and entry.state in EDITABLE_STATES and not pending,
            "may_withdraw": has_role(request.user, entry.organization, Role.REVIEWER)
            and entry.state == EntryState.PUBLISHED
            and not pending,
            "withdraw_form": WithdrawForm(),
            "source": resolution,
            "source_label": SourceKind(entry.source_kind).label,
            **signoff_panel(request.user, entry),
        },
    )


@login_required
def entry_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    entry = _entry_or_404(request.user, pk)
    try:
        if action == "submit":
            services.entry_submit(
                actor=request.user, entry_id=entry.pk, note=request.POST.get("note", "")[:300]
            )
            messages.success(request, "已报审签。")
        elif action == "withdraw":
            services.entry_withdraw(
                actor=request.user, entry_id=entry.pk, reason=request.POST.get("reason", "")
            )
            messages.success(request, "已撤下。")
        else:
            raise Http404
    except (Conflict, ValidationFailed) as exc:  # NotPermitted goes up: a 403
        messages.error(request, exc.message)
    return redirect("backoffice:knowledge_entry", entry.pk)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not roles & {Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN, Role.HOTLINE}:
        raise NotPermitted("只有信息员、审签人、热线工作人员和公开办可以查看问答统计。")
    everything = is_platform_admin(request.user) or Role.HOTLINE in roles
    codes = None if everything else list(visible_organizations(request.user).values_list("code", flat=True))
    since = timezone.now() - timedelta(days=STATISTICS_DAYS)
    most, never = selectors.statistics(since=since, organization_codes=codes)
    return render(
        request,
        "backoffice/knowledge/statistics.html",
        {"most": most, "never": never, "days": STATISTICS_DAYS, "everything": everything},
    )
