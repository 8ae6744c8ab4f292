"""The life of an application for disclosure: states, events and the one table between them.

Pure package: no Django imports, no calendar. A case is an append-only timeline of events
(API.md "Applications"); everything else is folded from it here: the state, the outcome, the
consultations and fee notices, the appeals. Rules that need working days (an extension only
before the deadline, a correction request within 7 working days, closing as abandoned only
after the applicant's period) live in `clock.py`, whose `check_event` is the one check the
service runs before appending.

Three layers, each raising `EventNotAllowed` (HTTP 409) or `InvalidEvent` (HTTP 400):
- `check_allowed(state, event)`: the table `ALLOWED` alone (what the workbench offers);
- `apply(progress, event)`: the table, the payload, and the rules that need history (one
  correction, one extension, consultation ids, the order of appeals, dates in order);
- `clock.check_event(cal, events, event)`: all of the above plus the calendar rules.

Modules: `table` (the states, the events, `ALLOWED` and `check_allowed`), `errors` (the
refusals and their messages), `records` (what the timeline holds and what is folded from it),
`fold` (`apply`, `replay` and what the workbench may offer), `append_checks` (rules a new event
must pass that stored timelines are not held to: the order of RULES §2.7 item 6, the
prerequisites of 3.3.4, 3.5.4 and of disclosing over an objection). Import from the package.
"""

from zwgk.foi.domain.states.append_checks import check_new_event, check_order
from zwgk.foi.domain.states.errors import MESSAGES, EventNotAllowed, EventOutOfOrder, FoiError, InvalidEvent
from zwgk.foi.domain.states.fold import apply, available_events, check_transition, derive_state, replay
from zwgk.foi.domain.states.pairing import APPEAL_EVENT_TYPES, AppealEvents, pair_appeal_events
from zwgk.foi.domain.states.records import (
    SAME_DAY_CHANNELS,
    Appeal,
    AppealKind,
    AppealResult,
    Consultation,
    Delivery,
    DeliveryChannel,
    DeliveryState,
    EventRecord,
    FeeNotice,
    NoticeKind,
    Progress,
    ReconsiderationProcedure,
    Rereply,
)
from zwgk.foi.domain.states.table import (
    ALLOWED,
    EVENT_LABELS,
    FIRST_EVENTS,
    OPEN_STATES,
    STATE_LABELS,
    EventType,
    State,
    check_allowed,
)

__all__ = [
    "ALLOWED",
    "APPEAL_EVENT_TYPES",
    "EVENT_LABELS",
    "FIRST_EVENTS",
    "MESSAGES",
    "OPEN_STATES",
    "SAME_DAY_CHANNELS",
    "STATE_LABELS",
    "Appeal",
    "AppealEvents",
    "AppealKind",
    "AppealResult",
    "Consultation",
    "Delivery",
    "DeliveryChannel",
    "DeliveryState",
    "EventNotAllowed",
    "EventOutOfOrder",
    "EventRecord",
    "EventType",
    "FeeNotice",
    "FoiError",
    "InvalidEvent",
    "NoticeKind",
    "Progress",
    "ReconsiderationProcedure",
    "Rereply",
    "State",
    "apply",
    "available_events",
    "check_allowed",
    "check_new_event",
    "check_order",
    "check_transition",
    "derive_state",
    "pair_appeal_events",
    "replay",
]
