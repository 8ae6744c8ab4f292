"""Sign-off (审签, decision 0016): the chain panel every item page shows, and the chain settings
for administrators and agency heads (in the back office, not Django admin)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zwgk.backoffice.review_forms import EVERY_AGENCY, ChainForm
from zwgk.core.errors import DomainError, NotPermitted
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import is_platform_admin, organizations_with_role
from zwgk.review import registry
from zwgk.review.chains import (
    DEFAULT_STEPS,
    MAX_STEPS,
    chains_visible_to,
    signoff_chain_delete,
    signoff_chain_save,
)
from zwgk.review.models import ReviewState, SecrecyResult
from zwgk.review.selectors import review_history
from zwgk.review.services import may_decide


def signoff_panel(user: Any, target: models.Model) -> dict[str, Any]:
    """Context of `review/_chain.html` and `review/_decide.html` for one item."""
    reviews = list(review_history(target))
    pending = next((r for r in reviews if r.state == ReviewState.PENDING), None)
    step_label = ""
    if pending is not None:
        step = next((s for s in pending.steps.all() if s.position == pending.current_position), None)
        step_label = step.label if step else ""
    return {
        "reviews": reviews,
        "pending_review": pending,
        "may_decide": pending is not None and may_decide(user, pending),
        "step_label": step_label,
        "secrecy_choices": SecrecyResult.choices,
    }


def _configurable_organizations(user: Any) -> list[Organization]:
    if is_platform_admin(user):
        return list(Organization.objects.filter(is_active=True))
    return list(organizations_with_role(user, Role.PRINCIPAL, Role.OFFICE_HEAD).filter(is_active=True))


@login_required
def signoff_chains(request: HttpRequest) -> HttpResponse:
    platform = is_platform_admin(request.user)
    organizations = _configurable_organizations(request.user)
    if not platform and not organizations:
        raise NotPermitted("只有平台管理员或机关主要负责人、公开工作机构负责人可以设置审签流程。")
    form = ChainForm(request.POST or None, organizations=organizations, platform=platform)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        org = None
        if c["organization"] != EVERY_AGENCY:
            org = next((o for o in organizations if str(o.pk) == c["organization"]), None)
            if org is None:
                raise Http404
        try:
            signoff_chain_save(
                actor=request.user, organization=org, kind=c["kind"], subkind=c["subkind"], steps=form.steps()
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "审签流程已保存；已在审签中的事项按报审时的流程继续。")
            return redirect("backoffice:signoff_chains")
    return render(
        request,
        "backoffice/review/chains.html",
        {
            "chains": chains_visible_to(request.user),
            "form": form,
            "step_numbers": range(1, MAX_STEPS + 1),
            "default_steps": DEFAULT_STEPS,
            "kind_labels": {k.code: k.label for k in registry.kinds()},
            "subkind_labels": {code: label for k in registry.kinds() for code, label in k.subkinds},
        },
    )


@login_required
@require_POST
def signoff_chain_remove(request: HttpRequest, chain_id: int) -> HttpResponse:
    try:
        signoff_chain_delete(actor=request.user, chain_id=chain_id)
        messages.success(request, "已删除该流程，改用上一级（或默认）流程。")
    except DomainError as exc:
        messages.error(request, exc.message)
    except models.ObjectDoesNotExist:
        raise Http404 from None
    return redirect("backoffice:signoff_chains")
