"""The official 2025 and 2026 schedules exactly as RULES §1 states them, for table tests."""

from datetime import date, timedelta

from zwgk.core.workdays import Calendar, YearSchedule


def _span(first: str, last: str) -> set[date]:
    d, end = date.fromisoformat(first), date.fromisoformat(last)
    out = set()
    while d <= end:
        out.add(d)
        d += timedelta(days=1)
    return out


def _days(*isos: str) -> set[date]:
    return {date.fromisoformat(s) for s in isos}


SCHEDULE_2025 = YearSchedule(
    year=2025,
    holidays=frozenset(
        _days("2025-01-01")
        | _span("2025-01-28", "2025-02-04")
        | _span("2025-04-04", "2025-04-06")
        | _span("2025-05-01", "2025-05-05")
        | _span("2025-05-31", "2025-06-02")
        | _span("2025-10-01", "2025-10-08")
    ),
    makeup_days=frozenset(_days("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11")),
)

SCHEDULE_2026 = YearSchedule(
    year=2026,
    holidays=frozenset(
        _span("2026-01-01", "2026-01-03")
        | _span("2026-02-15", "2026-02-23")
        | _span("2026-04-04", "2026-04-06")
        | _span("2026-05-01", "2026-05-05")
        | _span("2026-06-19", "2026-06-21")
        | _span("2026-09-25", "2026-09-27")
        | _span("2026-10-01", "2026-10-07")
    ),
    makeup_days=frozenset(
        _days("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")
    ),
)


def calendar_2025_2026() -> Calendar:
    return Calendar.from_years([SCHEDULE_2025, SCHEDULE_2026])
