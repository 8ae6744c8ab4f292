"""The poor-interaction veto's source (RULES §5.1): the messages a site's consultation column
received. Monitoring has no messages of its own; the app that hosts them registers a check here
from its AppConfig.ready() (zwgk.participation), so monitoring never imports it.

A check is `check(site, today) -> Verdict | None`, None when it knows nothing of the site.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol


class Verdict(Protocol):
    @property
    def veto(self) -> bool: ...

    def as_json(self) -> dict[str, Any]: ...


Check = Callable[[Any, date], Verdict | None]
_CHECKS: list[Check] = []


def register(check: Check) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def verdicts(site: Any, today: date) -> list[Verdict]:
    return [v for v in (check(site, today) for check in _CHECKS) if v is not None]
