"""The full-text structures beside search_entry, per database (see engine_fts5 / engine_tsvector).

The SQL is written out here, not imported, so this migration stays what it was when applied.
"""

from django.db import migrations

# Every non-space character is a token character: the tokens are made in zwgk/search/ngrams.py.
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co Cn Cs Cf'"
SQL = {
    "sqlite": (
        [
            f'CREATE VIRTUAL TABLE search_fts USING fts5(title, meta, body, tokenize="{TOKENIZE}", '
            "content='', detail=full)",
            f'CREATE VIRTUAL TABLE search_title_fts USING fts5(title, tokenize="{TOKENIZE}", '
            "content='', detail=full)",
        ],
        ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_title_fts"],
    ),
    "postgresql": (
        [
            "ALTER TABLE search_entry ADD COLUMN tsv tsvector NOT NULL DEFAULT ''",
            "ALTER TABLE search_entry ADD COLUMN title_tsv tsvector NOT NULL DEFAULT ''",
            "CREATE INDEX search_entry_tsv_gin ON search_entry USING gin (tsv)",
            "CREATE INDEX search_entry_title_tsv_gin ON search_entry USING gin (title_tsv)",
            "CREATE TABLE search_overflow (document_id bigint NOT NULL REFERENCES search_entry (document_id) "
            "ON DELETE CASCADE, seq integer NOT NULL, tsv tsvector NOT NULL, PRIMARY KEY (document_id, seq))",
            "CREATE INDEX search_overflow_tsv_gin ON search_overflow USING gin (tsv)",
        ],
        [
            "DROP TABLE IF EXISTS search_overflow",
            "DROP INDEX IF EXISTS search_entry_title_tsv_gin",
            "DROP INDEX IF EXISTS search_entry_tsv_gin",
            "ALTER TABLE search_entry DROP COLUMN IF EXISTS title_tsv",
            "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
        ],
    ),
}


def create(apps, schema_editor):
    for sql in SQL.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in SQL.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
