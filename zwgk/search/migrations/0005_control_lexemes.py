"""PostgreSQL: month and facet lexemes (engine_tsvector.control_lexemes); lz4 for the big columns.

The lexemes are written out in SQL so that the migration stays what it was; it yields the same
lexemes as the Python that indexes new items. lz4 instead of pglz for the tsvectors and the body:
compressing them was a fifth of the server's work per indexed item, and decompressing them is most
of a phrase recheck. SQLite has nothing to do.
"""

from django.db import migrations

CONTROLS = """
array_to_tsvector(array_remove(ARRAY[
    '~p' || coalesce(to_char(published_on, 'YYYYMM'), '000000'),
    '~y' || extract(year FROM published_on)::int,
    '~o:' || nullif(organization_code, ''),
    '~g:' || nullif(genre, ''),
    '~v:' || nullif(validity, '')
] || ARRAY(SELECT '~s:' || nullif(v, '') FROM jsonb_array_elements_text(subjects) v)
  || ARRAY(SELECT '~c:' || nullif(v, '') FROM jsonb_array_elements_text(columns) v), NULL))
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        lz4 = cursor.fetchone() is not None  # servers built without lz4 keep pglz
    if lz4:
        for column in ("tsv", "title_tsv", "body"):
            schema_editor.execute(f"ALTER TABLE search_entry ALTER COLUMN {column} SET COMPRESSION lz4")
        schema_editor.execute("ALTER TABLE search_overflow ALTER COLUMN tsv SET COMPRESSION lz4")
    schema_editor.execute(
        f"UPDATE search_entry SET tsv = tsv || {CONTROLS}, title_tsv = title_tsv || {CONTROLS}"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_ascii_tokenizer")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
