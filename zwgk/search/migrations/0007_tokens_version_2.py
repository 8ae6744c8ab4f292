"""TOKENS_VERSION 2 (a bigram at every character, number tokens): every item's tokens are rewritten.

PostgreSQL rows also gain week lexemes beside the month and year ones (~w105706, migration 0005's
~p202611 and ~y2026; engine_tsvector.control_lexemes).

SQLite: the contentless FTS5 tables are recreated and refilled (a delete must replay exactly the
tokens an insert wrote, so rows of both versions cannot live side by side). PostgreSQL: each row's
tsvectors are recomputed from search_entry's copy of the text. Both take about as long as
`zwgk search rebuild` on a large library.
"""

from importlib import import_module

from django.db import migrations


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        ascii_tokenizer = import_module("zwgk.search.migrations.0004_ascii_tokenizer")
        ascii_tokenizer._recreate(schema_editor, ascii_tokenizer.TOKENIZE)
    elif vendor == "postgresql":
        from zwgk.search.engine_tsvector import refill

        refill()


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_covering_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
