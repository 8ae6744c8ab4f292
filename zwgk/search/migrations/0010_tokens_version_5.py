"""TOKENS_VERSION 5 (document-number tokens, ngrams._DOCUMENT_NUMBER): every item's tokens are rewritten.

As in 0007: SQLite's contentless FTS5 tables are recreated and refilled, PostgreSQL's tsvectors
are recomputed from search_entry's copy of the text (about as long as `zwgk search rebuild`).
"""

from importlib import import_module

from django.db import migrations


def forwards(apps, schema_editor):
    import_module("zwgk.search.migrations.0007_tokens_version_2").forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_tokens_version_4")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
