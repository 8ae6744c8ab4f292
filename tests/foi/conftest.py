import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL (row locks across connections); set DATABASE_URL")
            )


@pytest.fixture
def handler(agency, make_staff):
    return make_staff(agency, "handler", username="sfj_handler")


@pytest.fixture
def signer(agency, make_staff):
    """A handler who is also the agency's 审签人: their reply letter is signed off at once, so
    their `replied` event closes the case; a plain handler's is refused (decision 0016)."""
    return make_staff(agency, "handler", "reviewer", username="sfj_signer")


@pytest.fixture
def office_head(agency, make_staff):
    return make_staff(agency, "office_head", username="sfj_head")


@pytest.fixture
def supervisor(city, make_staff):
    return make_staff(city, "supervisor", username="gkb")


@pytest.fixture
def other_handler(other_agency, make_staff):
    return make_staff(other_agency, "handler", username="mzj_handler")


@pytest.fixture
def on_day(monkeypatch):
    """on_day("2026-11-27"): `timezone.localdate()` returns that day (the services' and the API's
    "today"), so tests with real calendar dates do not depend on when they run."""
    from datetime import date

    from django.utils import timezone

    real = timezone.localdate

    def set_day(day):
        fixed = date.fromisoformat(day) if isinstance(day, str) else day

        def localdate(value=None, timezone=None):
            return fixed if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return fixed

    return set_day


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and used captcha tokens live in the (per-process) cache.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeded_calendar(db):
    """The 2025/2026 schedules even after a transactional test flushed the migration's seed."""
    from zwgk.core.calendars import calendar_seed

    calendar_seed(actor=None, years=[2025, 2026])
