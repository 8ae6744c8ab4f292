"""Driving a case through its steps, with the letter each step produces.

The applications service calls `letter_for_event` for every appended step event (its
EVENT_APPENDED_HOOKS), so appending an event is all a step takes.
"""

from __future__ import annotations

from datetime import date

from tests.foi.factories import ApplicantFactory, RequestFactory, ev
from zwgk.casework.models import Letter
from zwgk.foi import services

D = date.fromisoformat


def new_case(org, actor, *, received_on="2026-03-02", applicant=None, request=None):
    return services.application_register(
        actor=actor,
        organization=org,
        applicant=applicant or ApplicantFactory(name="张明", address="辽宁省大连市沙河口区西安路88号"),
        request=request or RequestFactory(),
        channel="in_person",
        received_on=D(received_on),
        today=D(received_on),
        check_permission=False,
    )


def step(case, actor, type_, on, **fields):
    """Append one event through the applications service; returns the letter the step produced."""
    appended = services.application_append_event(
        actor=actor, application_id=case.pk, event=ev(type_, on, **fields), today=D(on)
    )
    return Letter.objects.filter(event=appended.event).first()


def signer(org):
    """A handler who also holds the agency's 审签人 post: under the default chain their reply
    letter is signed off at once, so their `replied` event closes the case (decision 0016)."""
    from django.contrib.auth import get_user_model

    from tests.factories import UserFactory, grant

    username = f"{org.code}_signer"
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = UserFactory(username=username)
        grant(user, org, "handler")
        grant(user, org, "reviewer")
    return user


def close(case, on, outcome, **fields):
    """Close the case with an issued reply (its letter signed off at once by `signer`)."""
    return step(case, signer(case.organization), "replied", on, outcome=outcome, **fields)


def reply(case, actor, on, outcome, *, today=None):
    """Record the reply (issue 19 item 10): issued at once or sent for sign-off; its letter."""
    from zwgk.casework.replies import reply_record

    return reply_record(
        actor=actor, application_id=case.pk, outcome=outcome, on=D(on), today=D(today or on)
    ).letter
