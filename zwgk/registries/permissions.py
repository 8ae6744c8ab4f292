"""Who keeps which registry (decision 0024): the owning unit's 信息员 and 公开工作机构负责人, the
supervising office above it; the common catalogue and the negative list city-wide, so only
platform administrators. Publishing a power list is a sign-off: office head or 审签人."""

from __future__ import annotations

from typing import Any

from zwgk.core.errors import NotPermitted
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, is_platform_admin

EDIT_ROLES = (Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR)
PUBLISH_ROLES = (Role.OFFICE_HEAD, Role.REVIEWER, Role.SUPERVISOR)


def can_edit(user: Any, organization: Organization | None) -> bool:
    if organization is None:
        return is_platform_admin(user)
    return has_role(user, organization, *EDIT_ROLES)


def require_edit(user: Any, organization: Organization | None) -> None:
    if not can_edit(user, organization):
        where = organization.display_name if organization else "全省通用目录"
        raise NotPermitted(f"您不能维护“{where}”的清单目录：需要本单位信息员或公开工作机构负责人权限。")


def can_publish(user: Any, organization: Organization) -> bool:
    return has_role(user, organization, *PUBLISH_ROLES)


def require_publish(user: Any, organization: Organization) -> None:
    if not can_publish(user, organization):
        raise NotPermitted(f"发布“{organization.display_name}”的权责清单需要公开工作机构负责人或审签人权限。")


def require_city_wide(user: Any) -> None:
    if not is_platform_admin(user):
        raise NotPermitted(
            "全市统一的清单目录（标准目录领域、通用目录、市场准入负面清单）仅平台管理员可以维护。"
        )
