"""A configurable scoring scheme: deductions from a full score, with single-item vetoes.

Pure module: no Django imports. Website inspection scores by deductions from 100, fails at 60 or
below, and has single-item vetoes (RULES §5.1); the national deduction table is not verified, so
indicators, weights and thresholds are data, not code. The same engine serves the supervising
office's assessment of agencies (RULES §6: disclosure work is part of performance assessment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from types import MappingProxyType
from typing import Final, Literal

# The indicator is met when the measured value is ≥, >, ≤ or < its threshold.
Comparison = Literal["at_least", "above", "at_most", "below"]
_WORDS: Final[Mapping[Comparison, str]] = MappingProxyType(
    {"at_least": "不低于", "above": "高于", "at_most": "不高于", "below": "低于"}
)


def _decimal(value: float | Decimal, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{what}: expected a number, got {value!r}")
    # Through str, so that a measured ratio of 0.9 is exactly 0.9, not its binary neighbour.
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{what}: expected a finite number, got {value!r}")
    return number


def _plain(number: Decimal) -> str:
    """1.0 → "1", 100 → "100" (not "1E+2"), 0.855 → "0.855"."""
    return f"{number.normalize():f}"


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One line of a scoring table.

    `weight` is the most the indicator can cost. Missing the threshold costs `per_step` points
    for every `step` (begun) by which the value misses it, capped at `weight`; with no
    `per_step`, the whole weight at once. A `veto` indicator (单项否决) fails the assessment
    whatever the score.
    """

    code: str
    name: str
    threshold: Decimal
    comparison: Comparison = "at_least"
    weight: Decimal
    per_step: Decimal | None = None
    step: Decimal = Decimal(1)
    veto: bool = False

    def __post_init__(self) -> None:
        if self.comparison not in _WORDS:
            raise ValueError(f"{self.code}: unknown comparison {self.comparison!r}")
        if self.weight < 0 or self.step <= 0 or (self.per_step is not None and self.per_step < 0):
            raise ValueError(f"{self.code}: weight and per_step must be ≥ 0, step > 0")

    def is_met(self, value: Decimal) -> bool:
        match self.comparison:
            case "at_least":
                return value >= self.threshold
            case "above":
                return value > self.threshold
            case "at_most":
                return value <= self.threshold
            case "below":
                return value < self.threshold

    def deduction(self, value: Decimal) -> Decimal:
        if self.is_met(value):
            return Decimal(0)
        if self.per_step is None:
            return self.weight
        # At least one step: a strict threshold missed exactly has a zero shortfall.
        steps = max(Decimal(1), (abs(value - self.threshold) / self.step).to_integral_value(ROUND_CEILING))
        return min(self.weight, steps * self.per_step)


@dataclass(frozen=True)
class Deduction:
    indicator: str
    name: str
    measured: Decimal
    threshold: Decimal
    comparison: Comparison
    points: Decimal
    veto: bool
    evidence: tuple[str, ...]  # as passed in: URLs, case refs, … that show the shortfall

    @property
    def message(self) -> str:
        verdict = "单项否决" if self.veto else f"扣 {_plain(self.points)} 分"
        return (
            f"{self.name}：实测 {_plain(self.measured)}，"
            f"要求{_WORDS[self.comparison]} {_plain(self.threshold)}，{verdict}"
        )


@dataclass(frozen=True)
class Assessment:
    score: Decimal
    passed: bool
    deductions: tuple[Deduction, ...]

    @property
    def vetoes(self) -> tuple[Deduction, ...]:
        return tuple(d for d in self.deductions if d.veto)


@dataclass(frozen=True, kw_only=True)
class Scheme:
    """A set of indicators; fails at `fail_at_or_below` or on any veto (RULES §5.1: ≤ 60 fails)."""

    indicators: tuple[Indicator, ...]
    full_score: Decimal = Decimal(100)
    fail_at_or_below: Decimal = Decimal(60)

    def __post_init__(self) -> None:
        codes = [i.code for i in self.indicators]
        if len(set(codes)) != len(codes):
            raise ValueError(f"indicator codes repeat: {codes}")

    def score(
        self,
        measured: Mapping[str, float | Decimal],
        evidence: Mapping[str, Sequence[str]] = MappingProxyType({}),
    ) -> Assessment:
        """Score `measured` (indicator code → value); `evidence` (code → refs) goes with each deduction.

        Every indicator must be measured: an unmeasured one is neither met nor missed, and
        scoring it as either would hide that nobody looked.
        """
        missing = [i.code for i in self.indicators if i.code not in measured]
        if missing:
            raise ValueError(f"not measured: {', '.join(missing)}")
        deductions = []
        for ind in self.indicators:
            value = _decimal(measured[ind.code], ind.code)
            if not ind.is_met(value):
                points = ind.deduction(value)
                refs = evidence.get(ind.code, ())
                refs = (refs,) if isinstance(refs, str) else tuple(refs)  # one bare ref is not its letters
                deductions.append(
                    Deduction(
                        ind.code, ind.name, value, ind.threshold, ind.comparison, points, ind.veto, refs
                    )
                )
        score = max(Decimal(0), self.full_score - sum((d.points for d in deductions), Decimal(0)))
        passed = score > self.fail_at_or_below and not any(d.veto for d in deductions)
        return Assessment(score, passed, tuple(deductions))
