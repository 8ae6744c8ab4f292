from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from zwgk.organizations.permissions import organizations_with_role, visible_organizations
from zwgk.review.chains import STEP_ROLES
from zwgk.review.models import ReviewRequest, ReviewRequestQuerySet


def review_queue_for(user: Any, *, kind: str | None = None) -> ReviewRequestQuerySet:
    """Pending requests whose current step the user may decide: the step's post held at the
    agency, and never the user's own draft (decision 0016: it waits for another holder)."""
    if not getattr(user, "is_authenticated", False):
        return ReviewRequest.objects.none()
    cond = Q(pk__in=[])
    for role in STEP_ROLES:
        cond |= Q(current_role=role, organization__in=organizations_with_role(user, role))
    qs = ReviewRequest.objects.pending().filter(cond).exclude(author=user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("organization", "submitted_by", "author").order_by("submitted_at", "id")


def access_review_request(user: Any, pk: int) -> ReviewRequest:
    return ReviewRequest.objects.filter(organization__in=visible_organizations(user)).get(pk=pk)


def review_history(target: models.Model) -> ReviewRequestQuerySet:
    """Every request of the target with its chain and decisions, newest first."""
    return (
        ReviewRequest.objects.for_target(target)
        .select_related("submitted_by", "decided_by", "author")
        .prefetch_related("steps__decided_by")
    )
