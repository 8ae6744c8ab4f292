"""The approval engine's state changes (review_submit / approve / return / cancel).

A request follows the chain in force when it was submitted (`chains.chain_for`, copied onto it
as `ReviewStep` rows): each approval decides the current step; the last one approves the
request and runs the kind's hook. Decision 0016:
- No one approves their own draft: the request's `author` is refused at every step (a step
  whose post the author holds waits for another holder of that post), never only noted.
- A 保密审查 step records its reviewer and its result (`SecrecyResult`); it passes the item
  only with a result that allows disclosure.
- Every decision is a step row and an audit row.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, require_role
from zwgk.review import registry
from zwgk.review.chains import StepSpec, chain_for
from zwgk.review.models import (
    SECRECY_PASS_RESULTS,
    ReviewRequest,
    ReviewState,
    ReviewStep,
    SecrecyResult,
    StepDecision,
)

SUBMITTER: Any = object()  # review_submit's default author: whoever submits


def may_sign_at_once(user: Any, organization: Organization, steps: tuple[StepSpec, ...]) -> bool:
    """Whether `user` holds the post of every step, so a text nobody drafted (a letter filled
    in from its template) can be signed off in one go (API.md). Never with a 保密审查 step: its
    result is a finding someone must record, not a formality."""
    if not getattr(user, "pk", None) or any(step.is_secrecy_review for step in steps):
        return False
    return all(has_role(user, organization, step.role) for step in steps)


def review_sign_at_once(
    *,
    actor: Any,
    target: models.Model,
    organization: Organization,
    kind: str,
    title: str,
    subkind: str = "",
    note: str = "",
    comment: str = "",
) -> ReviewRequest:
    """Submit a text nobody drafted and decide every step of its chain as `actor`."""
    steps = chain_for(organization, kind, subkind)
    if not may_sign_at_once(actor, organization, steps):
        raise NotPermitted("您不能一次审签该事项的全部步骤。", code="cannot_sign_at_once")
    req = review_submit(
        actor=actor,
        target=target,
        organization=organization,
        kind=kind,
        title=title,
        note=note,
        subkind=subkind,
        author=None,
        steps=steps,
    )
    for _ in steps:
        review_approve(actor=actor, request_id=req.pk, comment=comment)
    req.refresh_from_db()
    return req


def _locked(request_id: int) -> ReviewRequest:
    return (
        ReviewRequest.objects.select_for_update()
        .select_related("organization", "content_type")
        .get(pk=request_id)
    )


def _check_pending(req: ReviewRequest) -> None:
    if req.state != ReviewState.PENDING:
        raise Conflict(f"该审签已处理（{req.get_state_display()}）。", code="review_not_pending")


def review_submit(
    *,
    actor: Any,
    target: models.Model,
    organization: Organization,
    kind: str,
    title: str,
    note: str = "",
    subkind: str = "",
    author: Any = SUBMITTER,
    steps: tuple[StepSpec, ...] | None = None,
) -> ReviewRequest:
    """Open a request for sign-off; the caller has already checked that the actor may submit.

    `author` is whoever drafted the target (default: the submitter; None: nobody's draft, such
    as a letter filled in wholly from its template); `steps` defaults to the chain in force for
    (agency, kind, subkind).
    """
    registry.get(kind)  # fail early on an unregistered kind
    if author is SUBMITTER:
        author = actor if getattr(actor, "pk", None) else None
    steps = steps if steps is not None else chain_for(organization, kind, subkind)
    with transaction.atomic():
        try:
            with transaction.atomic():
                req = ReviewRequest.objects.create(
                    content_type=ContentType.objects.get_for_model(target),
                    object_id=target.pk,
                    organization=organization,
                    kind=kind,
                    title=title[:300],
                    note=note,
                    submitted_by=actor if getattr(actor, "pk", None) else None,
                    submitted_at=timezone.now(),
                    subkind=subkind,
                    author=author,
                    current_position=1,
                    current_role=steps[0].role,
                )
        except IntegrityError:
            raise Conflict("该事项已在审签中。", code="review_already_pending") from None
        ReviewStep.objects.bulk_create(
            ReviewStep(request=req, position=i, role=spec.role, label=spec.label)
            for i, spec in enumerate(steps, start=1)
        )
        audit.record(
            actor=actor,
            verb="review.submit",
            target=req,
            organization_code=organization.code,
            data={
                "kind": kind,
                "subkind": subkind,
                "target": f"{target._meta.label_lower}:{target.pk}",
                "note": note,
                "chain": [[spec.role, spec.label] for spec in steps],
            },
        )
    return req


def current_step(req: ReviewRequest) -> ReviewStep:
    return req.steps.get(position=req.current_position)


def is_author(user: Any, req: ReviewRequest) -> bool:
    return req.author_id is not None and req.author_id == getattr(user, "pk", None)


def may_decide(user: Any, req: ReviewRequest) -> bool:
    """Whether `user` may approve or return the step `req` waits for (pages offer the form)."""
    if req.state != ReviewState.PENDING or not req.current_role or is_author(user, req):
        return False
    return has_role(user, req.organization, req.current_role)


def _check_may_decide(actor: Any, req: ReviewRequest, step: ReviewStep) -> None:
    require_role(actor, req.organization, step.role)
    if is_author(actor, req):
        raise NotPermitted(
            f"不能审签本人起草的稿件：“{step.label}”须由本机关其他{Role(step.role).label}审签。",
            code="self_approval",
        )


def _decide(
    req: ReviewRequest, step: ReviewStep, actor: Any, decision: str, comment: str, secrecy: str
) -> None:
    step.decision = decision
    step.decided_by = actor
    step.decided_at = timezone.now()
    step.comment = comment
    step.secrecy_result = secrecy
    step.save(update_fields=["decision", "decided_by", "decided_at", "comment", "secrecy_result"])


def _step_data(req: ReviewRequest, step: ReviewStep, comment: str, secrecy: str) -> dict[str, Any]:
    return {
        "kind": req.kind,
        "step": step.position,
        "steps": req.steps.count(),
        "role": step.role,
        "label": step.label,
        "comment": comment,
        "secrecy_result": secrecy or None,
    }


def _close(req: ReviewRequest, actor: Any, state: str, comment: str) -> None:
    req.state = state
    req.decided_by = actor
    req.decided_at = timezone.now()
    req.comment = comment
    req.current_position, req.current_role = 0, ""
    req.save(
        update_fields=["state", "decided_by", "decided_at", "comment", "current_position", "current_role"]
    )
    req.steps.filter(decision=StepDecision.PENDING).update(decision=StepDecision.NOT_REACHED)


def review_approve(
    *, actor: Any, request_id: int, comment: str = "", secrecy_result: str = ""
) -> ReviewRequest:
    """Approve the step the request waits for; the last step approves the request."""
    with transaction.atomic():
        req = _locked(request_id)
        _check_pending(req)
        step = current_step(req)
        _check_may_decide(actor, req, step)
        comment = comment.strip()
        if step.is_secrecy_review:
            if secrecy_result not in SECRECY_PASS_RESULTS:
                raise ValidationFailed(
                    "保密审查通过时请选择审查结论（不涉密，或涉密内容已区分处理）。",
                    code="secrecy_result_required",
                    fields={"secrecy_result": "必选"},
                )
        else:
            secrecy_result = ""
        _decide(req, step, actor, StepDecision.APPROVED, comment, secrecy_result)
        following = req.steps.filter(position__gt=step.position).order_by("position").first()
        data = _step_data(req, step, comment, secrecy_result)
        if following is not None:
            req.current_position, req.current_role = following.position, following.role
            req.save(update_fields=["current_position", "current_role"])
            data["next"] = following.label
        else:
            _close(req, actor, ReviewState.APPROVED, comment)
        audit.record(
            actor=actor,
            verb="review.approve",
            target=req,
            organization_code=req.organization.code,
            data={**data, "final": following is None},
        )
        if following is None:
            registry.get(req.kind).on_approve(req, actor)
    return req


def review_return(*, actor: Any, request_id: int, comment: str, secrecy_result: str = "") -> ReviewRequest:
    """Send the draft back to its author from the current step (with the secrecy result there)."""
    comment = comment.strip()
    if not comment:
        raise ValidationFailed("退回时请填写审签意见。", fields={"comment": "必填"})
    with transaction.atomic():
        req = _locked(request_id)
        _check_pending(req)
        step = current_step(req)
        _check_may_decide(actor, req, step)
        if not step.is_secrecy_review or secrecy_result not in SecrecyResult.values:
            secrecy_result = ""
        _decide(req, step, actor, StepDecision.RETURNED, comment, secrecy_result)
        data = _step_data(req, step, comment, secrecy_result)
        _close(req, actor, ReviewState.RETURNED, comment)
        audit.record(
            actor=actor,
            verb="review.return",
            target=req,
            organization_code=req.organization.code,
            data=data,
        )
        registry.get(req.kind).on_return(req, actor)
    return req


def review_cancel(*, actor: Any, request_id: int) -> ReviewRequest:
    """The submitter (or a reviewer of the agency) withdraws a pending request."""
    with transaction.atomic():
        req = _locked(request_id)
        is_submitter = req.submitted_by_id is not None and req.submitted_by_id == getattr(actor, "pk", None)
        may_withdraw = is_submitter or is_author(actor, req) or may_decide(actor, req)
        if not (may_withdraw or has_role(actor, req.organization, Role.REVIEWER)):
            raise NotPermitted("只有报审人或审签人可以撤回审签。")
        _check_pending(req)
        _cancel(req, actor, {"kind": req.kind})
    return req


def review_cancel_obsolete(*, actor: Any, request_id: int, reason: str) -> ReviewRequest:
    """Cancel a pending request whose decision nothing needs any more (the case it belongs to
    was withdrawn). The calling service checked the actor's right to the change that made it
    obsolete; the reason is kept in the audit row."""
    with transaction.atomic():
        req = _locked(request_id)
        _check_pending(req)
        _cancel(req, actor, {"kind": req.kind, "reason": reason})
    return req


def _cancel(req: ReviewRequest, actor: Any, data: dict[str, Any]) -> None:
    _close(req, actor, ReviewState.CANCELLED, req.comment)
    audit.record(
        actor=actor, verb="review.cancel", target=req, organization_code=req.organization.code, data=data
    )
    registry.get(req.kind).on_cancel(req, actor)
