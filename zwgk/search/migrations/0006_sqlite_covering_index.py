"""SQLite: an index holding every column a ranked window reads, so windows never touch the rows.

A search_entry row carries the body (kilobytes), and SQLite reads the columns stored after it —
the facets — by walking the body's overflow pages: a window of 1,000 matches read ~8 MB of
rows, mostly from disk once the library outgrows memory. PostgreSQL keeps the body out of line
(TOAST) and needs no such index.
"""

from django.db import migrations

COLUMNS = (
    "rowkey, summary, keywords, organization_code, organization_name, genre, genre_name, year, validity, validity_name, "
    "subjects, subject_names, columns"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS search_entry_window ON search_entry ({COLUMNS})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_window")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_control_lexemes")]
    operations = [migrations.RunPython(forwards, backwards)]
