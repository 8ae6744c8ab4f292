"""Columns managed in the back office: agencies' own columns and cross-agency topic columns
(专题专栏) with their placement rule. The standard 政府信息公开 columns are made by
`catalog.columns` and only renamed or reordered by administrators in Django admin."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from zwgk.catalog.inputs import ColumnInput
from zwgk.catalog.models import Column, ColumnKind
from zwgk.core import audit
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.organizations.models import Organization, Role
from zwgk.organizations.permissions import has_role, is_platform_admin, organizations_with_role

# Only these kinds are made and changed here; the others are the standard tree.
MANAGED_KINDS = (ColumnKind.CUSTOM, ColumnKind.TOPIC)
FIELDS = [
    "name",
    "parent_id",
    "description",
    "sort_order",
    "deadline_workdays",
    "rule_from",
    "qualifying_keywords",
    "is_active",
]
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


def may_manage_topic_columns(user: Any) -> bool:
    """Topic columns span every agency: the city's 公开办 (a supervisor at a top-level agency)
    or a platform administrator."""
    if is_platform_admin(user):
        return True
    return organizations_with_role(user, Role.SUPERVISOR).filter(parent__isnull=True).exists()


def may_manage_columns_of(user: Any, organization: Organization) -> bool:
    """An agency's own columns: its 审签人 (who answer for what goes public there) and the
    supervisors above it. Editors place items in columns but do not reshape the tree."""
    return has_role(user, organization, Role.REVIEWER, Role.SUPERVISOR)


def may_manage(user: Any, column: Column) -> bool:
    if column.kind not in MANAGED_KINDS:
        return False
    if column.organization_id is None:
        return may_manage_topic_columns(user)
    return may_manage_columns_of(user, column.organization)


def _require(user: Any, organization: Organization | None) -> None:
    allowed = (
        may_manage_topic_columns(user) if organization is None else may_manage_columns_of(user, organization)
    )
    if not allowed:
        raise NotPermitted("您没有管理该栏目的权限。")


def _validate(data: ColumnInput) -> None:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "请填写栏目名称。"
    if data.organization is None:
        if data.deadline_workdays is not None and not 1 <= data.deadline_workdays <= 60:
            errors["deadline_workdays"] = "上栏时限应为1至60个工作日。"
        if data.deadline_workdays is not None and not (data.qualifying_keywords or data.qualifying_subjects):
            errors["qualifying_keywords"] = "有上栏时限的专题栏目须写明适用关键词或主题分类。"
        if data.parent is not None:
            errors["parent"] = "专题栏目不设上级栏目。"
    else:
        if data.deadline_workdays is not None or data.rule_from is not None:
            errors["deadline_workdays"] = "上栏时限只适用于专题栏目。"
        if data.parent is not None and data.parent.organization_id != data.organization.pk:
            errors["parent"] = "上级栏目须为本机构的栏目。"
    if errors:
        raise ValidationFailed("栏目信息不正确。", fields=errors)


def _apply(column: Column, data: ColumnInput) -> None:
    column.name = data.name.strip()
    column.parent = data.parent
    column.description = data.description.strip()
    column.sort_order = data.sort_order
    column.deadline_workdays = data.deadline_workdays
    column.rule_from = data.rule_from
    column.qualifying_keywords = [k.strip() for k in data.qualifying_keywords if k.strip()]


def column_create(*, actor: Any, data: ColumnInput, code: str) -> Column:
    """A new column; its code (used in public addresses) is the agency's code or `topic`, a dot
    and `code`, and never changes afterwards."""
    _require(actor, data.organization)
    _validate(data)
    if not _CODE.match(code):
        raise ValidationFailed("栏目信息不正确。", fields={"code": "代码由小写字母、数字和连字符组成。"})
    full_code = f"{data.organization.code if data.organization else 'topic'}.{code}"
    with transaction.atomic():
        if Column.objects.filter(code=full_code).exists():
            raise ValidationFailed("栏目信息不正确。", fields={"code": "该代码已被使用。"})
        column = Column(
            code=full_code,
            kind=ColumnKind.CUSTOM if data.organization else ColumnKind.TOPIC,
            organization=data.organization,
        )
        _apply(column, data)
        column.save()
        column.qualifying_subjects.set(data.qualifying_subjects)
        audit.record(
            actor=actor,
            verb="column.create",
            target=column,
            organization_code=data.organization.code if data.organization else "",
            after=audit.snapshot(column, FIELDS),
        )
    return column


def _locked(actor: Any, column_id: int) -> Column:
    column = Column.objects.select_for_update().get(pk=column_id)
    if column.kind not in MANAGED_KINDS:
        raise NotPermitted("标准栏目由系统维护，不能在此修改。")
    _require(actor, column.organization)
    return column


def column_update(*, actor: Any, column_id: int, data: ColumnInput) -> Column:
    """Change a column's name, place and rule; its code, agency and kind stay."""
    with transaction.atomic():
        column = _locked(actor, column_id)
        data.organization = column.organization
        _validate(data)
        if data.parent is not None and data.parent.pk == column.pk:
            raise ValidationFailed("栏目信息不正确。", fields={"parent": "上级栏目不能是自己。"})
        before = audit.snapshot(column, FIELDS)
        _apply(column, data)
        column.save()
        column.qualifying_subjects.set(data.qualifying_subjects)
        audit.record(
            actor=actor,
            verb="column.update",
            target=column,
            organization_code=column.organization.code if column.organization else "",
            before=before,
            after=audit.snapshot(column, FIELDS),
        )
    return column


def _set_active(actor: Any, column_id: int, active: bool, verb: str) -> Column:
    with transaction.atomic():
        column = _locked(actor, column_id)
        if column.is_active == active:
            return column
        column.is_active = active
        column.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            verb=verb,
            target=column,
            organization_code=column.organization.code if column.organization else "",
            before={"is_active": not active},
            after={"is_active": active},
        )
    return column


def column_deactivate(*, actor: Any, column_id: int) -> Column:
    """Hide a column from the portal and from the placement choices (its placements stay, so
    reactivating restores it as it was; a topic column's deadline checks stop meanwhile)."""
    return _set_active(actor, column_id, False, "column.deactivate")


def column_activate(*, actor: Any, column_id: int) -> Column:
    return _set_active(actor, column_id, True, "column.activate")
