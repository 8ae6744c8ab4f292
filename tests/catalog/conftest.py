import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """`postgres_only` tests need real row locks; on SQLite they are skipped with the reason."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwgk_catalog"
    )
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


@pytest.fixture
def supervisor(make_staff, city):
    return make_staff(city, "supervisor", username="gkb_supervisor")


@pytest.fixture
def search_index(monkeypatch):
    """Record exactly what the catalogue hands to the search index (other tests use the real one)."""
    entries: dict = {}
    monkeypatch.setattr("zwgk.catalog.indexing.index_upsert", lambda e: entries.__setitem__(e.document_id, e))
    monkeypatch.setattr("zwgk.catalog.indexing.index_remove", lambda pk: entries.pop(pk, None))
    return entries
