"""The official schedules the chinese-calendar package records: seed data only (RULES §1).

No Django imports: the seed migrations read it too. The years are the package's, not a range
typed here, so upgrading the package seeds the years it adds.
"""

from __future__ import annotations

import chinese_calendar

from zwgk.core.workdays import YearSchedule


def packaged_years() -> list[int]:
    """Every year the installed package has a schedule for (1.11: 2004–2026)."""
    return sorted({d.year for d in chinese_calendar.holidays})


def packaged_schedule(year: int) -> YearSchedule:
    """The year's schedule; ValueError for a year the package does not cover, never an empty
    year (an older package has no 2026 and would make 2026 look like a year without holidays)."""
    holidays = frozenset(d for d in chinese_calendar.holidays if d.year == year)
    if not holidays:
        raise ValueError(f"chinese-calendar 没有 {year} 年的数据")
    makeup = frozenset(d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5)
    return YearSchedule(year=year, holidays=holidays, makeup_days=makeup)


def schedule_rows(year: int) -> dict[str, list[str]]:
    """The year as CalendarYear stores it (ISO strings), for migrations."""
    schedule = packaged_schedule(year)
    return {
        "holidays": sorted(d.isoformat() for d in schedule.holidays),
        "makeup_days": sorted(d.isoformat() for d in schedule.makeup_days),
    }
