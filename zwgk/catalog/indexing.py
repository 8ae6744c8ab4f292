"""The search index copy of an item, written inside the same transaction as the item itself."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from zwgk.catalog.html import html_to_text
from zwgk.catalog.models import Column, Document, DocumentState, Genre, Subject, Validity
from zwgk.organizations.models import Organization
from zwgk.search.index import IndexEntry, index_remove, index_upsert

REBUILD_BATCH = 500


def index_entry_for(doc: Document) -> IndexEntry:
    # .all() so a rebuild's prefetch is used; a single publish costs two small queries.
    subjects = list(doc.subjects.all())
    names = {s.code: s.name for s in subjects} | {
        s.parent.code: s.parent.name for s in subjects if s.parent_id
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
        columns=tuple(sorted(c.code for c in doc.columns.all())),
        validity=doc.validity,
        published_on=doc.published_on,
        extra={"index_no": doc.index_no or "", "kind": doc.kind},
        url=doc.get_absolute_url(),
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
    published = published.prefetch_related("subjects__parent", "columns")
    undated = published.filter(published_on__isnull=True).order_by("pk")
    dated = published.filter(published_on__isnull=False).order_by("published_on", "pk")
    for items in (undated, dated):
        page = items[:REBUILD_BATCH]
        while docs := list(page):
            yield [index_entry_for(doc) for doc in docs]
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
