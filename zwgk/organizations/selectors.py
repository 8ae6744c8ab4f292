from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from zwgk.organizations.models import Organization, ResponsibleLeader
from zwgk.organizations.permissions import visible_organizations


def current_leader(org: Organization) -> ResponsibleLeader | None:
    filings = getattr(org, "prefetched_filings", None)
    if filings is not None:
        return filings[0] if filings else None
    return org.leader_filings.order_by("-filed_on", "-id").first()


def leader_filing_status_for(user: Any) -> list[tuple[Organization, ResponsibleLeader | None]]:
    """Every agency the user supervises with its current filing (None: not filed)."""
    orgs = (
        visible_organizations(user)
        .filter(is_active=True)
        .exclude(kind="public_enterprise")
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "leader_filings",
                queryset=ResponsibleLeader.objects.order_by("-filed_on", "-id"),
                to_attr="prefetched_filings",
            )
        )
    )
    return [(org, current_leader(org)) for org in orgs]
