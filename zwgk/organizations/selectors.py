from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch

from zwgk.organizations.models import Organization, ResponsibleLeader
from zwgk.organizations.permissions import visible_organizations


def current_leader(org: Organization) -> ResponsibleLeader | None:
    filings = getattr(org, "prefetched_filings", None)
    if filings is not None:
        return filings[0] if filings else None
    return org.leader_filings.order_by("-filed_on", "-id").first()


def leader_filing_status_for(
    user: Any, *, as_of: date | None = None
) -> list[tuple[Organization, ResponsibleLeader | None]]:
    """Every agency the user supervises with its current filing (None: not filed), or the
    filing in force at the end of `as_of` (a past year's assessment reads the year's end)."""
    filings = ResponsibleLeader.objects.order_by("-filed_on", "-id")
    if as_of is not None:
        filings = filings.filter(filed_on__lte=as_of)
    orgs = (
        visible_organizations(user)
        .filter(is_active=True)
        .exclude(kind="public_enterprise")
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "leader_filings",
                queryset=filings,
                to_attr="prefetched_filings",
            )
        )
    )
    return [(org, current_leader(org)) for org in orgs]
