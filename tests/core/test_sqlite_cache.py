"""The embedded deployment's cache (zwgk.core.sqlite_cache, decision 0040): Django's cache
contract, expiry, culling by nearest expiry, and atomic counters across processes."""

import multiprocessing
import time

import pytest

from zwgk.core import sqlite_cache
from zwgk.core.sqlite_cache import SQLiteCache


def make(tmp_path, **options):
    return SQLiteCache(str(tmp_path / "cache.sqlite3"), {"OPTIONS": options})


def test_the_cache_contract(tmp_path):
    cache = make(tmp_path)
    assert cache.get("a") is None and cache.get("a", 7) == 7
    cache.set("a", {"page": "<html>政务公开</html>"})
    assert cache.get("a") == {"page": "<html>政务公开</html>"} and cache.has_key("a")
    assert cache.add("a", 1) is False and cache.add("b", 1) is True
    assert cache.get_many(["a", "b", "c"]) == {"a": {"page": "<html>政务公开</html>"}, "b": 1}
    cache.set_many({"c": 3, "d": 4})
    assert cache.incr("c") == 4 and cache.incr("c", 10) == 14 and cache.get("c") == 14
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.delete("d") is True and cache.delete("d") is False
    cache.clear()
    assert cache.get_many(["a", "b", "c"]) == {}


def test_entries_expire_and_add_takes_an_expired_key(tmp_path):
    cache = make(tmp_path)
    cache.set("short", 1, timeout=0.05)
    cache.set("forever", 2, timeout=None)
    time.sleep(0.1)
    assert cache.get("short") is None and not cache.has_key("short")
    assert cache.add("short", 3) is True and cache.get("short") == 3
    assert cache.touch("forever", timeout=60) is True and cache.get("forever") == 2


def test_culling_keeps_what_expires_last(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_cache, "CULL_EVERY", 1)
    cache = make(tmp_path, MAX_ENTRIES=10, CULL_FREQUENCY=2)
    cache.set("version", 1, timeout=None)
    for i in range(30):
        cache.set(f"page{i}", i, timeout=100 + i)
    (count,) = cache._db().execute("SELECT COUNT(*) FROM cache").fetchone()
    assert count <= 11
    assert cache.get("version") == 1 and cache.get("page29") == 29 and cache.get("page0") is None


def _bump(path, n):
    cache = SQLiteCache(path, {})
    for _ in range(n):
        cache.incr("counter")


def test_incr_is_atomic_across_processes(tmp_path):
    path = str(tmp_path / "cache.sqlite3")
    SQLiteCache(path, {}).set("counter", 0, timeout=None)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_bump, args=(path, 200)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert SQLiteCache(path, {}).get("counter") == 600


def test_the_embedded_settings_use_it(settings):
    from django.core.cache import caches

    settings.CACHES = {
        "embedded": {
            "BACKEND": "zwgk.core.sqlite_cache.SQLiteCache",
            "LOCATION": str(settings.DATA_DIR / "t.sqlite3"),
        }
    }
    assert isinstance(caches["embedded"], SQLiteCache)
