"""The catalogue as the search index's source: every published item, in publication order."""

from datetime import date

import pytest

from tests.catalog.factories import published, subject
from zwgk.catalog import indexing
from zwgk.catalog.models import Column, Document, Subject

pytestmark = pytest.mark.django_db


def test_rebuild_source_yields_every_published_item_in_publication_order(agency, monkeypatch):
    # Keyset pages of two across days that hold several items each, and an undated item first
    # (its rowkey's day is 0): the order the index's rowkeys run in.
    monkeypatch.setattr(indexing, "REBUILD_BATCH", 2)
    days = [date(2024, 5, 1), date(2021, 3, 9), date(2024, 5, 1), date(2019, 1, 2), date(2021, 3, 9)]
    docs = [published(agency, on=day, title=f"关于第{i}项工作的通知") for i, day in enumerate(days)]
    Document.objects.filter(pk=docs[2].pk).update(published_on=None)
    draft = Document.objects.create(organization=agency, title="草稿")
    batches = list(indexing.published_entry_batches())
    got = [(e.published_on, e.document_id) for batch in batches for e in batch]
    dated = sorted((d.published_on, d.pk) for d in docs if d.pk != docs[2].pk)
    assert got == [(None, docs[2].pk), *dated]
    assert all(len(batch) <= 2 for batch in batches) and draft.pk not in {
        e.document_id for b in batches for e in b
    }


def test_a_rebuild_page_gives_each_item_the_entry_publishing_it_gives(agency):
    # The page reads subjects and columns for all its items at once and reverses one URL; an item
    # published alone is a page of one. Each item must get the same entry either way.
    columns = [
        Column.objects.create(code="dl-sfj.fzzf", name="法治政府建设", organization=agency),
        Column.objects.create(code="dl-sfj.xzzf", name="行政执法公示", organization=agency),
    ]
    first_subject = subject("15.03")
    other_branch = Subject.objects.filter(parent__isnull=False).exclude(parent=first_subject.parent).first()
    subjects = [first_subject, other_branch]
    docs = [
        published(agency, on=date(2024, 5, 1), subjects=subjects, columns=columns),
        published(agency, on=date(2024, 5, 2), subjects=[], columns=[]),
        published(agency, on=date(2024, 5, 3), subjects=subjects[:1], columns=columns[1:]),
    ]
    entries = {e.document_id: e for batch in indexing.published_entry_batches() for e in batch}
    for doc in Document.objects.filter(pk__in=[d.pk for d in docs]):
        assert entries[doc.pk] == indexing.index_entry_for(doc)
    first = entries[docs[0].pk]
    assert len(first.subjects) == 4 and len(first.columns) == 2  # two subjects and their parents
    assert first.url == docs[0].get_absolute_url()
