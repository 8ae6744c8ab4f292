"""The embedded deployment's Django cache: one SQLite file of its own beside the database.

Django's file cache keeps an entry per file and lists the whole directory on every write to
decide whether to cull, so it is held to a few hundred entries (default 300); the page cache and
the search result cache (decisions 0029, 0039) need thousands, and culling a third at random
threw hot pages out with cold ones. Here an entry is a row: a write costs one statement whatever
the size, culling drops the entries closest to expiry in one statement now and then, and `incr`
is atomic across processes (the page cache's versions). The file is not the platform's
database, so cache writes never wait for a publishing transaction's lock; a cache need not
survive a power cut (`synchronous=OFF`), and a missing file is created again.

Values are pickled, as in Django's own file, database and Redis caches; the file lives in the
data directory with the database.
"""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB NOT NULL, expires REAL NOT NULL)
"""
FOREVER = float("inf")
# One write in CULL_EVERY checks the size, so the count query stays off the common path.
CULL_EVERY = 50


class SQLiteCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._path = Path(location)
        self._local = threading.local()

    # --- connection, one per thread and process (a forked worker opens its own) -----------------
    def _db(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            self._path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self._path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(SCHEMA)
            local.db, local.pid = db, os.getpid()
        return local.db  # type: ignore[no-any-return]

    def _expiry(self, timeout: float | object | None) -> float:
        seconds = self.get_backend_timeout(timeout)
        return FOREVER if seconds is None else float(seconds)

    # --- reads ----------------------------------------------------------------------------------
    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute("SELECT value, expires FROM cache WHERE key = ?", (key,)).fetchone()
        if row is None or row[1] <= time.time():
            return default
        return pickle.loads(row[0])

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        wanted = {self.make_and_validate_key(k, version=version): k for k in keys}
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._db().execute(
            f"SELECT key, value FROM cache WHERE key IN ({marks}) AND expires > ?", (*wanted, time.time())
        )
        return {wanted[key]: pickle.loads(value) for key, value in rows}

    def has_key(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute("SELECT 1 FROM cache WHERE key = ? AND expires > ?", (key, time.time()))
        return row.fetchone() is not None

    # --- writes ---------------------------------------------------------------------------------
    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._write("INSERT OR REPLACE", key, value, timeout)

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM cache WHERE key = ? AND expires <= ?", (key, time.time()))
            added = db.execute(
                "INSERT OR IGNORE INTO cache (key, value, expires) VALUES (?, ?, ?)",
                (key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), self._expiry(timeout)),
            ).rowcount
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return bool(added)

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        expires = self._expiry(timeout)
        rows = [
            (
                self.make_and_validate_key(k, version=version),
                pickle.dumps(v, pickle.HIGHEST_PROTOCOL),
                expires,
            )
            for k, v in data.items()
        ]
        self._db().executemany("INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)", rows)
        self._maybe_cull()
        return []

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        changed = self._db().execute(
            "UPDATE cache SET expires = ? WHERE key = ? AND expires > ?",
            (self._expiry(timeout), key, time.time()),
        )
        return bool(changed.rowcount)

    def delete(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(self._db().execute("DELETE FROM cache WHERE key = ?", (key,)).rowcount)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        for key in keys:
            self.delete(key, version=version)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        """Atomic across processes: read and write under the file's write lock."""
        key = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT value, expires FROM cache WHERE key = ?", (key,)).fetchone()
            if row is None or row[1] <= time.time():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(row[0]) + delta
            db.execute(
                "UPDATE cache SET value = ? WHERE key = ?",
                (pickle.dumps(value, pickle.HIGHEST_PROTOCOL), key),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return int(value)

    def clear(self) -> None:
        self._db().execute("DELETE FROM cache")

    def close(self, **kwargs: Any) -> None:
        """Connections stay open across requests (one per thread): nothing to do per request."""

    def _write(self, verb: str, key: str, value: Any, timeout: Any) -> None:
        self._db().execute(
            f"{verb} INTO cache (key, value, expires) VALUES (?, ?, ?)",
            (key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), self._expiry(timeout)),
        )
        self._maybe_cull()

    def _maybe_cull(self) -> None:
        if random.randrange(CULL_EVERY):
            return
        db = self._db()
        db.execute("DELETE FROM cache WHERE expires <= ?", (time.time(),))
        (count,) = db.execute("SELECT COUNT(*) FROM cache").fetchone()
        if count > self._max_entries:
            # Those closest to expiry first: versions (no expiry) and fresh pages stay.
            drop = count // self._cull_frequency if self._cull_frequency else count
            db.execute(
                "DELETE FROM cache WHERE key IN (SELECT key FROM cache ORDER BY expires LIMIT ?)", (drop,)
            )
