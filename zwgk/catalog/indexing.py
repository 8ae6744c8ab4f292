"""The search index copy of an item, written inside the same transaction as the item itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from zwgk.catalog.html import html_to_text
from zwgk.catalog.models import Column, ColumnPlacement, Document, DocumentState, Genre, Subject, Validity
from zwgk.organizations.models import Organization
from zwgk.search.index import IndexEntry, index_remove, index_upsert

# Items per page of a rebuild, and per transaction: on SQLite each transaction of a load into an
# empty index becomes one FTS5 segment, and FTS5 merges them all at once (a stall of minutes)
# when a level reaches 2,000 (search.bulk.BULK_MERGE), so pages of 500 would reach it at 1M items.
REBUILD_BATCH = 1000


@dataclass(frozen=True)
class Related:
    """What an item's index entry needs beyond its own row (and its agency's and genre's)."""

    subjects: list[tuple[str, str, str | None, str | None]]  # code, name, parent's code and name
    column_codes: list[str]
    url: str


def related_of_page(docs: list[Document]) -> dict[int, Related]:
    """A page's related rows in two queries, its URLs from one reversal (a page of one: publishing).

    A rebuild reads the catalogue beside the writer (search.rebuild.read_ahead), which waits
    whenever reading falls behind: prefetch_related cloned two querysets per item and reverse()
    took ~0.1 ms per item, together half of the reading.
    """
    pks = [doc.pk for doc in docs]
    subjects: dict[int, list[tuple[str, str, str | None, str | None]]] = defaultdict(list)
    rows = Document.subjects.through.objects.filter(document_id__in=pks).values_list(
        "document_id", "subject__code", "subject__name", "subject__parent__code", "subject__parent__name"
    )
    for pk, code, name, parent, parent_name in rows:
        subjects[pk].append((code, name, parent, parent_name))
    columns: dict[int, list[str]] = defaultdict(list)
    placements = ColumnPlacement.objects.filter(document_id__in=pks)
    for pk, code in placements.values_list("document_id", "column__code"):
        columns[pk].append(code)
    if not docs:
        return {}
    # Every item's URL differs from the first one's only by the id.
    head, _, tail = docs[0].get_absolute_url().rpartition(str(docs[0].pk))
    return {pk: Related(subjects[pk], columns[pk], f"{head}{pk}{tail}") for pk in pks}


def index_entry_for(doc: Document, related: Related | None = None) -> IndexEntry:
    related = related or related_of_page([doc])[doc.pk]
    names = {code: name for code, name, _, _ in related.subjects} | {
        parent: parent_name for _, _, parent, parent_name in related.subjects if parent
    }
    subject_codes = tuple(sorted(names))
    return IndexEntry(
        document_id=doc.pk,
        organization_code=doc.organization.code,
        title=doc.title,
        doc_no=doc.doc_no,
        summary=doc.summary,
        keywords=tuple(doc.keywords or ()),
        body_text=html_to_text(doc.body),
        genre=doc.genre.code if doc.genre_id else "",
        subjects=subject_codes,
        subject_names=tuple(names[c] for c in subject_codes),
        columns=tuple(sorted(related.column_codes)),
        validity=doc.validity,
        published_on=doc.published_on,
        extra={"index_no": doc.index_no or "", "kind": doc.kind},
        url=related.url,
        organization_name=doc.organization.display_name,
        genre_name=doc.genre.name if doc.genre_id else "",
        validity_name=str(Validity(doc.validity).label) if doc.validity in Validity.values else "",
        index_no=doc.index_no or "",
        signed_on=doc.signed_on,
    )


def sync_index(doc: Document) -> None:
    """Published items are in the index, everything else is not (call inside the transaction)."""
    if doc.state == DocumentState.PUBLISHED:
        index_upsert(index_entry_for(doc))
    else:
        index_remove(doc.pk)


def published_entry_batches() -> Iterator[list[IndexEntry]]:
    """Every published item as index entries, in batches: the source of `zwgk search rebuild`.

    In publication order (undated items first), as the index's rowkeys run: PostgreSQL then
    writes the rows in that order, which its time steps need (search.bulk.cluster_by_rowkey), so
    a load into an empty index needs no rewrite afterwards (an in-place rebuild writes new row
    versions wherever there is free space). Keyset pages: a deep OFFSET re-reads all before it.
    """
    published = Document.objects.published().select_related("organization", "genre")
    undated = published.filter(published_on__isnull=True).order_by("pk")
    dated = published.filter(published_on__isnull=False).order_by("published_on", "pk")
    for items in (undated, dated):
        page = items[:REBUILD_BATCH]
        while docs := list(page):
            related = related_of_page(docs)
            yield [index_entry_for(doc, related[doc.pk]) for doc in docs]
            last = docs[-1]
            after = (
                Q(pk__gt=last.pk)
                if last.published_on is None
                else Q(published_on__gt=last.published_on) | Q(published_on=last.published_on, pk__gt=last.pk)
            )
            page = items.filter(after)[:REBUILD_BATCH]


def published_count() -> int:
    return Document.objects.published().count()


def vocabulary() -> Iterator[str]:
    """Names the segmenter keeps whole: agencies (full and short), columns and topics, genres, subjects."""
    for name, short_name in Organization.objects.filter(is_active=True).values_list("name", "short_name"):
        yield name
        yield short_name  # "" is dropped by the segmenter
    for model in (Column, Genre, Subject):
        yield from model.objects.values_list("name", flat=True)
