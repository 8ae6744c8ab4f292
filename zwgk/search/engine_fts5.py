"""SQLite engine: contentless FTS5 tables over the bigram tokens, rowid = search_entry.rowkey.

`search_fts` (title, meta, body) answers matching and newest-first (rowid order);
`search_title_fts` (title + number only) tells title matches apart cheaply, because a column filter
on the big table would still walk the body's long doclists.
Contentless tables keep the index at about the size of the postings, but a row is deleted by
replaying its tokens, re-derived from the text kept in search_entry (ngrams.TOKENS_VERSION).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import connection

from zwgk.search import ngrams
from zwgk.search.backend import (
    BODY_SCORE,
    ENTRY_COLUMNS,
    META_SCORE,
    Filters,
    WindowRow,
    entry_row,
    tokens_of,
)
from zwgk.search.index import IndexEntry
from zwgk.search.normalise import Query
from zwgk.search.token_arrays import fts_text

# The tables are created by migrations/0002_fulltext.py with a tokenizer for which every non-space
# character is a token character: tokens are made in ngrams.py, FTS5 only splits them at spaces.
_CHUNK = 500  # ids per IN (…) list
_JOIN = "search_fts JOIN search_entry e ON e.rowkey = search_fts.rowid"


def _quoted(tokens: tuple[str, ...] | list[str]) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def _phrase(term: str) -> str:
    match = ngrams.term_match(term)
    # The term's number tokens first: rare ones let FTS5 skip most of the phrase's doclists.
    parts = [_quoted([n]) for n in match.tokens]
    if match.phrase is not None:
        quoted = _quoted(match.phrase.tokens)
        parts.append(quoted + " *" if match.phrase.last_is_prefix else quoted)
    return " AND ".join(parts)


def match_expression(query: Query) -> str:
    return " AND ".join(_phrase(t) for t in query.terms)


def _filters(f: Filters, rowid: str = "search_fts.rowid") -> tuple[str, list[Any]]:
    sql: list[str] = []
    params: list[Any] = []
    if f.year is not None and 1 <= f.year <= 9998:
        # A year is a rowid range (rowids start with the publication day): FTS5 seeks to it instead
        # of walking every newer match.
        sql.append(f" AND {rowid} >= %s AND {rowid} < %s")
        params += [date(f.year, 1, 1).toordinal() << 32, date(f.year + 1, 1, 1).toordinal() << 32]
    for column, value in (
        ("organization_code", f.organization),
        ("genre", f.genre),
        ("year", f.year),
        ("validity", f.validity),
    ):
        if value is not None:
            sql.append(f" AND e.{column} = %s")
            params.append(value)
    for column, value in (("subjects", f.subject), ("columns", f.column)):
        if value is not None:
            sql.append(f" AND EXISTS (SELECT 1 FROM json_each(e.{column}) WHERE value = %s)")
            params.append(value)
    return "".join(sql), params


def fts_rows(key: int, row: dict[str, Any], keywords: list[str]) -> tuple[list[Any], list[Any]]:
    t = tokens_of(
        title=row["title"], doc_no=row["doc_no"], summary=row["summary"], keywords=keywords, body=row["body"]
    )
    # FIELD_BREAK between two fields of a column keeps a phrase from spanning them; a column's
    # number tokens follow its text (they are matched alone, so their positions do not matter).
    brk = f" {ngrams.FIELD_BREAK} "

    def column(*fields: str) -> str:
        numbers = sorted({n for name in fields for n in t.numbers[name]})
        text = brk.join(fts_text(getattr(t, name)) for name in fields)
        return text + brk + " ".join(numbers) if numbers else text

    title = column("title", "doc_no")
    return [key, title, column("summary", "keywords"), column("body")], [key, title]


def remove(document_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        for i in range(0, len(document_ids), _CHUNK):
            chunk = document_ids[i : i + _CHUNK]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(
                "SELECT rowkey, title, doc_no, summary, keywords, body, tokens_version "
                f"FROM search_entry WHERE document_id IN ({marks})",
                chunk,
            )
            main, title = [], []
            for key, t, doc_no, summary, keywords, body, version in cursor.fetchall():
                if version != ngrams.TOKENS_VERSION:
                    raise RuntimeError("index tokens changed: run the migration that rebuilds search_fts")
                row = {"title": t, "doc_no": doc_no, "summary": summary, "body": body}
                m, tt = fts_rows(key, row, json.loads(keywords))
                main.append(m)
                title.append(tt)
            if main:
                cursor.executemany(
                    "INSERT INTO search_fts(search_fts, rowid, title, meta, body) "
                    "VALUES ('delete', %s, %s, %s, %s)",
                    main,
                )
                cursor.executemany(
                    "INSERT INTO search_title_fts(search_title_fts, rowid, title) VALUES ('delete', %s, %s)",
                    title,
                )
                cursor.execute(f"DELETE FROM search_entry WHERE document_id IN ({marks})", chunk)


def out_of_step() -> bool:
    """Whether the FTS tables disagree with search_entry (e.g. rows restored by `loaddata`).

    A contentless table deletes a row by replaying its tokens: replaying tokens it never received
    corrupts it ("database disk image is malformed"), so such an index must be emptied, not patched.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM search_entry), (SELECT count(*) FROM search_fts_docsize), "
            "(SELECT count(*) FROM search_title_fts_docsize), "
            "EXISTS (SELECT 1 FROM search_entry e WHERE e.tokens_version <> %s OR NOT EXISTS "
            "(SELECT 1 FROM search_fts_docsize d WHERE d.id = e.rowkey))",
            [ngrams.TOKENS_VERSION],
        )
        entries, main, title, stray = cursor.fetchone()
    return bool(stray) or not entries == main == title


