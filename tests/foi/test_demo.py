"""The demo applications: every state and outcome, the hard calendar cases, idempotent."""

from io import StringIO

import pytest

from zwgk.core.demo import AUTHORED_ON, demo_day
from zwgk.foi import demo
from zwgk.foi.domain.outcomes import ANNUAL_REPORT_ROWS
from zwgk.foi.domain.states import State
from zwgk.foi.models import Application, ApplicationEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    from zwgk.organizations import demo as organizations_demo

    # As written: the calendar cases cross Spring Festival and National Day 2026 on this day.
    with demo_day(AUTHORED_ON):
        organizations_demo.load(stdout=StringIO())
        demo.load(stdout=StringIO())


def test_demo_covers_every_state_and_outcome_and_is_idempotent(loaded):
    count = Application.objects.count()
    events = ApplicationEvent.objects.count()
    assert count >= 40
    with demo_day(AUTHORED_ON):
        demo.load(stdout=StringIO())
    assert (Application.objects.count(), ApplicationEvent.objects.count()) == (count, events)
    assert set(Application.objects.values_list("state", flat=True)) == {s.value for s in State}
    assert set(Application.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(
        ANNUAL_REPORT_ROWS
    )


def test_demo_has_the_calendar_cases_and_the_queues(loaded):
    from datetime import date

    today = AUTHORED_ON
    assert Application.objects.overdue(on=today).count() >= 3
    assert Application.objects.filter(due_provisional=True).exists()
    assert Application.objects.filter(received_on=date(2026, 9, 24)).exists()  # across National Day
    assert Application.objects.filter(received_on=date(2026, 2, 5)).exists()  # across Spring Festival
    assert ApplicationEvent.objects.filter(type="consultation_started").count() >= 4
    assert ApplicationEvent.objects.filter(type="fee_notice_sent").count() >= 3
    assert ApplicationEvent.objects.filter(type="reconsideration_filed").count() >= 2
    assert ApplicationEvent.objects.filter(type="litigation_filed").exists()
    same = Application.objects.filter(title=demo.GROUP_TITLE)
    assert same.values("applicant_key").distinct().count() >= 4
    assert Application.objects.filter(handler__username="handler").exists()
