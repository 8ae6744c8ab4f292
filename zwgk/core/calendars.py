"""The holiday calendar as stored data: load, edit, read (RULES §1).

Changing a year sends `calendar_changed` inside the transaction: apps whose deadlines depend on
the calendar (applications for disclosure) mark what waits for a recompute, so the change
commits at once. Then `calendar_committed`, after the commit: they recompute, in batches of
their own transactions, and the caller returns when all are done (decision 0030).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import django.dispatch
from django.core.cache import cache
from django.db import connection, transaction

from zwgk.core import audit
from zwgk.core.errors import ValidationFailed
from zwgk.core.holiday_law import law_days_off
from zwgk.core.models import CalendarYear
from zwgk.core.packaged_schedules import packaged_schedule, packaged_years
from zwgk.core.workdays import Calendar, YearSchedule

calendar_changed = django.dispatch.Signal()  # kwargs: year, actor; inside the transaction
calendar_committed = django.dispatch.Signal()  # kwargs: year, actor; after it

_VERSION_KEY = "zwgk:calendar:version"
# "uncommitted": this process changed a year in a transaction that has not committed yet.
_local: dict[str, Any] = {"version": None, "calendar": None, "uncommitted": False}


def _schedule(row: CalendarYear) -> YearSchedule:
    return YearSchedule(
        year=row.year,
        holidays=frozenset(date.fromisoformat(d) for d in row.holidays),
        makeup_days=frozenset(date.fromisoformat(d) for d in row.makeup_days),
    )


def _load() -> Calendar:
    return Calendar.from_years(_schedule(r) for r in CalendarYear.objects.all())


def calendar_current() -> Calendar:
    """The calendar of every loaded year, cached per process until any year changes."""
    if _local["uncommitted"]:
        if connection.in_atomic_block:
            # Only this transaction sees its change; cached, it would outlive a rollback.
            return _load()
        _local["uncommitted"] = False  # rolled back: a commit clears it first
    version = cache.get(_VERSION_KEY)
    if version is None:
        # Never set or evicted: start a new number (never an old one, which a process may still
        # hold a calendar for), else every call reloads every year (load-demo: 740 times).
        cache.add(_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(_VERSION_KEY)
    if _local["calendar"] is None or _local["version"] != version or version is None:
        _local["calendar"] = _load()
        _local["version"] = version
    return _local["calendar"]


def _changed(*, committed: bool) -> None:
    """A year changed: every process reloads. Bumped again on commit, since other processes
    may have reloaded in between and read the old years."""
    _local["calendar"] = None
    _local["uncommitted"] = not committed
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, time.time_ns(), timeout=None)


def parse_schedule(year: int, holidays: Iterable[str], makeup_days: Iterable[str]) -> YearSchedule:
    errors: dict[str, str] = {}
    parsed: dict[str, frozenset[date]] = {}
    for name, values in (("holidays", holidays), ("workdays", makeup_days)):
        try:
            parsed[name] = frozenset(date.fromisoformat(str(v)) for v in values)
        except ValueError as exc:
            errors[name] = f"日期格式应为 YYYY-MM-DD：{exc}"
    if errors:
        raise ValidationFailed("节假日安排格式不正确。", fields=errors)
    try:
        return YearSchedule(year=year, holidays=parsed["holidays"], makeup_days=parsed["workdays"])
    except ValueError as exc:
        raise ValidationFailed(f"节假日安排不成立：{exc}") from exc


def calendar_year_replace(*, actor: Any, schedule: YearSchedule, source: str = "") -> CalendarYear:
    """Replace one year's schedule; every open deadline depending on it is recomputed."""
    if not 2000 <= schedule.year <= 2100:
        raise ValidationFailed("年份超出范围。", fields={"year": "2000–2100"})
    if not schedule.holidays:
        # RULES §1: every year has 元旦 at least; an empty year is missing data, never "loaded"
        # (the database refuses it too: core_calendaryear_has_holidays).
        raise ValidationFailed(
            f"{schedule.year} 年没有任何放假日期，不能作为已公布的安排载入。",
            fields={"holidays": "至少应有一个放假日期"},
        )
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=schedule.year).first()
        before = {"holidays": row.holidays, "workdays": row.makeup_days} if row is not None else None
        if row is None:
            row = CalendarYear(year=schedule.year)
        row.holidays = sorted(d.isoformat() for d in schedule.holidays)
        row.makeup_days = sorted(d.isoformat() for d in schedule.makeup_days)
        row.source = source[:200]
        row.save()
        audit.record(
            actor=actor,
            verb="calendar.replace",
            target=row,
            before=before,
            after={"holidays": row.holidays, "workdays": row.makeup_days},
        )
        _changed(committed=False)
        calendar_changed.send(sender=CalendarYear, year=schedule.year, actor=actor)
        transaction.on_commit(lambda: _changed(committed=True))
    calendar_committed.send(sender=CalendarYear, year=schedule.year, actor=actor)
    return row


