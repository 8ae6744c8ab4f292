"""What the public pages list: published items only, each list in a fixed number of queries
however many items, columns or agencies there are (the page tests assert the counts).

The catalogue's selectors give single items and the plain filtered list; the column trees, the
per-column counts and the "latest per topic" lists the portal needs live here, so the catalogue
app stays free of page concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict
from django.utils import timezone

from zwgk.catalog.columns import public_columns, subtree_ids
from zwgk.catalog.models import (
    Art20Category,
    Column,
    ColumnKind,
    ColumnPlacement,
    Document,
    DocumentKind,
    DocumentQuerySet,
    DocumentState,
    Genre,
    Subject,
    Validity,
)
from zwgk.catalog.selectors import PublicFilters, public_documents
from zwgk.organizations.models import Organization, OrgKind

PAGE_SIZE = 20
CATALOGUE_PAGE_SIZE = 50
FIRST_YEAR = 2008  # the Regulations on Open Government Information took effect on 2008-05-01
# Rules and normative documents carry a lifecycle (立改废, RULES §3.3); others are not listed by validity.
LIFECYCLE_KINDS = (DocumentKind.REGULATION, DocumentKind.RULE, DocumentKind.NORMATIVE)
# Art. 21 adds items for city and county governments only.
ART21_KINDS = (OrgKind.GOVERNMENT, OrgKind.DISTRICT, OrgKind.DEVELOPMENT_ZONE)


# --- filters ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ListFilters:
    """The filters a visitor chose on a list page, already checked against the allowed values."""

    year: int | None = None
    genre: str = ""
    subject: str = ""
    validity: str = ""

    def as_public(self, **extra: Any) -> PublicFilters:
        return PublicFilters(
            year=self.year, genre=self.genre, subject=self.subject, validity=self.validity, **extra
        )

    @property
    def active(self) -> bool:
        return bool(self.year or self.genre or self.subject or self.validity)

    def querystring(self) -> str:
        """The filters as a query string, for pagination links."""
        q = QueryDict(mutable=True)
        for name in ("year", "genre", "subject", "validity"):
            value = getattr(self, name)
            if value:
                q[name] = str(value)
        return q.urlencode()


def parse_filters(params: QueryDict) -> ListFilters:
    """Unknown or malformed values are ignored, never an error page (links get mangled)."""
    year = params.get("year", "")
    this_year = timezone.localdate().year
    validity = params.get("validity", "")
    return ListFilters(
        year=int(year) if year.isdigit() and FIRST_YEAR <= int(year) <= this_year else None,
        genre=params.get("genre", "")[:32],
        subject=params.get("subject", "")[:32],
        validity=validity if validity in Validity.values else "",
    )


@dataclass(frozen=True)
class FilterChoices:
    years: list[int]
    genres: list[Genre]
    subjects: list[Subject]  # level 1, each with `.child_list`
    validities: list[tuple[str, str]] = field(default_factory=lambda: list(Validity.choices))


def year_choices() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def filter_choices() -> FilterChoices:
    """The values offered in the filter form (two queries, taxonomies are small)."""
    subjects = list(Subject.objects.select_related("parent"))
    level1 = [s for s in subjects if s.parent_id is None]
    for top in level1:
        top.child_list = [s for s in subjects if s.parent_id == top.pk]
    return FilterChoices(
        years=year_choices(),
        genres=list(Genre.objects.all()),
        subjects=level1,
    )


# --- columns ---------------------------------------------------------------------------------
def column_by_key(key: str) -> Column:
    """A column by its id or its code; DoesNotExist (→ 404) for inactive ones."""
    qs = public_columns().select_related("organization", "parent")
    return qs.get(pk=int(key)) if key.isdigit() else qs.get(code=key)


def column_documents(column: Column, filters: ListFilters) -> DocumentQuerySet:
    """Published items shown in the column (or below it), newest first."""
    placed = ColumnPlacement.objects.filter(column_id__in=subtree_ids(column.pk), placed_on__isnull=False)
    return public_documents(filters.as_public()).filter(pk__in=placed.values("document_id"))


def column_children(column: Column) -> list[Column]:
    return list(public_columns().filter(parent=column))


@dataclass
class StatutoryItem:
    category: Art20Category
    column: Column | None
    count: int


@dataclass
class AgencyColumns:
    """An agency's 政府信息公开 column as the portal shows it (国办公开办函〔2019〕61号)."""

    root: Column | None
    system: Column | None
    statutory: Column | None
    annual_report: Column | None
    statutory_items: list[StatutoryItem]
    own: list[Column]
    counts: dict[int, int]

    def count(self, column: Column | None) -> int:
        return self.counts.get(column.pk, 0) if column else 0

    @property
    def system_count(self) -> int:
        return self.count(self.system)

    @property
    def annual_report_count(self) -> int:
        return self.count(self.annual_report)


