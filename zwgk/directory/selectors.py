"""Read side of the directory: the verification status the supervision dashboard shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from zwgk.directory.models import (
    ComplaintChannel,
    DisclosureVerification,
    Sector,
    ServiceOutlet,
    VerificationResult,
)
from zwgk.organizations.models import Organization, OrgKind
from zwgk.organizations.permissions import visible_organizations

# 国办发〔2020〕50号 asks competent departments to keep what their units publish current; the
# product treats a check older than a year as due again.
STALE_AFTER_DAYS = 365


def verification_status(org_ids: Iterable[int], *, today: date) -> dict[int, dict[str, Any]]:
    """{org id: {"verified_on", "result", "stale"}} from each unit's latest check, for every id given.

    Stale: never verified, or last verified more than STALE_AFTER_DAYS days before `today`.
    """
    ids = list(org_ids)
    status: dict[int, dict[str, Any]] = {
        pk: {"verified_on": None, "result": None, "stale": True} for pk in ids
    }
    latest = (
        DisclosureVerification.objects.filter(organization_id__in=ids)
        .order_by("organization_id", "-verified_on", "-id")
        .values_list("organization_id", "verified_on", "result")
    )
    seen: set[int] = set()
    for org_id, verified_on, result in latest:
        if org_id in seen:
            continue
        seen.add(org_id)
        status[org_id] = {
            "verified_on": verified_on,
            "result": result,
            "stale": (today - verified_on).days > STALE_AFTER_DAYS,
        }
    return status


@dataclass(frozen=True)
class EnterpriseStatus:
    organization: Organization
    department: Organization | None  # the competent department (the parent)
    verified_on: date | None
    result: str | None
    stale: bool

    @property
    def result_label(self) -> str:
        return str(VerificationResult(self.result).label) if self.result else "未核实"

    @property
    def problems_found(self) -> bool:
        return self.result == VerificationResult.PROBLEMS


def _enterprises_visible_to(user: Any) -> QuerySet[Organization]:
    """Active public enterprises the user may see, or whose competent department the user may see."""
    visible = visible_organizations(user).values("pk")
    return (
        Organization.objects.filter(kind=OrgKind.PUBLIC_ENTERPRISE, is_active=True)
        .filter(Q(pk__in=visible) | Q(parent__in=visible))
        .select_related("parent")
    )


def enterprise_status_list_for(user: Any, *, today: date) -> list[EnterpriseStatus]:
    enterprises = list(_enterprises_visible_to(user).order_by("sort_order", "code"))
    status = verification_status([o.pk for o in enterprises], today=today)
    return [EnterpriseStatus(organization=o, department=o.parent, **status[o.pk]) for o in enterprises]


@dataclass(frozen=True)
class PublicServiceEntry(EnterpriseStatus):
    """One enterprise on the public 办事公开 page: what it publishes and its department's last check."""

    outlets: list[ServiceOutlet]
    channels: list[ComplaintChannel]
    sector: Sector | None = None


def _sector_of(org: Organization) -> Sector | None:
    link = getattr(org, "unit_sector", None)  # the reverse one-to-one raises AttributeError when unset
    return link.sector if link is not None else None


def public_service_directory(*, today: date) -> list[tuple[Organization | None, list[PublicServiceEntry]]]:
    """Every active public enterprise with its outlets and complaint channels, by competent department.

    Four queries whatever the number of units: units, outlets, channels, checks.
    """
    enterprises = list(
        Organization.objects.filter(kind=OrgKind.PUBLIC_ENTERPRISE, is_active=True)
        .select_related("parent", "unit_sector__sector")
        .prefetch_related("service_outlets", "complaint_channels")
        .order_by("parent__sort_order", "parent__code", "sort_order", "code")
    )
    status = verification_status([o.pk for o in enterprises], today=today)
    groups: dict[int | None, tuple[Organization | None, list[PublicServiceEntry]]] = {}
    for org in enterprises:
        entry = PublicServiceEntry(
            organization=org,
            department=org.parent,
            outlets=list(org.service_outlets.all()),
            channels=list(org.complaint_channels.all()),
            sector=_sector_of(org),
            **status[org.pk],
        )
        groups.setdefault(org.parent_id, (org.parent, []))[1].append(entry)
    return list(groups.values())


def access_enterprise(user: Any, code: str) -> Organization:
    """An active public enterprise the user may see, or whose competent department the user may see.

    Raises Organization.DoesNotExist otherwise (the view answers 404).
    """
    return _enterprises_visible_to(user).get(code=code)


def verifications_of(organization: Organization, *, limit: int = 20) -> list[DisclosureVerification]:
    return list(
        organization.disclosure_verifications.select_related(
            "verified_by", "verifying_organization"
        ).order_by("-verified_on", "-id")[:limit]
    )


def sector_of(org: Organization) -> Sector | None:
    return Sector.objects.filter(units__organization=org).first()


def enterprises_with_outlets_for(user: Any) -> QuerySet[Organization]:
    return (
        _enterprises_visible_to(user)
        .select_related("unit_sector__sector")
        .prefetch_related("service_outlets")
        .order_by("sort_order", "code")
    )


def sectors_with_counts() -> list[Sector]:
    """Every sector with its department and `unit_count` (active units)."""
    from django.db.models import Count

    return list(
        Sector.objects.select_related("competent_department").annotate(
            unit_count=Count("units", filter=Q(units__organization__is_active=True))
        )
    )