def calendar_recompute(*, actor: Any, years: Iterable[int]) -> None:
    """Recompute every open deadline depending on `years` without changing them: after an
    upgrade that changed how a year is counted (decision 0012: provisional years follow the
    law, no longer weekends only), so stored deadlines are not left as they were counted."""
    years = list(years)
    with transaction.atomic():
        for year in years:
            audit.record(actor=actor, verb="calendar.recompute", data={"year": year})
            calendar_changed.send(sender=CalendarYear, year=year, actor=actor)
    for year in years:
        calendar_committed.send(sender=CalendarYear, year=year, actor=actor)


def calendar_year_as_json(year: int) -> dict[str, Any]:
    """The API's answer (API.md "Calendar"). A year with no loaded schedule answers its
    provisional calendar: the law's weekdays off, no make-up days (RULES §1)."""
    row = CalendarYear.objects.filter(year=year).first()
    if row is None:
        weekdays_off = [x.day.isoformat() for x in law_days_off(year) if x.day.weekday() < 5]
        return {"year": year, "holidays": weekdays_off, "workdays": [], "provisional": True}
    return {"year": year, "holidays": row.holidays, "workdays": row.makeup_days, "provisional": False}


def calendar_provisional_days(year: int) -> list[dict[str, Any]]:
    """For the back office: each day off of a provisional year and why, e.g. "元旦（法定，暂定）",
    "补假（劳动节 5月1日，暂定）"; weekend ones too, since they explain the substitutes."""
    return [
        {
            "on": x.day,
            "reason": x.reason.replace("）", "，暂定）"),
            "substitute": x.is_substitute,
            "weekend": x.day.weekday() >= 5,
        }
        for x in law_days_off(year)
    ]


def calendar_first_day() -> date | None:
    """The first day of the earliest loaded year: receipt dates before it are refused (RULES §1)."""
    first = CalendarYear.objects.order_by("year").values_list("year", flat=True).first()
    return date(first, 1, 1) if first is not None else None


def seed_schedule(year: int) -> YearSchedule:
    """The year's schedule from the chinese-calendar package (seed data only, RULES §1)."""
    try:
        return packaged_schedule(year)
    except ValueError as exc:
        raise ValidationFailed(f"{exc}。") from exc


def calendar_seed(*, actor: Any, years: Iterable[int] | None = None, only_missing: bool = True) -> list[int]:
    """Load the package's years (all of them unless `years` says which)."""
    years = packaged_years() if years is None else years
    loaded = []
    existing = set(CalendarYear.objects.values_list("year", flat=True))
    for year in years:
        if only_missing and year in existing:
            continue
        calendar_year_replace(actor=actor, schedule=seed_schedule(year), source="chinese-calendar")
        loaded.append(year)
    return loaded


def read_schedule_file(path: Path) -> YearSchedule:
    """A JSON file {"year": 2027, "holidays": [...], "workdays": [...]} as the API takes it."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationFailed(f"无法读取文件：{exc}") from exc
    if not isinstance(payload, dict) or "year" not in payload:
        raise ValidationFailed('文件应为 {"year": …, "holidays": […], "workdays": […]}。')
    return parse_schedule(int(payload["year"]), payload.get("holidays", []), payload.get("workdays", []))
