"""Availability of the home page from repeated probes (RULES §5.1, 国办秘函〔2019〕19号).

Probed at least 20 times a day for a week; a probe fails if the home page has not opened after
15 seconds; 5% or more failed probes over the week is a single-item veto.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PROBE_TIMEOUT_MS = 15_000  # 国办秘函〔2019〕19号: "15秒内打不开"
MIN_PROBES_PER_DAY = 20  # 国办秘函〔2019〕19号
VETO_FAILURE_PERCENT = 5  # 国办秘函〔2019〕19号: ≥ 5% failed probes over the week
WINDOW_DAYS = 7


@dataclass(frozen=True)
class Probe:
    at: datetime  # local (Asia/Shanghai) time: it decides which day the probe counts for
    ok: bool
    ms: float | None = None


def probe_failed(probe: Probe) -> bool:
    return not probe.ok or probe.ms is None or probe.ms > PROBE_TIMEOUT_MS


@dataclass(frozen=True)
class AvailabilityReport:
    first_day: date
    last_day: date
    probes: int
    failures: int
    failure_rate: float | None
    under_sampled_days: tuple[date, ...]  # days with fewer than MIN_PROBES_PER_DAY probes
    veto: bool

    @property
    def complete(self) -> bool:
        """Whether the sampling meets the rule; a veto found on fewer probes still stands."""
        return not self.under_sampled_days


def availability(probes: Iterable[Probe], *, last_day: date, days: int = WINDOW_DAYS) -> AvailabilityReport:
    """Failure rate over the `days` days ending with `last_day` (inclusive)."""
    first_day = last_day - timedelta(days=days - 1)
    per_day: Counter[date] = Counter()
    total = failed = 0
    for probe in probes:
        day = probe.at.date()
        if not first_day <= day <= last_day:
            continue
        per_day[day] += 1
        total += 1
        failed += probe_failed(probe)
    under = tuple(
        first_day + timedelta(days=i)
        for i in range(days)
        if per_day[first_day + timedelta(days=i)] < MIN_PROBES_PER_DAY
    )
    rate = failed / total if total else None
    # Integer arithmetic: 1 failure in 20 probes is exactly 5% and must veto.
    veto = total > 0 and failed * 100 >= VETO_FAILURE_PERCENT * total
    return AvailabilityReport(first_day, last_day, total, failed, rate, under, veto)
