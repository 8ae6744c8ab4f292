"""Agency functions and structure (机构职能; Art. 20 item 2): versioned, audited, kept by the
agency's own 信息员 or disclosure office head (or a platform administrator)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.organizations.models import AgencyProfile, Organization, Role
from zwgk.organizations.permissions import has_own_role, is_platform_admin

PROFILE_FIELDS = ["functions", "internal_units", "leaders", "address", "hours", "phone", "email"]
EDIT_ROLES = (Role.EDITOR, Role.OFFICE_HEAD)


@dataclass
class ProfileInput:
    functions: str
    internal_units: list[dict[str, str]] = field(default_factory=list)
    leaders: list[dict[str, str]] = field(default_factory=list)
    address: str = ""
    hours: str = ""
    phone: str = ""
    email: str = ""


def can_edit_profile(user: Any, organization: Organization) -> bool:
    """The agency's own staff: supervisors above it read, they do not write its functions."""
    return is_platform_admin(user) or has_own_role(user, organization, *EDIT_ROLES)


def current_profile(organization: Organization) -> AgencyProfile | None:
    return organization.profiles.order_by("-version").first()


def _clean_rows(
    rows: list[dict[str, str]], keys: tuple[str, ...], required: tuple[str, ...], what: str
) -> list[dict[str, str]]:
    out = []
    for i, row in enumerate(rows, start=1):
        cleaned = {k: str(row.get(k, "") or "").strip() for k in keys}
        if not any(cleaned.values()):
            continue
        missing = [k for k in required if not cleaned[k]]
        if missing:
            raise ValidationFailed(f"{what}第{i}项缺少必填内容。", fields={what: f"第{i}项"})
        out.append(cleaned)
    return out


def agency_profile_save(
    *, actor: Any, organization: Organization, data: ProfileInput, check_permission: bool = True
) -> AgencyProfile:
    """Publish a new version of the agency's functions and structure (nothing when unchanged)."""
    if check_permission and not can_edit_profile(actor, organization):
        raise NotPermitted(
            f"只有“{organization.display_name}”的信息员或公开工作机构负责人可以维护本机关职能信息。"
        )
    functions = data.functions.strip()
    if not functions:
        raise ValidationFailed("请填写主要职责。", fields={"functions": "required"})
    values = {
        "functions": functions,
        "internal_units": _clean_rows(data.internal_units, ("name", "duties"), ("name",), "内设机构"),
        "leaders": _clean_rows(data.leaders, ("name", "post", "duties"), ("name", "post"), "领导信息"),
        "address": data.address.strip(),
        "hours": data.hours.strip(),
        "phone": data.phone.strip(),
        "email": data.email.strip(),
    }
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one writer at a time
        latest = current_profile(organization)
        before = audit.snapshot(latest, PROFILE_FIELDS) if latest else None
        if before == values and latest is not None:
            return latest
        profile = AgencyProfile.objects.create(
            organization=organization,
            version=(latest.version + 1) if latest else 1,
            created_by=actor if getattr(actor, "pk", None) else None,
            **values,
        )
        audit.record(
            actor=actor,
            verb="organization.profile_save",
            target=profile,
            organization_code=organization.code,
            before=before,
            after={**values, "version": profile.version},
        )
    return profile


def parse_lines(text: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows typed one a line with fields separated by “｜” or “|” (the back-office form)."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|", len(keys) - 1)]
        rows.append(dict(zip(keys, parts + [""] * (len(keys) - len(parts)), strict=True)))
    return rows


def format_lines(rows: list[dict[str, str]], keys: tuple[str, ...]) -> str:
    return "\n".join("｜".join(row.get(k, "") for k in keys).rstrip("｜") for row in rows)
