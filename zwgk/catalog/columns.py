"""Each agency's standard 政府信息公开 column tree (国办公开办函〔2019〕61号), made on first use."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zwgk.catalog.models import Art20Category, Column, ColumnKind
from zwgk.organizations.models import Organization

STANDARD = [
    # (kind, code suffix, name, sort)
    (ColumnKind.GUIDE, "guide", "政府信息公开指南", 10),
    (ColumnKind.SYSTEM, "system", "政府信息公开制度", 20),
    (ColumnKind.STATUTORY, "statutory", "法定主动公开内容", 30),
    (ColumnKind.ANNUAL_REPORT, "annual-report", "政府信息公开年报", 40),
]


def root_column(organization: Organization) -> Column:
    column, _ = Column.objects.get_or_create(
        code=f"{organization.code}.zwgk",
        defaults={
            "name": "政府信息公开",
            "kind": ColumnKind.ROOT,
            "organization": organization,
            "sort_order": 0,
        },
    )
    return column


def standard_columns(organization: Organization) -> dict[str, Column]:
    """kind → column for the agency's four standard sub-columns (created when missing)."""
    root = root_column(organization)
    out: dict[str, Column] = {ColumnKind.ROOT: root}
    for kind, suffix, name, sort in STANDARD:
        out[kind], _ = Column.objects.get_or_create(
            code=f"{organization.code}.{suffix}",
            defaults={
                "name": name,
                "kind": kind,
                "organization": organization,
                "parent": root,
                "sort_order": sort,
            },
        )
    return out


def statutory_item_column(organization: Organization, category: Art20Category) -> Column:
    """The sub-column of 法定主动公开内容 for one Art. 20/21 item."""
    parent = standard_columns(organization)[ColumnKind.STATUTORY]
    column, _ = Column.objects.get_or_create(
        code=f"{organization.code}.statutory.{category.code}",
        defaults={
            "name": category.name,
            "kind": ColumnKind.STATUTORY_ITEM,
            "organization": organization,
            "parent": parent,
            "art20_category": category,
            "sort_order": category.sort_order,
        },
    )
    return column


def public_columns() -> QuerySet[Column]:
    """Active columns of active agencies (and the city-wide ones without an agency)."""
    return Column.objects.filter(is_active=True).filter(
        Q(organization__isnull=True) | Q(organization__is_active=True)
    )


def subtree_ids(column_id: int) -> list[int]:
    """A column and the public columns below it. The tree is at most three levels (政府信息公开 →
    法定主动公开内容 → one Art. 20 item), so a parent column lists — and its subscribers receive —
    what is placed in its children too."""
    return list(
        public_columns()
        .filter(Q(pk=column_id) | Q(parent_id=column_id) | Q(parent__parent_id=column_id))
        .values_list("pk", flat=True)
    )
