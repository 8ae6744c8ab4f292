"""The demo's participation data: loaded after every other app's, dated from the demo day,
idempotent, and showing each kind of message the worker and the workbench deal with."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from zwgk.participation.models import (
    Consultation,
    ConsultationState,
    Interview,
    MajorDecision,
    Meeting,
    Message,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_part_and_loads_twice_without_duplicates():
    call_command("load_demo", "--today", "2026-12-07", stdout=StringIO())
    counts = [m.objects.count() for m in (Message, Consultation, Meeting, Interview, MajorDecision)]
    call_command("load_demo", "--today", "2026-12-07", stdout=StringIO())
    assert [m.objects.count() for m in (Message, Consultation, Meeting, Interview, MajorDecision)] == counts
    today = date(2026, 12, 7)
    states = {(m.state, m.state == "pending" and m.due_on < today) for m in Message.objects.all()}
    assert states == {
        ("answered", False),
        ("pending", True),
        ("pending", False),
    }  # answered, overdue, pending
    reported = Consultation.objects.get(state=ConsultationState.REPORTED)
    assert reported.final_document is not None and reported.comments.exclude(adoption="").count() == 3
    assert Consultation.objects.filter(state=ConsultationState.OPEN).exists()
    assert Interview.objects.get().transcript_published_on == today
    assert MajorDecision.objects.filter(year=2026).count() == 3
    first_come, lottery = Meeting.objects.order_by("selection")
    assert lottery.registrations.count() == 3
    # A full first-come meeting: one withdrew, the first on the wait list took the seat.
    states = list(first_come.registrations.order_by("submitted_at").values_list("state", flat=True))
    assert states == ["withdrawn", "selected", "selected", "waitlisted"]
    interview = Interview.objects.get()
    assert interview.live_ended_at is not None and interview.questions.filter(live=True).count() == 1
