"""Which stored appeal event belongs to which appeal, for readers of the stored timeline.

The fold (`fold._apply_appeal`) keeps at most one pending appeal per group (reconsideration,
litigation), so an acceptance, extension or decision belongs to the latest filed appeal of its
group not yet decided. Readers that see only the appeal events (the annual report, the appeals
list) pair them here, with that same rule, instead of replaying whole timelines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zwgk.foi.domain.states.table import EventType

_E = EventType
APPEAL_EVENT_TYPES = frozenset(
    {
        _E.RECONSIDERATION_FILED,
        _E.RECONSIDERATION_ACCEPTED,
        _E.RECONSIDERATION_EXTENDED,
        _E.RECONSIDERATION_DECIDED,
        _E.LITIGATION_FILED,
        _E.LITIGATION_DECIDED,
    }
)
_GROUP = {
    _E.RECONSIDERATION_FILED: "reconsideration",
    _E.RECONSIDERATION_ACCEPTED: "reconsideration",
    _E.RECONSIDERATION_EXTENDED: "reconsideration",
    _E.RECONSIDERATION_DECIDED: "reconsideration",
    _E.LITIGATION_FILED: "litigation",
    _E.LITIGATION_DECIDED: "litigation",
}


@dataclass(kw_only=True, slots=True)
class AppealEvents:
    """Positions, in the sequence given to `pair_appeal_events`, of one appeal's events."""

    group: str
    filed: int
    accepted: int | None = None
    extended: int | None = None
    decided: int | None = None


def pair_appeal_events(types: Sequence[EventType | str]) -> list[AppealEvents]:
    """One entry per filed appeal, in filing order; other event types are skipped."""
    appeals: list[AppealEvents] = []
    for i, raw in enumerate(types):
        t = EventType(raw)
        group = _GROUP.get(t)
        if group is None:
            continue
        if t in (_E.RECONSIDERATION_FILED, _E.LITIGATION_FILED):
            appeals.append(AppealEvents(group=group, filed=i))
            continue
        target = next((a for a in reversed(appeals) if a.group == group and a.decided is None), None)
        if target is None:
            continue  # never stored by the service; a reader reports what is there
        if t is _E.RECONSIDERATION_ACCEPTED:
            target.accepted = i
        elif t is _E.RECONSIDERATION_EXTENDED:
            target.extended = i
        else:
            target.decided = i
    return appeals
