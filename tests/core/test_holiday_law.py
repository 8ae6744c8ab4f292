"""The provisional calendar from the holiday law (RULES §1). Runs without Django.

The 2027 list is typed from RULES §1; the other years are checked against the State Council's
real schedules as the chinese-calendar package records them: the law's days are a subset of the
official days off, whatever the State Council moved around them.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest

from zwgk.core.holiday_law import law_day_off_dates, law_days_off, qingming, statutory_holidays
from zwgk.core.workdays import Calendar


def d(iso: str) -> date:
    return date.fromisoformat(iso)


# RULES §1: the days off of 2027 besides weekends.
RULES_2027 = [
    "2027-01-01",
    "2027-02-05",  # 除夕, a Friday
    "2027-02-08",  # 初三, a Monday
    "2027-02-09",  # 补假 for 初一 on Sat Feb 6
    "2027-02-10",  # 补假 for 初二 on Sun Feb 7
    "2027-04-05",  # 清明
    "2027-05-03",  # 补假 for Sat May 1
    "2027-05-04",  # 补假 for Sun May 2
    "2027-06-09",  # 端午
    "2027-09-15",  # 中秋
    "2027-10-01",
    "2027-10-04",  # 补假 for Sat Oct 2
    "2027-10-05",  # 补假 for Sun Oct 3
]


def test_2027_days_off_besides_weekends_are_rules_list():
    weekdays_off = sorted(x for x in law_day_off_dates(2027) if x.weekday() < 5)
    assert weekdays_off == [d(s) for s in RULES_2027]


def test_2027_weekend_statutory_days_are_listed_with_their_substitutes():
    reasons = {x.day.isoformat(): x.reason for x in law_days_off(2027)}
    assert reasons["2027-02-06"] == "春节（法定）"
    assert reasons["2027-02-09"] == "补假（春节 2月6日）"
    assert reasons["2027-02-10"] == "补假（春节 2月7日）"
    assert reasons["2027-05-03"] == "补假（劳动节 5月1日）"
    assert reasons["2027-10-05"] == "补假（国庆节 10月3日）"
    assert reasons["2027-01-01"] == "元旦（法定）"


def test_the_2024_revision_has_13_days_and_the_2013_one_11():
    assert sum(len(days) for _, days in statutory_holidays(2027)) == 13
    assert sum(len(days) for _, days in statutory_holidays(2024)) == 11


@pytest.mark.parametrize(
    "year, expected",
    [
        (2024, "2024-04-04"),
        (2025, "2025-04-04"),
        (2026, "2026-04-05"),
        (2027, "2027-04-05"),
        (2100, "2100-04-05"),  # beyond the tables of table-driven libraries
    ],
)
def test_qingming(year, expected):
    assert qingming(year) == d(expected)


@pytest.mark.parametrize(
    "year, lunar_new_year, dragon_boat, mid_autumn",
    [
        # Typed from the official schedules (RULES §1 tables and the notices of those years).
        (2025, "2025-01-29", "2025-05-31", "2025-10-06"),
        (2026, "2026-02-17", "2026-06-19", "2026-09-25"),
        (2027, "2027-02-06", "2027-06-09", "2027-09-15"),
    ],
)
def test_lunar_holidays(year, lunar_new_year, dragon_boat, mid_autumn):
    named = dict(statutory_holidays(year))
    assert d(lunar_new_year) in named["春节"]
    assert min(named["春节"]) == d(lunar_new_year) - timedelta(days=1)  # 除夕
    assert named["端午节"] == [d(dragon_boat)]
    assert named["中秋节"] == [d(mid_autumn)]


def _official_days_off(year: int) -> set[date]:
    return {x for x in chinese_calendar.holidays if x.year == year}


@pytest.mark.parametrize("year", range(2014, 2027))
def test_every_statutory_day_is_an_official_day_off(year):
    official = _official_days_off(year)
    assert official, "chinese-calendar>=1.11 covers 2004–2026"
    for _, days in statutory_holidays(year):
        for day in days:
            assert day in official or (day.weekday() >= 5 and day not in chinese_calendar.workdays), day


@pytest.mark.parametrize("year", [2025, 2026])
def test_under_the_2024_revision_every_law_day_off_is_an_official_one(year):
    # Substitutes included: the State Council gave at least the law's 补假 in both years.
    official = _official_days_off(year)
    for day in law_day_off_dates(year):
        assert day in official or (day.weekday() >= 5 and day not in chinese_calendar.workdays), day


def test_a_substitute_skips_days_already_off():
    # 2028: 国庆 Oct 1 is a Sunday; Oct 2–3 are already off, so its 补假 is Wed Oct 4.
    reasons = {x.day: x for x in law_days_off(2028)}
    assert reasons[d("2028-10-04")].substitute_for == d("2028-10-01")
    # 元旦 2028 is a Saturday: the first weekday after Sat–Sun is Mon Jan 3.
    assert reasons[d("2028-01-03")].substitute_for == d("2028-01-01")


def test_calendar_of_an_unloaded_year_follows_the_law():
    cal = Calendar()
    assert cal.is_workday(d("2027-01-01")) is False
    assert cal.is_workday(d("2027-02-09")) is False  # 补假
    assert cal.is_workday(d("2027-02-11")) is True
    assert cal.is_workday(d("2027-02-06")) is False  # a Saturday: no make-up days in a provisional year
    assert cal.is_provisional(d("2027-01-01")) is True
