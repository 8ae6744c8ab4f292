"""Issue 20 item 10: the demo is dated from the day `load-demo` runs. Loaded on another day, no
case is more overdue than written, nothing is dated after that day, and last year's annual report
was published before its 31 January deadline; the demo has no near-duplicate items, and the
search page's hint finds something in it."""

from __future__ import annotations

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from zwgk.catalog.demo import title_key
from zwgk.catalog.models import Document
from zwgk.core.calendars import calendar_current
from zwgk.foi.domain.states import OPEN_STATES
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.reports.models import PublishedReport

pytestmark = pytest.mark.django_db

# As written (2026-11-27) the most overdue open case is 14 working days past its deadline;
# moved by working days (zwgk.core.demo.shifted) it stays exactly that far.
MOST_OVERDUE_WORKDAYS = 14


def _check_dates(today: date) -> None:
    cal = calendar_current()
    open_cases = Application.objects.filter(state__in=[s.value for s in OPEN_STATES])
    overdue = [cal.workdays_between(a.due_on, today) for a in open_cases.filter(due_on__lt=today)]
    assert overdue, "the demo shows overdue cases"
    assert max(overdue) <= MOST_OVERDUE_WORKDAYS
    assert Application.objects.aggregate(m=Max("received_on"))["m"] <= today
    assert ApplicationEvent.objects.aggregate(m=Max("on"))["m"] <= today
    assert Document.objects.published().aggregate(m=Max("published_on"))["m"] <= today
    report = PublishedReport.objects.get(organization__code="dl-sfj")
    assert report.year == today.year - 1
    published_on = timezone.localdate(report.published_at)
    assert published_on <= date(today.year, 1, 31) and published_on < today


@pytest.mark.parametrize("today", ["2026-02-10", "2027-01-25"])
def test_loaded_on_another_day_the_demo_is_dated_from_it(today, monkeypatch):
    day = date.fromisoformat(today)
    # Loaded on that day: the services' own "not after today" checks see it too (Django's
    # localdate() and localtime() read timezone.now).
    loaded_at = timezone.make_aware(datetime.combine(day, time(10, 0)))
    monkeypatch.setattr(timezone, "now", lambda: loaded_at)
    call_command("load_demo", today=day, stdout=StringIO())
    _check_dates(day)


def test_loaded_today_no_items_read_alike_and_the_search_hint_finds_something(client):
    call_command("load_demo", stdout=StringIO())
    _check_dates(timezone.localdate())

    titles = list(Document.objects.values_list("organization_id", "title"))
    keys = [(org, title_key(t)) for org, t in titles]
    assert len(set(keys)) == len(keys), "near-duplicate titles in the demo catalogue"

    page = client.get("/search/", {"q": "没有这样的文件名称xyz"})
    example = page.context["doc_no_example"]
    assert example and example in page.content.decode()
    found = client.get("/search/", {"q": example}).context["result"]
    assert found.count > 0
