import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zwgk.core.models import CalendarYear

pytestmark = pytest.mark.django_db


def test_load_a_year_from_a_file_and_show_it(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps({"year": 2027, "holidays": ["2027-01-01"], "workdays": []}), encoding="utf-8")
    call_command("calendar", "load", str(path), stdout=StringIO())
    assert CalendarYear.objects.get(year=2027).holidays == ["2027-01-01"]
    out = StringIO()
    call_command("calendar", "show", "2027", stdout=out)
    assert "2027-01-01" in out.getvalue()


def test_loading_a_broken_file_is_an_error_and_changes_nothing(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("calendar", "load", str(path), stdout=StringIO())
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_seed_years_are_every_year_the_package_covers():
    # chinese-calendar 1.11 covers 2004–2026 (RULES §1); the seed takes the package's years.
    from zwgk.core.packaged_schedules import packaged_years

    assert packaged_years()[0] == 2004 and packaged_years()[-1] >= 2026
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= set(packaged_years())
    assert all(row.holidays for row in CalendarYear.objects.all())


def test_a_year_changed_in_a_rolled_back_transaction_is_not_kept_in_the_cache():
    from datetime import date

    from django.db import transaction

    from zwgk.core.calendars import calendar_current, calendar_year_replace, parse_schedule

    new_year = date(2031, 1, 1)
    assert calendar_current().is_provisional(new_year)
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_year_replace(actor=None, schedule=parse_schedule(2031, ["2031-01-01"], []))
        assert not calendar_current().is_provisional(new_year)  # the transaction sees its change
        raise RuntimeError("rolled back")
    assert calendar_current().is_provisional(new_year)  # failed before: the cache kept 2031
