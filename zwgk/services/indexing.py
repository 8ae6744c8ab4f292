"""Published service guides in the site-wide search index (issue 24.1), written in the same
transaction as the guide (ARCHITECTURE: the index never drifts).

A guide is one index entry (id `search.index.entry_id(SERVICE_GUIDE, guide.pk)`), holding the
text of its published version: approving a new version replaces it (the superseded text is found
no more), withdrawing removes it. Results link to the guide's public page and are filed under
the genre 办事指南, which the portal's facet filters.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from zwgk.search.index import (
    KIND_GENRES,
    SERVICE_GUIDE,
    IndexEntry,
    entry_id,
    index_remove,
    index_upsert,
)
from zwgk.services.models import Guide

GENRE, GENRE_NAME = KIND_GENRES[SERVICE_GUIDE]
BATCH = 500


def index_entry_for(guide: Guide) -> IndexEntry:
    version = guide.published
    assert version is not None
    materials = [m.name for m in version.materials.all()]
    faq = [f"{f.get('question', '')} {f.get('answer', '')}" for f in version.faq]
    body = "\n".join(
        x
        for x in (
            version.legal_basis,
            version.conditions,
            "申请材料：" + "、".join(materials) if materials else "",
            version.procedure,
            version.fee_standard,
            version.window_address,
            version.office_hours,
            version.contact_phone,
            *faq,
        )
        if x
    )
    published_on = timezone.localdate(version.published_at) if version.published_at else None
    return IndexEntry(
        document_id=entry_id(SERVICE_GUIDE, guide.pk),
        organization_code=guide.organization.code,
        title=version.name,
        summary=version.conditions[:300],
        keywords=(guide.item_code,),
        body_text=body,
        genre=GENRE,
        published_on=published_on,
        url=guide.get_absolute_url(),
        organization_name=guide.organization.display_name,
        genre_name=GENRE_NAME,
    )


def sync_index(guide: Guide) -> None:
    """A guide with a published version is in the index with that version's text; any other is
    not (call inside the transaction that changed it)."""
    if guide.published_id is not None:
        index_upsert(index_entry_for(guide))
    else:
        index_remove(entry_id(SERVICE_GUIDE, guide.pk))


def _published() -> QuerySet[Guide]:
    return (
        Guide.objects.filter(published__isnull=False)
        .select_related("organization", "published")
        .prefetch_related("published__materials")
        .order_by("pk")
    )


def published_entry_batches() -> Iterator[list[IndexEntry]]:
    """Every published guide, for `zwgk search rebuild` (which drops entries no source yields)."""
    after = 0
    while guides := list(_published().filter(pk__gt=after)[:BATCH]):
        yield [index_entry_for(g) for g in guides]
        after = guides[-1].pk


def published_count() -> int:
    return Guide.objects.filter(published__isnull=False).count()
