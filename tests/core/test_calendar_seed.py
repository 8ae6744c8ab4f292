"""Every path refuses to store a year with no holidays as loaded (RULES §1, decision 0012)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from zwgk.core.calendars import calendar_seed, calendar_year_replace, seed_schedule
from zwgk.core.errors import ValidationFailed
from zwgk.core.models import CalendarYear
from zwgk.core.packaged_schedules import packaged_schedule, packaged_years
from zwgk.core.workdays import YearSchedule


def test_the_package_has_no_year_without_holidays():
    with pytest.raises(ValueError):
        packaged_schedule(2003)  # before chinese-calendar's first year
    assert len(packaged_schedule(2026).holidays) == 33  # RULES §1: the 2026 table, 33 days off


@pytest.mark.django_db
def test_seed_refuses_a_year_the_package_does_not_cover():
    with pytest.raises(ValidationFailed):
        seed_schedule(2030)
    with pytest.raises(ValidationFailed):
        calendar_seed(actor=None, years=[2030])
    assert not CalendarYear.objects.filter(year=2030).exists()


@pytest.mark.django_db
def test_the_service_refuses_an_empty_year():
    with pytest.raises(ValidationFailed) as exc:
        calendar_year_replace(actor=None, schedule=YearSchedule(2030, frozenset(), frozenset()))
    assert "holidays" in exc.value.fields
    assert not CalendarYear.objects.filter(year=2030).exists()


@pytest.mark.django_db
def test_the_command_refuses_an_empty_year(tmp_path):
    path = tmp_path / "2030.json"
    path.write_text('{"year": 2030, "holidays": [], "workdays": []}', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("calendar", "load", str(path), stdout=StringIO())
    assert not CalendarYear.objects.filter(year=2030).exists()


@pytest.mark.django_db
def test_the_database_refuses_an_empty_year_whatever_the_path():
    # The Django admin and raw ORM writes do not go through the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarYear.objects.create(year=2030, holidays=[], makeup_days=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarYear.objects.filter(year=2026).update(holidays=[])


@pytest.mark.django_db(transaction=True)
def test_migration_0003_drops_an_empty_year_stored_by_0002_and_seeds_the_package_years():
    """0002 with chinese-calendar 1.10 stored 2026 with no holidays; 0003 repairs such a database."""
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0002_seed_calendars")])
    state = executor.loader.project_state([("core", "0002_seed_calendars")])
    old = state.apps.get_model("core", "CalendarYear")
    old.objects.filter(year__lt=2019).delete()
    old.objects.filter(year=2026).update(holidays=[], makeup_days=[])  # as 1.10 left it

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = {r.year: r for r in CalendarYear.objects.all()}
    assert set(rows) >= set(packaged_years())
    assert rows[2026].holidays[0] == "2026-01-01" and len(rows[2026].holidays) == 33
    assert rows[2004].source == "chinese-calendar"
    assert all(r.holidays for r in rows.values())


@pytest.mark.django_db
def test_model_validation_names_the_rule():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        CalendarYear(year=2030, holidays=[], makeup_days=[]).validate_constraints()
    assert "没有任何放假日期" in str(exc.value)
