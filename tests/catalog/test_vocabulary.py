"""The segmenter's user dictionary comes from the catalogue's own names (no scan of the index)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zwgk.catalog.models import Column, ColumnKind
from zwgk.search import query


@pytest.fixture
def fresh_segmenter():
    query._segmenter = None
    yield
    query._segmenter = None


def test_topic_column_and_agency_names_stay_whole(agency, fresh_segmenter):
    Column.objects.create(code="topic.wgkjy", name="稳岗扩就业专项行动", kind=ColumnKind.TOPIC)
    words = query.segmenter().words("市司法局稳岗扩就业专项行动实施情况")
    assert "稳岗扩就业专项行动" in words
    assert "市司法局" in words
    assert "大连市司法局" in query.segmenter().user_words


def test_dictionary_is_read_without_touching_the_index(agency, fresh_segmenter):
    with CaptureQueriesContext(connection) as captured:
        query.segmenter()
    assert captured.captured_queries
    assert not any("search_entry" in q["sql"] for q in captured.captured_queries)


def test_an_inactive_agency_leaves_the_dictionary(agency, fresh_segmenter):
    agency.is_active = False
    agency.save()
    assert "大连市司法局" not in query.segmenter().user_words
