"""Writing the index: each item's search_entry row with both tsvectors and its overflow chunks,
the refill after a token change, and the GIN indexes dropped and built around a bulk load.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from psycopg import postgres
from psycopg.adapt import Dumper
from psycopg.pq import Format

from zwgk.search import ngrams
from zwgk.search.backend import ENTRY_COLUMNS, entry_row, entry_tokens
from zwgk.search.engine_tsvector.steps import _week
from zwgk.search.index import IndexEntry
from zwgk.search.normalise import MAX_QUERY_CHARS
from zwgk.search.token_arrays import Pairs, tsvector_binary, tsvector_literal

CHUNK = 16000
OVERLAP = MAX_QUERY_CHARS + 8  # a phrase has at most one token per query character

# The tables themselves are created by migrations/0002_fulltext.py.


def control_lexemes(entry: IndexEntry) -> list[str]:
    """Lexemes for the week, month and year of publication and the facet values (no positions).

    They let the GIN index itself narrow a query to a span of time or to a facet value, so a
    query over a common word reads the rows of the newest week or two only, instead of every match
    (GIN keeps no order; sorting all matches by date was the cost at scale). Tokens are two
    characters long (number tokens start with "#"), these start with "~" and are longer, so they
    never meet a query term.
    """
    day = entry.published_on
    # Weeks too: at a million items a month holds ~5,000, each rechecked for a phrase.
    lexemes = (
        [f"~w{_week(day.toordinal())}", f"~p{day.year:04d}{day.month:02d}", f"~y{day.year}"]
        if day
        else ["~w0"]
    )
    lexemes += [f"~o:{entry.organization_code}", f"~g:{entry.genre}", f"~v:{entry.validity}"]
    lexemes += [f"~s:{s}" for s in entry.subjects] + [f"~c:{c}" for c in entry.columns]
    return [x for x in lexemes if x and not x.endswith(":")]


def _overflow(document_id: int, body: Pairs, start: int) -> list[list[Any]]:
    rows = []
    seq = 0
    start = max(0, start - OVERLAP)
    while start < len(body):
        literal, _ = tsvector_literal([(body[start : start + CHUNK], "D")])
        rows.append([document_id, seq, literal])
        seq += 1
        start += CHUNK - OVERLAP
    return rows


def remove(document_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_overflow WHERE document_id = ANY(%s)", [document_ids])
        cursor.execute("DELETE FROM search_entry WHERE document_id = ANY(%s)", [document_ids])


def out_of_step() -> bool:
    """Whether some row lacks its tsvectors (e.g. restored by `loaddata`, which knows no tsv column)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM search_entry "
            "WHERE title_tsv = ''::tsvector OR tokens_version <> %s)",
            [ngrams.TOKENS_VERSION],
        )
        return bool(cursor.fetchone()[0])


def reset() -> None:
    """Empty the index."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_overflow, search_entry")


def prepare(entries: list[IndexEntry]) -> tuple[list[list[Any]], list[list[Any]]]:
    """The rows to write (search_entry with both tsvectors, overflow chunks); no database access."""
    rows, overflow = [], []
    for entry in entries:
        t = entry_tokens(entry)
        controls = control_lexemes(entry)
        # Number tokens without positions (ngrams.number_tokens), for the whole body: no limit.
        title_numbers = [n for name in ("title", "doc_no") for n in t.numbers[name]]
        numbers = [n for field in t.numbers.values() for n in field]
        tsv, body_used = tsvector_binary(
            [(t.title, "A"), (t.doc_no, "A"), (t.summary, "B"), (t.keywords, "B"), (t.body, "D")],
            numbers + controls,
        )
        title_tsv, _ = tsvector_binary([(t.title, "D"), (t.doc_no, "D")], title_numbers + controls)
        if body_used < len(t.body):
            overflow.extend(_overflow(entry.document_id, t.body, body_used))
        row = entry_row(entry)
        for name in _JSON_FIELDS:
            row[name] = list(getattr(entry, name))  # jsonb's binary form is dumped from the value
        rows.append([*row.values(), tsv, title_tsv])
    return rows, overflow


class _TsvectorBinary(Dumper):
    """A tsvector already in binary form (token_arrays.tsvector_binary), as COPY sends it."""

    format = Format.BINARY
    oid = postgres.types["tsvector"].oid

    def dump(self, obj: Any) -> bytes:
        return bytes(obj)


def _column_types(cursor: Any, table: str, columns: list[str]) -> list[int]:
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
        [table],
    )
    types = dict(cursor.fetchall())
    return [types[c] for c in columns]


def write(prepared: tuple[list[list[Any]], list[list[Any]]]) -> None:
    """Replace the prepared items: COPY in binary form, so the server parses no tsvector text.

    Parsing each item's ~18 KB tsvector literal was ~40 % of the server's work per item while
    loading (COPY of 5,000 items' tsvectors: 4.4 s as text, 1.8 s binary).
    """
    rows, overflow = prepared
    ids = [[row[0] for row in rows]]  # document_id is the first column
    columns = [*ENTRY_COLUMNS, "tsv", "title_tsv"]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_overflow WHERE document_id = ANY(%s)", ids)
        cursor.execute("DELETE FROM search_entry WHERE document_id = ANY(%s)", ids)
        types = _column_types(cursor, "search_entry", columns)
        cursor.adapters.register_dumper(None, _TsvectorBinary)
        with cursor.copy(f"COPY search_entry ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        if overflow:
            with cursor.copy("COPY search_overflow (document_id, seq, tsv) FROM STDIN") as copy:
                for row in overflow:
                    copy.write_row(row)


def upsert(entries: list[IndexEntry]) -> None:
    write(prepare(entries))


# The IndexEntry fields search_entry keeps a copy of (its column `body` holds `body_text`).
_REFILL_FIELDS = (
    "document_id", "organization_code", "title", "doc_no", "summary", "keywords", "body_text", "genre",
    "subjects", "columns", "validity", "published_on", "url", "organization_name", "genre_name",
    "validity_name", "subject_names", "index_no", "signed_on",
)  # fmt: skip
_JSON_FIELDS = {"keywords", "subjects", "columns", "subject_names"}


def refill(batch: int = 500) -> int:
    """Rewrite every row's tsvectors from the index's own copy of the text (after a token change)."""
    columns = ", ".join("body" if name == "body_text" else name for name in _REFILL_FIELDS)
    done, last = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {columns} FROM search_entry WHERE document_id > %s ORDER BY document_id LIMIT %s",
                [last, batch],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            entries = [
                IndexEntry(
                    **{
                        # jsonb arrives as text through Django's cursor (JSONField parses it);
                        # IndexEntry holds tuples.
                        k: tuple(json.loads(v) if isinstance(v, str) else v) if k in _JSON_FIELDS else v
                        for k, v in zip(_REFILL_FIELDS, r, strict=True)
                    }
                )
                for r in rows
            ]
            write(prepare(entries))
            done += len(rows)
            last = rows[-1][0]


# As created by migrations/0002_fulltext.py.
GIN_INDEXES = {
    "search_entry_tsv_gin": "search_entry USING gin (tsv)",
    "search_entry_title_tsv_gin": "search_entry USING gin (title_tsv)",
}
BUILD_MEMORY = "1GB"  # maintenance_work_mem for building them: postings sorted in memory, not on disk


def drop_gin_indexes() -> None:
    with connection.cursor() as cursor:
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def create_gin_indexes() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
        for name, definition in GIN_INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        cursor.execute("RESET maintenance_work_mem")