def reset() -> None:
    """Empty the index, whatever state its tables are in."""
    with connection.cursor() as cursor:
        for table in ("search_fts", "search_title_fts"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        cursor.execute("DELETE FROM search_entry")


def prepare(entries: list[IndexEntry]) -> tuple[list[list[Any]], list[list[Any]], list[list[Any]]]:
    """The rows to write (search_entry, search_fts, search_title_fts); no database access."""
    rows, main, title = [], [], []
    # Ascending rowids: FTS5 flushes its pending postings to a new segment whenever a rowid is not
    # above the previous one, so unsorted batches make tiny segments and endless merging (~2× slower).
    for row, entry in sorted(((entry_row(e), e) for e in entries), key=lambda re: re[0]["rowkey"]):
        m, t = fts_rows(row["rowkey"], row, list(entry.keywords))
        rows.append(list(row.values()))
        main.append(m)
        title.append(t)
    return rows, main, title


def write(prepared: tuple[list[list[Any]], list[list[Any]], list[list[Any]]]) -> None:
    rows, main, title = prepared
    remove([row[0] for row in rows])  # document_id is the first column
    columns = ", ".join(ENTRY_COLUMNS)
    marks = ", ".join(["%s"] * len(ENTRY_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO search_entry ({columns}) VALUES ({marks})", rows)
        cursor.executemany("INSERT INTO search_fts(rowid, title, meta, body) VALUES (%s, %s, %s, %s)", main)
        cursor.executemany("INSERT INTO search_title_fts(rowid, title) VALUES (%s, %s)", title)


def upsert(entries: list[IndexEntry]) -> None:
    write(prepare(entries))


def refill() -> None:
    """Write the FTS rows of every search_entry row (after the FTS tables were recreated)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowkey, title, doc_no, summary, keywords, body FROM search_entry")
        while rows := cursor.fetchmany(500):
            main, title = [], []
            for key, t, doc_no, summary, keywords, body in rows:
                row = {"title": t, "doc_no": doc_no, "summary": summary, "body": body}
                m, tt = fts_rows(key, row, json.loads(keywords))
                main.append(m)
                title.append(tt)
            with connection.cursor() as writer:
                writer.executemany(
                    "INSERT INTO search_fts(rowid, title, meta, body) VALUES (%s, %s, %s, %s)", main
                )
                writer.executemany("INSERT INTO search_title_fts(rowid, title) VALUES (%s, %s)", title)


_WINDOW_SQL = """
SELECT e.document_id, search_fts.rowid, e.organization_code, e.organization_name,
       e.genre, e.genre_name, e.year, e.validity, e.validity_name, e.subjects, e.subject_names
FROM search_fts JOIN search_entry e ON e.rowkey = search_fts.rowid
WHERE search_fts MATCH %s {filters} ORDER BY search_fts.rowid DESC LIMIT %s
"""


def window(query: Query, f: Filters, size: int) -> list[WindowRow]:
    where, params = _filters(f)
    expression = match_expression(query)
    with connection.cursor() as cursor:
        cursor.execute(_WINDOW_SQL.format(filters=where), [expression, *params, size])
        rows = cursor.fetchall()
        if not rows:
            return []
        # backend.location_score's rule, asked of the index: every term in the meta column
        # (summary and keywords) — one FTS5 query instead of normalising 1,000 summaries.
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s",
            [f"meta : ({expression})", rows[-1][1]],
        )
        in_meta = {key for (key,) in cursor.fetchall()}
        cursor.execute(
            "SELECT rowid FROM search_title_fts WHERE search_title_fts MATCH %s AND rowid >= %s",
            [expression, rows[-1][1]],
        )
        in_title = {key for (key,) in cursor.fetchall()}
    return [
        WindowRow(
            r[0],
            r[1],
            META_SCORE if r[1] in in_meta else BODY_SCORE,
            tuple(r[2:]),  # type: ignore[arg-type]
            0.0 if r[1] in in_title else None,
        )
        for r in rows
    ]


def title_window(
    query: Query, f: Filters, size: int, *, below: int | None = None, rare: bool = False
) -> list[tuple[int, int, float]]:
    """Title or number matches, newest first (no bm25 here either: see backend.location_score).

    One rowid-ordered query whatever their number: `rare` (a plan hint) changes nothing here.
    """
    where, params = _filters(f, rowid="t.rowid")
    if below is not None:
        where += " AND t.rowid < %s"
        params.append(below)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.document_id, t.rowid FROM search_title_fts AS t "
            "JOIN search_entry e ON e.rowkey = t.rowid "
            f"WHERE search_title_fts MATCH %s {where} ORDER BY t.rowid DESC LIMIT %s",
            [match_expression(query), *params, size],
        )
        return [(doc, key, 0.0) for doc, key in cursor.fetchall()]


def newest(
    query: Query,
    f: Filters,
    *,
    limit: int,
    offset: int,
    below: int | None = None,
    exclude: list[int] = (),  # type: ignore[assignment]
) -> list[tuple[int, int]]:
    where, params = _filters(f)
    if below is not None:
        where += " AND search_fts.rowid < %s"
        params.append(below)
    if exclude:
        where += f" AND search_fts.rowid NOT IN ({','.join(['%s'] * len(exclude))})"
        params += list(exclude)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.document_id, search_fts.rowid FROM {_JOIN} "
            f"WHERE search_fts MATCH %s {where} ORDER BY search_fts.rowid DESC LIMIT %s OFFSET %s",
            [match_expression(query), *params, limit, offset],
        )
        return [(doc, key) for doc, key in cursor.fetchall()]


def count_week(query: Query, f: Filters, week: int) -> int:
    """Matches published in one week (day ordinals 7·week … 7·week + 6): a rowid range."""
    where, params = _filters(f)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {_JOIN} WHERE search_fts MATCH %s "
            f"AND search_fts.rowid >= %s AND search_fts.rowid < %s {where}",
            [match_expression(query), (week * 7) << 32, (week * 7 + 7) << 32, *params],
        )
        return int(cursor.fetchone()[0])


def candidates(query: Query, f: Filters, *, cap: int) -> list[int]:
    where, params = _filters(f)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.document_id FROM search_fts JOIN search_entry e ON e.rowkey = search_fts.rowid "
            f"WHERE search_fts MATCH %s {where} ORDER BY search_fts.rowid DESC LIMIT %s",
            [match_expression(query), *params, cap],
        )
        return [r[0] for r in cursor.fetchall()]


def size_bytes() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE %s", ["search%"])
        return int(cursor.fetchone()[0])
