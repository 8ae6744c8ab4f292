"""The calendar is loaded once per process until a year changes (issue 25.5: a fresh install,
whose cache never held a version, reloaded every year on every call)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zwgk.core import calendars

pytestmark = pytest.mark.django_db


def test_without_a_version_in_the_cache_the_calendar_is_loaded_once():
    cache.delete(calendars._VERSION_KEY)
    calendars._local["calendar"] = None
    with CaptureQueriesContext(connection) as queries:
        first = calendars.calendar_current()
        second = calendars.calendar_current()
    assert second is first
    assert sum("core_calendaryear" in q["sql"] for q in queries) == 1


def test_an_evicted_version_comes_back_as_a_new_number_and_reloads():
    calendars.calendar_current()
    old = cache.get(calendars._VERSION_KEY)
    held = calendars._local["calendar"]
    cache.delete(calendars._VERSION_KEY)  # evicted: another process may have changed a year
    assert calendars.calendar_current() is not held
    assert cache.get(calendars._VERSION_KEY) not in (None, old)
