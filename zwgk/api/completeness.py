"""Art. 20 completeness for staff (decision 0025): each agency the caller may see, with its
applicable categories and whether each is published, current or missing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from zwgk.api.auth import token_auth
from zwgk.catalog.completeness import Standing, completeness
from zwgk.organizations.models import OrgKind
from zwgk.organizations.permissions import visible_organizations

staff = Router(tags=["法定主动公开内容完整性"], auth=token_auth)


class CategoryOut(Schema):
    code: str
    name: str
    standing: Standing = Field(..., description="complete / stale（无现行或近期信息）/ missing（未公开）")
    published: int
    latest_in_force_on: date | None
    current_within_days: int | None


class AgencyOut(Schema):
    organization: str
    name: str
    gaps: int
    categories: list[CategoryOut]


@staff.get("", response=list[AgencyOut], summary="各机关法定主动公开内容缺项")
def completeness_list(request: HttpRequest, organization: str = "") -> list[dict[str, Any]]:
    orgs = (
        visible_organizations(request.auth)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PUBLIC_ENTERPRISE)
        .order_by("sort_order", "code")
    )
    if organization:
        orgs = orgs.filter(code=organization)
    return [
        {
            "organization": r.organization.code,
            "name": r.organization.name,
            "gaps": len(r.gaps),
            "categories": [
                {
                    "code": c.category.code,
                    "name": c.category.name,
                    "standing": c.standing,
                    "published": c.published,
                    "latest_in_force_on": c.latest_in_force_on,
                    "current_within_days": c.category.current_within_days,
                }
                for c in r.categories
            ],
        }
        for r in completeness(orgs, today=timezone.localdate())
    ]
