"""The search index copy of an item, written inside the same transaction as the item itself."""

from __future__ import annotations

from zwgk.catalog.html import html_to_text
from zwgk.catalog.models import Document, DocumentState
from zwgk.search.index import IndexEntry, index_remove, index_upsert


def index_entry_for(doc: Document) -> IndexEntry:
    subjects = list(doc.subjects.select_related("parent"))
    subject_codes = {s.code for s in subjects} | {s.parent.code for s in subjects if s.parent_id}
    return IndexEntry(
        document_id=doc.pk,
        organization_code=doc.organization.code,
        title=doc.title,
        doc_no=doc.doc_no,
        summary=doc.summary,
        keywords=tuple(doc.keywords or ()),
        body_text=html_to_text(doc.body),
        genre=doc.genre.code if doc.genre_id else "",
        subjects=tuple(sorted(subject_codes)),
        columns=tuple(sorted(doc.columns.values_list("code", flat=True))),
        validity=doc.validity,
        published_on=doc.published_on,
        extra={"index_no": doc.index_no or "", "kind": doc.kind},
    )


def sync_index(doc: Document) -> None:
    """Published items are in the index, everything else is not (call inside the transaction)."""
    if doc.state == DocumentState.PUBLISHED:
        index_upsert(index_entry_for(doc))
    else:
        index_remove(doc.pk)
