"""Which published items a subscription has not received yet.

An item's date for a subscription is its publication day, or for a column the day it was placed
there (topic columns receive items days after publication). The window starts LOOKBACK_DAYS
before the watermark, so items that become public a little after their date are still found;
`Delivery` rows keep those already sent out of the next digest.

A saved search matches by plain substring on title and summary: every word of the query must
occur in one of them. The search engine (zwgk.search) ranks and segments better, but a digest
needs a yes/no per item that is stable across engine versions, and it must work before the
engine is ready; when the engine offers a "does this item match" call, use it here.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from zwgk.catalog.columns import subtree_ids
from zwgk.catalog.models import ColumnPlacement, Document, DocumentQuerySet
from zwgk.subscriptions.models import Subscription, SubscriptionKind

# An item published late by up to a week (a stalled scheduled-publishing sweep, an item whose
# publishing transaction was still open when the digest ran) is still delivered.
LOOKBACK_DAYS = 7


def window_start(subscription: Subscription) -> date:
    confirmed_on = timezone.localdate(subscription.confirmed_at) if subscription.confirmed_at else date.max
    if subscription.delivered_through is None:
        return confirmed_on
    return max(subscription.delivered_through - timedelta(days=LOOKBACK_DAYS), confirmed_on)


def query_terms(query: str) -> list[str]:
    return [t for t in query.split() if t][:5]


def undelivered_items(subscription: Subscription, *, today: date) -> DocumentQuerySet:
    """Published items matching the subscription, dated within its window, not yet sent."""
    start = window_start(subscription)
    qs = Document.objects.published()
    dated = Q(published_on__gte=start, published_on__lte=today)
    kind = subscription.kind
    if kind == SubscriptionKind.ORGANIZATION:
        co_issued = Document.co_issuers.through.objects.filter(organization_id=subscription.organization_id)
        qs = qs.filter(dated).filter(
            Q(organization_id=subscription.organization_id) | Q(pk__in=co_issued.values("document_id"))
        )
    elif kind == SubscriptionKind.COLUMN:
        placed = ColumnPlacement.objects.filter(
            column_id__in=subtree_ids(subscription.column_id),
            placed_on__gte=start,
            placed_on__lte=today,
        )
        qs = qs.filter(pk__in=placed.values("document_id"))
    elif kind == SubscriptionKind.SUBJECT:
        tagged = Document.subjects.through.objects.filter(
            Q(subject_id=subscription.subject_id) | Q(subject__parent_id=subscription.subject_id)
        )
        qs = qs.filter(dated).filter(pk__in=tagged.values("document_id"))
    else:
        qs = qs.filter(dated)
        for term in query_terms(subscription.query):
            qs = qs.filter(Q(title__icontains=term) | Q(summary__icontains=term))
    return (
        qs.exclude(pk__in=subscription.deliveries.values("document_id"))
        .select_related("organization")
        .order_by("-published_on", "-id")
    )
