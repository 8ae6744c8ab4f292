"""The working-day calendar (RULES §1) on the official 2025/2026 schedules. Runs without Django.

Every expected date was counted by hand on the RULES §1 tables; the comment says why.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.calendars import SCHEDULE_2025, calendar_2025_2026
from zwgk.core.workdays import Calendar, YearSchedule, add_workdays, is_workday, workdays_between

CAL = calendar_2025_2026()


def d(iso: str) -> date:
    return date.fromisoformat(iso)


@pytest.mark.parametrize(
    "day, works",
    [
        ("2025-01-01", False),  # 元旦, a Wednesday
        ("2025-01-26", True),  # Sunday worked before 春节 2025
        ("2025-01-27", True),  # ordinary Monday, eve of the holiday
        ("2025-01-28", False),  # 除夕, first day off
        ("2025-02-04", False),  # last day of 春节 2025
        ("2025-02-05", True),  # back to work on a Wednesday
        ("2025-02-08", True),  # Saturday worked after 春节 2025
        ("2025-02-09", False),  # ordinary Sunday
        ("2025-04-04", False),  # 清明, a Friday
        ("2025-04-27", True),  # Sunday worked before 劳动节 2025
        ("2025-05-05", False),  # 劳动节 Monday
        ("2025-05-06", True),  # back on Tuesday
        ("2025-06-02", False),  # 端午 Monday
        ("2025-09-28", True),  # Sunday worked before 国庆+中秋 2025
        ("2025-10-08", False),  # last of the eight days off
        ("2025-10-11", True),  # Saturday worked after 国庆 2025
        ("2025-10-12", False),  # ordinary Sunday
        ("2026-01-02", False),  # 元旦 2026, a Friday
        ("2026-01-04", True),  # Sunday worked after 元旦 2026
        ("2026-02-14", True),  # Saturday worked before 春节 2026
        ("2026-02-15", False),  # first day of 春节 2026 (a Sunday)
        ("2026-02-23", False),  # ninth and last day off, a Monday
        ("2026-02-24", True),  # back on Tuesday
        ("2026-02-28", True),  # Saturday worked after 春节 2026
        ("2026-05-09", True),  # Saturday worked after 劳动节 2026
        ("2026-06-19", False),  # 端午 2026, a Friday
        ("2026-09-20", True),  # Sunday worked before 国庆 2026
        ("2026-09-25", False),  # 中秋 2026, a Friday
        ("2026-10-07", False),  # last day of 国庆 2026
        ("2026-10-09", True),  # ordinary Friday after 国庆
        ("2026-10-10", True),  # Saturday worked after 国庆 2026
        ("2027-01-01", False),  # no 2027 schedule: 元旦 2027 is off under the law (provisional)
        ("2027-02-06", False),  # no 2027 schedule: a Saturday (and 初一), no make-up days
        ("2027-02-09", False),  # no 2027 schedule: 补假 for 初一 on a Saturday
        ("2027-02-11", True),  # no 2027 schedule: the Thursday after the 补假
    ],
)
def test_is_workday(day, works):
    assert CAL.is_workday(d(day)) is works


@pytest.mark.parametrize(
    "start, n, expected",
    [
        ("2025-01-24", 20, "2025-02-27"),  # 春节 2025: Sun 01-26 and Sat 02-08 count, 01-28..02-04 do not
        ("2025-01-24", 7, "2025-02-10"),  # 01-26, 01-27, 02-05, 02-06, 02-07, 02-08, 02-10
        ("2025-01-25", 1, "2025-01-26"),  # the next working day is a Sunday
        ("2025-01-27", 1, "2025-02-05"),  # the whole holiday is skipped
        ("2025-09-26", 20, "2025-10-30"),  # 国庆+中秋 2025: Sun 09-28 and Sat 10-11 count
        ("2025-09-30", 1, "2025-10-09"),  # 10-01..10-08 off
        ("2025-10-10", 1, "2025-10-11"),  # Saturday worked
        ("2026-02-13", 20, "2026-03-19"),  # 春节 2026: Sat 02-14 and 02-28 count, 02-15..02-23 do not
        ("2026-09-24", 20, "2026-10-29"),  # 中秋+国庆 2026, Sat 10-10 is a working day
        ("2026-09-18", 1, "2026-09-20"),  # Sunday 09-20 worked
        ("2026-04-30", 20, "2026-06-01"),  # 劳动节 2026 05-01..05-05 off, Sat 05-09 counts
        ("2026-12-31", 1, "2027-01-04"),  # 2027 unknown: 元旦 2027 (Fri) is off under the law
        ("2026-12-25", 20, "2027-01-25"),  # 12-28..12-31, then 2027 weekdays without 元旦
        ("2025-10-01", 0, "2025-10-01"),  # nothing to count
    ],
)
def test_add_workdays(start, n, expected):
    assert CAL.add_workdays(d(start), n) == d(expected)
    assert add_workdays(CAL, d(start), n) == d(expected)


def test_add_workdays_skips_paused_days():
    # 03-03 paused: 03-04, 03-05, 03-06 are the three counted days
    assert CAL.add_workdays(d("2026-03-02"), 3, paused={d("2026-03-03")}) == d("2026-03-06")


def test_add_workdays_refuses_a_negative_count():
    with pytest.raises(ValueError):
        CAL.add_workdays(d("2026-03-02"), -1)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2025-01-24", "2025-02-27", 20),  # the 春节 2025 reply period
        ("2025-01-27", "2025-02-05", 1),  # only 02-05 (start never counts)
        ("2025-02-05", "2025-01-27", -1),  # backwards
        ("2025-09-30", "2025-10-08", 0),  # all holidays
        ("2026-02-13", "2026-02-14", 1),  # Saturday worked
        ("2026-10-01", "2026-10-01", 0),  # same day
        ("2026-12-31", "2027-01-04", 1),  # only 01-04: 元旦 2027 is off under the law
    ],
)
def test_workdays_between(start, end, expected):
    assert CAL.workdays_between(d(start), d(end)) == expected
    assert workdays_between(CAL, d(start), d(end)) == expected


@pytest.mark.parametrize(
    "day, provisional",
    [
        ("2026-12-31", False),  # 2026 loaded
        ("2027-01-01", True),  # 2027 not published
        ("2024-12-31", True),  # 2024 not loaded in this calendar
        ("2025-01-01", False),  # 2025 loaded
    ],
)
def test_is_provisional(day, provisional):
    assert CAL.is_provisional(d(day)) is provisional


def test_any_provisional_looks_at_every_year_of_the_span():
    assert CAL.any_provisional(d("2026-12-01"), d("2027-01-05")) is True
    assert CAL.any_provisional(d("2025-01-01"), d("2026-12-31")) is False


def test_module_function_is_workday():
    assert is_workday(CAL, d("2026-10-10")) is True


def test_a_calendar_without_schedules_follows_the_law():
    bare = Calendar()
    assert bare.is_workday(d("2026-10-01")) is False  # 国庆 under the law
    assert bare.is_workday(d("2026-10-05")) is False  # 补假 for 10-03 (Sat); 10-04 is a Sunday
    assert bare.is_workday(d("2026-10-10")) is False  # worked only in the loaded schedule (调休)
    # 09-25 中秋, 10-01, 10-02, 10-05 off: 09-28..30 (3), 10-06..09 (7), 10-12..16 (12), 10-19..23
    # (17), 10-26..28 (20)
    assert bare.add_workdays(d("2026-09-24"), 20) == d("2026-10-28")
    assert bare.is_provisional(d("2026-10-01")) is True


def test_a_schedule_refuses_a_weekday_as_make_up_day():
    with pytest.raises(ValueError):
        YearSchedule(year=2025, holidays=frozenset(), makeup_days=frozenset({d("2025-10-09")}))


def test_a_schedule_refuses_a_day_of_another_year():
    with pytest.raises(ValueError):
        YearSchedule(year=2025, holidays=frozenset({d("2026-01-01")}), makeup_days=frozenset())


def test_from_years_marks_only_loaded_years_known():
    cal = Calendar.from_years([SCHEDULE_2025])
    assert cal.known_years == frozenset({2025})
    assert cal.is_workday(d("2026-02-23")) is True  # official 春节 2026 not loaded; the law's ends 02-19
    assert cal.is_workday(d("2026-02-16")) is False  # 除夕 under the law


days_2025_2026 = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@settings(deadline=None)  # timing varies on a loaded machine; the property is what counts
@given(start=days_2025_2026, n=st.integers(min_value=1, max_value=60))
def test_the_nth_working_day_is_a_working_day_n_working_days_later(start, n):
    end = CAL.add_workdays(start, n)
    assert CAL.is_workday(end)
    assert CAL.workdays_between(start, end) == n
    assert CAL.workdays_between(start, end - timedelta(days=1)) == n - 1
