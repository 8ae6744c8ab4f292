"""The index's own copy of each published item.

The full-text structures live beside this table and are created by migration 0002 per database:
SQLite FTS5 virtual tables keyed by `rowkey`, or a PostgreSQL tsvector column with a GIN index.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    document_id = models.BigIntegerField(primary_key=True)
    # Publication day in the high bits, id in the low ones: "newest first" is the order of this one
    # unique index (and the FTS5 rowid order), so windows of the newest matches need no sort.
    rowkey = models.BigIntegerField(unique=True)
    organization_code = models.CharField(max_length=64, db_index=True)
    organization_name = models.CharField(max_length=200, blank=True)
    title = models.TextField()
    doc_no = models.CharField(max_length=200, blank=True)
    index_no = models.CharField(max_length=100, blank=True)
    summary = models.TextField(blank=True)
    keywords = models.JSONField(default=list)
    # Kept to build snippets, to verify candidates and to re-derive the tokens a contentless FTS5
    # table needs to delete a row.
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    genre = models.CharField(max_length=64, blank=True, db_index=True)
    genre_name = models.CharField(max_length=100, blank=True)
    subjects = models.JSONField(default=list)
    subject_names = models.JSONField(default=list)
    columns = models.JSONField(default=list)
    validity = models.CharField(max_length=32, blank=True)
    validity_name = models.CharField(max_length=32, blank=True)
    published_on = models.DateField(null=True)
    signed_on = models.DateField(null=True)
    year = models.SmallIntegerField(null=True, db_index=True)
    tokens_version = models.SmallIntegerField(default=1)

    class Meta:
        db_table = "search_entry"

    def __str__(self) -> str:
        return self.title


class IndexGeneration(models.Model):
    """One row: raised by every write of the index, in its transaction (result_cache)."""

    id = models.PositiveSmallIntegerField(primary_key=True)  # always 1
    epoch = models.CharField(max_length=32)  # new when the row is created (after a flush)
    value = models.BigIntegerField()

    class Meta:
        db_table = "search_generation"

    def __str__(self) -> str:
        return f"{self.epoch}:{self.value}"
