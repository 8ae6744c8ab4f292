"""FTS5 tables on the `ascii` tokenizer, refilled from search_entry (SQLite only).

Both tokenizers split our tokens only at spaces (ngrams.py makes the tokens), but `ascii` does
not decode and classify every character as `unicode61` does: FTS5 inserts run ~35 % faster, and
FTS5 insertion bounds indexing throughput on SQLite. Every printable ASCII character but the space
is a token character; non-ASCII ones always are. Normalised text holds no control characters.
"""

from django.db import migrations

_PUNCTUATION = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())
# Quoting: the option is a double-quoted SQL string holding a single-quoted tokenizer argument.
TOKENIZE = "ascii tokenchars '" + _PUNCTUATION.replace("'", "''").replace('"', '""') + "'"
OLD_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co Cn Cs Cf'"


def _recreate(schema_editor, tokenize: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in (("search_fts", "title, meta, body"), ("search_title_fts", "title")):
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
        schema_editor.execute(
            f'CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize="{tokenize}", '
            "content='', detail=full)"
        )
    # Refill from the index's own copy of the text (the token code is today's: contentless tables
    # must hold exactly the tokens a later delete replays).
    from zwgk.search.engine_fts5 import refill

    refill()


def forwards(apps, schema_editor):
    _recreate(schema_editor, TOKENIZE)


def backwards(apps, schema_editor):
    _recreate(schema_editor, OLD_TOKENIZE)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_overflow_without_foreign_key")]
    operations = [migrations.RunPython(forwards, backwards)]
