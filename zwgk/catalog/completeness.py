"""Art. 20 completeness ("法定主动公开内容全部公开到位", RULES §3.1; decision 0025).

A matrix says which statutory categories apply to which kind of agency (`Art20Applicability`,
data that administrators edit). For one agency, each applicable category is

- missing: nothing published under it (neither tagged with the category nor placed in the
  agency's sub-column for it);
- stale: published items exist, but none is in force, or the latest in-force one is older than
  the category's `current_within_days`;
- complete otherwise.

The agency sees its own report in the back office and on its guide; the supervising office sees
every agency it supervises.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization, OrgKind
from zwgk.organizations.permissions import require_admin

# The default matrix (a deployment edits it). Every administrative agency publishes its
# normative documents, functions, plans, budgets and procurement; governments (and districts and
# zones, which act as governments) every Art. 20 item and the Art. 21 additions; a coordinating
# office its functions; public enterprises follow RULES §3.5 instead.
EVERY_AGENCY = ("20.1", "20.2", "20.3", "20.7", "20.9")
DEFAULT_MATRIX: dict[str, tuple[str, ...] | str] = {
    OrgKind.GOVERNMENT: "all",
    OrgKind.DISTRICT: "all",
    OrgKind.DEVELOPMENT_ZONE: "all",
    OrgKind.DEPARTMENT: EVERY_AGENCY,
    OrgKind.OFFICE: ("20.2",),
}
# Art. 20 item 2 (functions, organisation, address, hours, contacts, leaders) is met by the
# agency's published profile (organizations.AgencyProfile) as well as by documents.
FUNCTIONS_CATEGORY = "20.2"
# Budgets and final accounts and recruitment come every year; statistics at least quarterly.
DEFAULT_CURRENT_WITHIN_DAYS = {"20.4": 120, "20.7": 400, "20.14": 400}


def seed_art20_matrix(apps: Any) -> None:
    """Create the default matrix where none is set (idempotent; `apps` of a migration or django)."""
    Art20Category = apps.get_model("catalog", "Art20Category")
    Art20Applicability = apps.get_model("catalog", "Art20Applicability")
    if Art20Applicability.objects.exists():
        return
    categories = list(Art20Category.objects.all())
    for category in categories:
        days = DEFAULT_CURRENT_WITHIN_DAYS.get(category.code)
        if days and category.current_within_days is None:
            category.current_within_days = days
            category.save(update_fields=["current_within_days"])
    for kind, codes in DEFAULT_MATRIX.items():
        for category in categories:
            if codes == "all" or category.code in codes:
                Art20Applicability.objects.get_or_create(category=category, org_kind=str(kind))


class Standing(StrEnum):
    COMPLETE = "complete"
    STALE = "stale"
    MISSING = "missing"


STANDING_LABELS = {
    Standing.COMPLETE: "已公开",
    Standing.STALE: "无现行或近期信息",
    Standing.MISSING: "未公开",
}


@dataclass(frozen=True)
class CategoryStanding:
    category: Any  # Art20Category
    standing: Standing
    published: int
    latest_in_force_on: date | None

    @property
    def label(self) -> str:
        return STANDING_LABELS[self.standing]

    @property
    def gap(self) -> bool:
        return self.standing != Standing.COMPLETE


@dataclass(frozen=True)
class AgencyCompleteness:
    organization: Organization
    categories: list[CategoryStanding]

    @property
    def gaps(self) -> list[CategoryStanding]:
        return [c for c in self.categories if c.gap]


def applicable_categories(kind: str) -> list[Any]:
    from zwgk.catalog.models import Art20Category

    return list(Art20Category.objects.filter(applicability__org_kind=kind).order_by("sort_order", "code"))


def _published_by_category(org_ids: list[int]) -> dict[tuple[int, int], dict[int, tuple[date | None, str]]]:
    """{(org id, category id): {document id: (published_on, validity)}}: tagged or placed. Two queries."""
    from zwgk.catalog.models import ColumnKind, Document, DocumentState

    out: dict[tuple[int, int], dict[int, tuple[date | None, str]]] = {}
    published = Document.objects.filter(organization_id__in=org_ids, state=DocumentState.PUBLISHED)
    tagged = published.filter(art20_categories__isnull=False).values_list(
        "organization_id", "art20_categories", "pk", "published_on", "validity"
    )
    placed = published.filter(
        Q(placements__column__kind=ColumnKind.STATUTORY_ITEM),
        placements__column__art20_category__isnull=False,
        placements__placed_on__isnull=False,
    ).values_list("organization_id", "placements__column__art20_category", "pk", "published_on", "validity")
    for rows in (tagged, placed):
        for org_id, category_id, pk, published_on, validity in rows:
            out.setdefault((org_id, category_id), {})[pk] = (published_on, validity)
    return out


def completeness(organizations: Iterable[Organization], *, today: date) -> list[AgencyCompleteness]:
    """The report for each agency given: five queries whatever their number."""
    from django.db.models import Max

    from zwgk.catalog.models import Art20Applicability, Validity
    from zwgk.organizations.models import AgencyProfile

    orgs = list(organizations)
    cells: dict[str, list[Any]] = {}
    for cell in Art20Applicability.objects.select_related("category").order_by(
        "category__sort_order", "category__code"
    ):
        cells.setdefault(cell.org_kind, []).append(cell.category)
    published = _published_by_category([o.pk for o in orgs])
    profiles = dict(
        AgencyProfile.objects.filter(organization_id__in=[o.pk for o in orgs])
        .values_list("organization_id")
        .annotate(last=Max("created_at"))
        .values_list("organization_id", "last")
    )
    report = []
    for org in orgs:
        rows = []
        for category in cells.get(org.kind, []):
            docs = published.get((org.pk, category.pk), {})
            in_force = [d for d, validity in docs.values() if validity == Validity.IN_FORCE and d is not None]
            if category.code == FUNCTIONS_CATEGORY and org.pk in profiles:
                in_force.append(timezone.localtime(profiles[org.pk]).date())
            latest = max(in_force, default=None)
            if not docs and latest is None:
                standing = Standing.MISSING
            elif latest is None or (
                category.current_within_days is not None
                and latest < today - timedelta(days=category.current_within_days)
            ):
                standing = Standing.STALE
            else:
                standing = Standing.COMPLETE
            rows.append(CategoryStanding(category, standing, len(docs), latest))
        report.append(AgencyCompleteness(org, rows))
    return report


def agency_completeness(org: Organization, *, today: date) -> AgencyCompleteness:
    return completeness([org], today=today)[0]


def matrix_set(
    *, actor: Any, cells: set[tuple[str, str]], current_within_days: dict[str, int | None]
) -> None:
    """Replace the matrix by `cells` {(category code, org kind)} and set each category's time limit."""
    from zwgk.catalog.models import Art20Applicability, Art20Category

    require_admin(actor)
    categories = {c.code: c for c in Art20Category.objects.all()}
    unknown = {code for code, _ in cells if code not in categories} | {
        kind for _, kind in cells if kind not in OrgKind.values
    }
    if unknown:
        raise ValidationFailed("未知的类别或机构类型。", fields={"cells": "、".join(sorted(unknown))})
    with transaction.atomic():
        before = sorted(
            f"{c}:{k}" for c, k in Art20Applicability.objects.values_list("category__code", "org_kind")
        )
        Art20Applicability.objects.all().delete()
        Art20Applicability.objects.bulk_create(
            [Art20Applicability(category=categories[code], org_kind=kind) for code, kind in sorted(cells)]
        )
        days_before = {c.code: c.current_within_days for c in categories.values()}
        for code, days in current_within_days.items():
            if code in categories and categories[code].current_within_days != days:
                categories[code].current_within_days = days
                categories[code].save(update_fields=["current_within_days"])
        audit.record(
            actor=actor,
            verb="column.art20_matrix",
            before={"cells": before, "days": days_before},
            after={
                "cells": sorted(f"{c}:{k}" for c, k in cells),
                "days": {c.code: c.current_within_days for c in categories.values()},
            },
        )
