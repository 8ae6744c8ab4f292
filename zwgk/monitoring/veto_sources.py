"""Vetoes judged from what other apps hold (RULES §5.1): the poor-interaction veto from the
messages the platform hosts (zwgk.participation), the service-guide veto from its guides
(zwgk.services). Monitoring owns the vetoes and this registry; the owning app registers its
source from its AppConfig.ready(), so monitoring never imports it.

A source is `source(site, today) -> SourceVerdict | None` (None: it knows nothing of the
site). A verdict names the vetoes it finds and, optionally, the facts behind them, which the
round keeps in `details["sources"][key]` for its page (decision 0037: one mechanism, the one
that keeps the facts, since a veto nobody can explain gets disputed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zwgk.monitoring.checks import Veto


@dataclass(frozen=True)
class SourceVerdict:
    vetoes: frozenset[Veto] = frozenset()
    # JSON-ready facts shown with the round (what was counted, what failed); empty: nothing kept.
    details: Mapping[str, Any] = field(default_factory=dict)


Source = Callable[[Any, date], SourceVerdict | None]
_SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Idempotent by key: a second ready() (tests, reloads) replaces, never doubles."""
    _SOURCES[key] = source


def registered() -> Mapping[str, Source]:
    return dict(_SOURCES)


@dataclass(frozen=True)
class Judged:
    vetoes: frozenset[Veto]
    details: dict[str, Any]  # source key -> its facts


def judge(site: Any, today: date) -> Judged:
    vetoes: set[Veto] = set()
    details: dict[str, Any] = {}
    for key, source in _SOURCES.items():
        verdict = source(site, today)
        if verdict is None:
            continue
        vetoes |= verdict.vetoes
        if verdict.details:
            details[key] = dict(verdict.details)
    return Judged(vetoes=frozenset(vetoes), details=details)
