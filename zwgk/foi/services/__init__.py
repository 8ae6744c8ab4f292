"""Every change to an application for disclosure, one service each (RULES §2, API.md).

- `application_submit`: the public form; stored before anything else happens.
- `application_register`: staff register one received by any channel (Art. 31), back-dated or
  imported with its past events.
- `application_confirm`: an online submission becomes a case (`registered`, Art. 31).
- `application_append_event`: the one way to add to a timeline; every other service that adds
  an event goes through `_append`, which it wraps.
- `application_assign_handler`, `applications_recompute_deadlines` (a calendar year changed).

The domain's refusals (`EventNotAllowed` → 409, `InvalidEvent` → 400) become the core errors
with the same codes, so the API, the pages and commands report them alike.

The modules: `inputs` (what is handed in, and its cleaning), `storage` (a new case row, its
files, the notice after commit), `timeline` (the one append and the derivation), `intake`
(submission, registration, confirmation, assignment) and `deadlines` (calendar changes and the
daily refresh).
"""

from zwgk.foi.services.deadlines import applications_recompute_deadlines, applications_refresh_derived
from zwgk.foi.services.inputs import (
    NOT_APPLICATION_TARGETS,
    ApplicantData,
    NewEvent,
    RequestData,
    applicant_key,
    delivery_problems,
)
from zwgk.foi.services.inputs import _clean_applicant as _clean_applicant  # tested directly
from zwgk.foi.services.intake import (
    EARLIEST_RECEIPT,
    application_assign_handler,
    application_confirm,
    application_register,
    application_submit,
)
from zwgk.foi.services.timeline import (
    APPEAL_RESULTS,
    CONSULTATION_KINDS,
    DERIVED_FIELDS,
    EVENT_APPENDED_HOOKS,
    Appended,
    application_append_event,
    fee_amount,
    items_counted_before,
)

__all__ = [
    "APPEAL_RESULTS",
    "CONSULTATION_KINDS",
    "DERIVED_FIELDS",
    "EARLIEST_RECEIPT",
    "EVENT_APPENDED_HOOKS",
    "NOT_APPLICATION_TARGETS",
    "Appended",
    "ApplicantData",
    "NewEvent",
    "RequestData",
    "applicant_key",
    "application_append_event",
    "application_assign_handler",
    "application_confirm",
    "application_register",
    "application_submit",
    "applications_recompute_deadlines",
    "applications_refresh_derived",
    "delivery_problems",
    "fee_amount",
    "items_counted_before",
]