def agency_columns(org: Organization) -> AgencyColumns:
    """The agency's standard sub-columns, one entry per Art. 20 (and Art. 21) item, and its own
    columns, with the number of published items in each: three queries.

    Columns are created by the catalogue on first publication; a standard column that does not
    exist yet is shown as empty rather than created by a page view.
    """
    columns = list(public_columns().filter(organization=org))
    counts = dict(
        ColumnPlacement.objects.filter(
            column__organization=org, document__state=DocumentState.PUBLISHED, placed_on__isnull=False
        )
        .values_list("column_id")
        .annotate(n=Count("id"))
        .values_list("column_id", "n")
    )
    by_kind: dict[str, Column] = {}
    by_category: dict[int, Column] = {}
    own: list[Column] = []
    for column in columns:
        if column.kind == ColumnKind.STATUTORY_ITEM and column.art20_category_id:
            by_category[column.art20_category_id] = column
        elif column.kind == ColumnKind.CUSTOM:
            own.append(column)
        else:
            by_kind.setdefault(column.kind, column)
    categories = Art20Category.objects.all()
    if org.kind not in ART21_KINDS:
        categories = categories.filter(code__startswith="20.")
    items = []
    for category in categories:
        column = by_category.get(category.pk)
        items.append(StatutoryItem(category, column, counts.get(column.pk, 0) if column else 0))
    statutory = by_kind.get(ColumnKind.STATUTORY)
    if statutory is not None:
        counts[statutory.pk] = counts.get(statutory.pk, 0) + sum(i.count for i in items)
    return AgencyColumns(
        root=by_kind.get(ColumnKind.ROOT),
        system=by_kind.get(ColumnKind.SYSTEM),
        statutory=statutory,
        annual_report=by_kind.get(ColumnKind.ANNUAL_REPORT),
        statutory_items=items,
        own=own,
        counts=counts,
    )


def agency_by_code(code: str) -> Organization:
    return Organization.objects.select_related("parent").get(code=code, is_active=True)


def agency_documents(org: Organization, filters: ListFilters | None = None) -> DocumentQuerySet:
    return public_documents((filters or ListFilters()).as_public(organization=org.code))


# --- home ------------------------------------------------------------------------------------
# What a government portal's 通知公告 box lists: announcements, public notices and notices (the
# catalogue's genre codes, taxonomy_seed.GENRES).
NOTICE_GENRES = ("gonggao", "tonggao", "tongzhi")


def latest_documents(limit: int = 10) -> list[Document]:
    return list(public_documents()[:limit])


def notice_documents(limit: int = 8) -> list[Document]:
    return list(public_documents().filter(genre__code__in=NOTICE_GENRES)[:limit])


def interpretation_documents(limit: int = 8) -> list[Document]:
    return list(public_documents(PublicFilters(kind=DocumentKind.INTERPRETATION))[:limit])


@dataclass
class TopicColumn:
    column: Column
    documents: list[Document]


def topic_columns_with_latest(per_column: int = 5) -> list[TopicColumn]:
    """Topic columns (专题) with their newest items: two queries, a window function picks the
    newest `per_column` of every topic at once."""
    topics = list(public_columns().filter(kind=ColumnKind.TOPIC, organization__isnull=True))
    if not topics:
        return []
    ranked = (
        ColumnPlacement.objects.filter(
            column__in=topics, document__state=DocumentState.PUBLISHED, placed_on__isnull=False
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("column_id")],
                order_by=[F("document__published_on").desc(), F("document_id").desc()],
            )
        )
        .filter(rank__lte=per_column)
        .select_related("document__organization")
    )
    by_column: dict[int, list[Document]] = {t.pk: [] for t in topics}
    for placement in ranked:
        by_column[placement.column_id].append(placement.document)
    for docs in by_column.values():
        docs.sort(key=lambda d: (d.published_on or date.min, d.pk), reverse=True)
    return [TopicColumn(t, by_column[t.pk]) for t in topics]


# --- rules and normative documents by validity -----------------------------------------------
def lifecycle_documents(*, validity: str, organization: str = "") -> DocumentQuerySet:
    """Regulations, rules and normative documents with the given validity (现行有效 / 已修改 …)."""
    return public_documents(PublicFilters(validity=validity, organization=organization)).filter(
        kind__in=LIFECYCLE_KINDS
    )


def lifecycle_counts(*, organization: str = "") -> dict[str, int]:
    qs = Document.objects.published().filter(kind__in=LIFECYCLE_KINDS)
    if organization:
        qs = qs.filter(organization__code=organization)
    return dict(qs.values_list("validity").annotate(n=Count("id")).values_list("validity", "n"))


# --- document page ---------------------------------------------------------------------------
def primary_column(doc: Document) -> Column | None:
    """The column a document page names in its ColumnName meta tag: the most specific visible one
    of the publishing agency, else any topic column (columns come prefetched: no query)."""
    columns = [c for c in getattr(doc, "column_list", []) if c.is_active]
    own = [c for c in columns if c.organization_id == doc.organization_id and c.kind != ColumnKind.ROOT]
    preference = {ColumnKind.STATUTORY_ITEM: 0, ColumnKind.CUSTOM: 1, ColumnKind.SYSTEM: 2}
    own.sort(key=lambda c: (preference.get(c.kind, 3), c.sort_order, c.pk))
    if own:
        return own[0]
    return columns[0] if columns else None
