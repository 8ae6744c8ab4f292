"""The approval engine's state changes (review_submit / approve / return / cancel).

Self-approval: approving needs the reviewer role at the target's agency, nothing more. A
submitter who also holds that role may sign off their own request (small agencies have one
signer who often drafts too); the audit row then carries `self_approved: true` so the
supervising office can see it. A submitter without the role can never approve.
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
from zwgk.review.models import ReviewRequest, ReviewState


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
) -> ReviewRequest:
    """Open a request for sign-off; the caller has already checked that the actor may submit."""
    registry.get(kind)  # fail early on an unregistered kind
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
                )
        except IntegrityError:
            raise Conflict("该事项已在审签中。", code="review_already_pending") from None
        audit.record(
            actor=actor,
            verb="review.submit",
            target=req,
            organization_code=organization.code,
            data={"kind": kind, "target": f"{target._meta.label_lower}:{target.pk}", "note": note},
        )
    return req


def review_approve(*, actor: Any, request_id: int, comment: str = "") -> ReviewRequest:
    with transaction.atomic():
        req = _locked(request_id)
        require_role(actor, req.organization, Role.REVIEWER)
        _check_pending(req)
        req.state = ReviewState.APPROVED
        req.decided_by = actor
        req.decided_at = timezone.now()
        req.comment = comment.strip()
        req.save(update_fields=["state", "decided_by", "decided_at", "comment"])
        audit.record(
            actor=actor,
            verb="review.approve",
            target=req,
            organization_code=req.organization.code,
            data={
                "kind": req.kind,
                "comment": req.comment,
                "self_approved": req.submitted_by_id is not None and req.submitted_by_id == actor.pk,
            },
        )
        registry.get(req.kind).on_approve(req, actor)
    return req


def review_return(*, actor: Any, request_id: int, comment: str) -> ReviewRequest:
    comment = comment.strip()
    if not comment:
        raise ValidationFailed("退回时请填写审签意见。", fields={"comment": "必填"})
    with transaction.atomic():
        req = _locked(request_id)
        require_role(actor, req.organization, Role.REVIEWER)
        _check_pending(req)
        req.state = ReviewState.RETURNED
        req.decided_by = actor
        req.decided_at = timezone.now()
        req.comment = comment
        req.save(update_fields=["state", "decided_by", "decided_at", "comment"])
        audit.record(
            actor=actor,
            verb="review.return",
            target=req,
            organization_code=req.organization.code,
            data={"kind": req.kind, "comment": comment},
        )
        registry.get(req.kind).on_return(req, actor)
    return req


def review_cancel(*, actor: Any, request_id: int) -> ReviewRequest:
    """The submitter (or a reviewer of the agency) withdraws a pending request."""
    with transaction.atomic():
        req = _locked(request_id)
        is_submitter = req.submitted_by_id is not None and req.submitted_by_id == getattr(actor, "pk", None)
        if not (is_submitter or has_role(actor, req.organization, Role.REVIEWER)):
            raise NotPermitted("只有报审人或审签人可以撤回审签。")
        _check_pending(req)
        req.state = ReviewState.CANCELLED
        req.decided_by = actor
        req.decided_at = timezone.now()
        req.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            verb="review.cancel",
            target=req,
            organization_code=req.organization.code,
            data={"kind": req.kind},
        )
        registry.get(req.kind).on_cancel(req, actor)
    return req
