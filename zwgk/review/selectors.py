from __future__ import annotations

from typing import Any

from django.db import models

from zwgk.organizations.models import Role
from zwgk.organizations.permissions import organizations_with_role, visible_organizations
from zwgk.review.models import ReviewRequest, ReviewRequestQuerySet


def review_queue_for(user: Any, *, kind: str | None = None) -> ReviewRequestQuerySet:
    """Pending requests the user may decide: the agencies where they are a reviewer."""
    qs = ReviewRequest.objects.pending().filter(organization__in=organizations_with_role(user, Role.REVIEWER))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("organization", "submitted_by").order_by("submitted_at", "id")


def access_review_request(user: Any, pk: int) -> ReviewRequest:
    return ReviewRequest.objects.filter(organization__in=visible_organizations(user)).get(pk=pk)


def review_history(target: models.Model) -> ReviewRequestQuerySet:
    return ReviewRequest.objects.for_target(target).select_related("submitted_by", "decided_by")
