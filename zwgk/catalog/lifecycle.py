"""Validity derived from the lifecycle history (立改废, RULES §3.3). Pure: no Django imports.

Precedence: a repeal ends a document for good; expiry ends it; an amendment keeps it in force
in amended form. Events dated after `today` have not happened yet (a repeal decided now that
takes effect next month); events without a date count as having happened (imported history).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

IN_FORCE, AMENDED, REPEALED, EXPIRED = "in_force", "amended", "repealed", "expired"
_RANK = {AMENDED: 1, EXPIRED: 2, REPEALED: 3}
_VALIDITY_OF_EVENT = {"amended": AMENDED, "repealed": REPEALED, "expired": EXPIRED}


def derive_validity(events: Iterable[tuple[str, date | None]], *, today: date) -> str:
    """The validity after `events` (kind, effective date) as of `today`."""
    best = IN_FORCE
    for kind, on in events:
        if on is not None and on > today:
            continue
        validity = _VALIDITY_OF_EVENT[kind]
        if _RANK[validity] > _RANK.get(best, 0):
            best = validity
    return best


def next_change_on(events: Iterable[tuple[str, date | None]], *, today: date) -> date | None:
    """The first future date on which the derived validity may change (for the daily refresh)."""
    future = [on for _, on in events if on is not None and on > today]
    return min(future) if future else None
