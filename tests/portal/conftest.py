import pytest


@pytest.fixture(autouse=True)
def search_index(monkeypatch):
    """The search engine is another team's (issue 4): keep its index out of the portal's tests."""
    entries: dict = {}
    monkeypatch.setattr("zwgk.catalog.indexing.index_upsert", lambda e: entries.__setitem__(e.document_id, e))
    monkeypatch.setattr("zwgk.catalog.indexing.index_remove", lambda pk: entries.pop(pk, None))
    return entries


@pytest.fixture
def city_editor(make_staff, city):
    return make_staff(city, "editor", username="szf_editor")


@pytest.fixture
def library(city, agency, other_agency, editor, reviewer, city_editor):
    from tests.portal.factories import build_library

    return build_library(city=city, agency=agency, editor=editor, city_editor=city_editor, reviewer=reviewer)
