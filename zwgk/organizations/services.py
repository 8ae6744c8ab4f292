"""Changes to agencies, memberships and responsible-leader filings (one service per change)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Membership, Organization, ResponsibleLeader, Role
from zwgk.organizations.permissions import forget_roles, require_admin, require_role

ORG_FIELDS = [
    "code", "name", "short_name", "kind", "parent", "credit_code", "vertically_managed", "nature",
    "superior", "sort_order", "office_name", "office_address", "office_hours", "office_phone", "office_fax",
    "office_email", "office_postcode", "website",
]  # fmt: skip


def organization_upsert(
    *, actor: Any, code: str, check_permission: bool = True, **fields: Any
) -> Organization:
    """Create or update an agency by its stable code; keeps the subtree paths right."""
    if check_permission:
        require_admin(actor)
    credit = fields.get("credit_code") or ""
    if credit and len(credit) != 18:
        raise ValidationFailed("统一社会信用代码应为18位。", fields={"credit_code": "应为18位"})
    with transaction.atomic():
        org = Organization.objects.select_for_update().filter(code=code).first()
        before = audit.snapshot(org, ORG_FIELDS) if org else None
        if org is None:
            org = Organization(code=code)
        for name, value in fields.items():
            setattr(org, name, value)
        parent = org.parent
        while parent is not None:
            if parent.pk == org.pk:
                raise ValidationFailed("上级机构不能是自身或下级机构。", fields={"parent": "循环"})
            parent = parent.parent
        old_path = org.path
        org.path = org.computed_path()
        org.save()
        if old_path and old_path != org.path:
            for child in Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk):
                child.path = org.path + child.path[len(old_path) :]
                child.save(update_fields=["path"])
        after = audit.snapshot(org, ORG_FIELDS)
        if before != after:
            audit.record(
                actor=actor,
                verb="organization.upsert",
                target=org,
                organization_code=org.code,
                before=before,
                after=after,
            )
    return org


def membership_grant(
    *, actor: Any, user: Any, organization: Organization, role: str, check_permission: bool = True
) -> Membership:
    if check_permission:
        require_admin(actor)
    if role not in Role.values:
        raise ValidationFailed(f"未知角色：{role}", fields={"role": "未知"})
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, role=role
        )
        if created:
            audit.record(
                actor=actor,
                verb="membership.grant",
                target=membership,
                organization_code=organization.code,
                after={"user": user.get_username(), "role": role},
            )
    forget_roles(user)
    return membership


def membership_revoke(*, actor: Any, membership: Membership) -> None:
    require_admin(actor)
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="membership.revoke",
            target=membership,
            organization_code=membership.organization.code,
            before={"user": membership.user.get_username(), "role": membership.role},
        )
        membership.delete()
    forget_roles(membership.user)


def filing_authority(organization: Organization) -> Organization | None:
    """Seed 八(一): file with the supervising office of the same level (the parent government);
    vertically managed departments file with their superior department instead."""
    if organization.vertically_managed and organization.superior_id:
        return organization.superior
    return organization.parent


def responsible_leader_file(
    *, actor: Any, organization: Organization, name: str, post: str, filed_on: date
) -> ResponsibleLeader:
    require_role(actor, organization, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN)
    name, post = name.strip(), post.strip()
    errors = {k: "必填" for k, v in (("name", name), ("post", post)) if not v}
    if errors:
        raise ValidationFailed("请填写负责人姓名和职务。", fields=errors)
    with transaction.atomic():
        filing = ResponsibleLeader.objects.create(
            organization=organization,
            name=name,
            post=post,
            filed_on=filed_on,
            filed_with=filing_authority(organization),
        )
        audit.record(
            actor=actor,
            verb="responsible_leader.file",
            target=filing,
            organization_code=organization.code,
            after={"name": name, "post": post, "filed_on": filed_on.isoformat()},
        )
    return filing
