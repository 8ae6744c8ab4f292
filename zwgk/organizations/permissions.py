"""Who may do what where: the one place that checks agency and role (ARCHITECTURE: fetch with
the permission check). Selectors and services take the user and call these."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from zwgk.core.errors import NotPermitted
from zwgk.organizations.models import INTERFACE_ROLES, Membership, Organization, OrganizationQuerySet, Role


def is_platform_admin(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return _roles(user).get(Role.ADMIN, set()) != set()


def _roles(user: Any) -> dict[str, set[tuple[int, str]]]:
    """role → {(org id, org path)} for the user, cached on the user object for the request."""
    cached = getattr(user, "_zwgk_roles", None)
    if cached is None:
        cached = {}
        rows = Membership.objects.filter(user=user).values_list(
            "role", "organization_id", "organization__path"
        )
        for role, org_id, path in rows:
            cached.setdefault(role, set()).add((org_id, path))
        user._zwgk_roles = cached
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, "_zwgk_roles"):
        del user._zwgk_roles


def roles_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = set(_roles(user))
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def organizations_with_role(user: Any, *roles: str) -> OrganizationQuerySet:
    """Agencies where the user holds one of `roles` directly; supervisors and administrators
    reach every agency in the subtree they supervise."""
    qs = Organization.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_platform_admin(user):
        return qs
    table = _roles(user)
    ids = {org_id for role in roles for org_id, _ in table.get(role, set())}
    cond = Q(pk__in=ids)
    if Role.SUPERVISOR in roles:
        for _, path in table.get(Role.SUPERVISOR, set()):
            cond |= Q(path__startswith=path)
    return qs.filter(cond)


def visible_organizations(user: Any) -> OrganizationQuerySet:
    """Agencies whose internal records (drafts, cases) the user may see."""
    qs = Organization.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_platform_admin(user):
        return qs
    table = _roles(user)
    staff = {role: entries for role, entries in table.items() if role not in INTERFACE_ROLES}
    cond = Q(pk__in={org_id for entries in staff.values() for org_id, _ in entries})
    for _, path in table.get(Role.SUPERVISOR, set()):
        cond |= Q(path__startswith=path)
    return qs.filter(cond)


def has_role(user: Any, organization: Organization, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_platform_admin(user):
        return True
    table = _roles(user)
    for role in roles:
        for org_id, path in table.get(role, set()):
            if org_id == organization.pk:
                return True
            if role == Role.SUPERVISOR and organization.path.startswith(path):
                return True
    return False


def require_role(user: Any, organization: Organization, *roles: str) -> None:
    if not has_role(user, organization, *roles):
        labels = "、".join(str(Role(r).label) for r in roles)
        raise NotPermitted(f"您在“{organization.display_name}”没有{labels}权限。")


def require_admin(user: Any) -> None:
    if not is_platform_admin(user):
        raise NotPermitted("仅平台管理员可执行此操作。")


def has_own_role(user: Any, organization: Organization, *roles: str) -> bool:
    """A role held at this very agency: no supervisor reach and no administrator bypass.

    For what only the agency itself may see, such as applicants' personal data (ARCHITECTURE:
    "shown only to the handling agency").
    """
    if not getattr(user, "is_authenticated", False):
        return False
    table = _roles(user)
    return any(org_id == organization.pk for role in roles for org_id, _ in table.get(role, set()))


def may_configure_signoff(user: Any, organization: Organization | None) -> bool:
    """Sign-off chains (decision 0016): administrators everywhere (and the platform-wide
    default, `organization=None`); an agency's head or its disclosure office head for it."""
    if is_platform_admin(user):
        return True
    if organization is None:
        return False
    return has_own_role(user, organization, Role.PRINCIPAL, Role.OFFICE_HEAD)


def require_signoff_configuration(user: Any, organization: Organization | None) -> None:
    if not may_configure_signoff(user, organization):
        raise NotPermitted("只有平台管理员或本机关主要负责人、公开工作机构负责人可以设置审签流程。")
