"""The demo's Q&A library and new-media accounts: drawn from the demo catalogue, not filler."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from zwgk.catalog.models import Document, DocumentKind
from zwgk.knowledge.models import Entry, EntryState
from zwgk.knowledge.selectors import public_answers
from zwgk.newmedia.selectors import freshness_report

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_hundred_answers_from_its_interpretations_and_stale_accounts():
    call_command("load_demo", stdout=StringIO())
    published = Entry.objects.filter(state=EntryState.PUBLISHED)
    assert published.count() == 100
    assert Entry.objects.filter(state=EntryState.SUBMITTED).count() == 4  # three drafts, one call
    served = public_answers().answers
    assert len(served) == 100 and all(a.current for a in served)
    for answer in served:
        entry = answer.entry
        source = Document.objects.get(pk=entry.source_id)
        if entry.source_kind == "interpretation":
            assert source.kind == DocumentKind.INTERPRETATION
            policy = source.interprets
        else:
            policy = source
        assert (
            f"《{policy.title.split('《')[-1].split('》')[0]}》" in entry.question
            or policy.title in entry.question
        )
        assert entry.organization_id == policy.organization_id
    assert len({a.entry.source_id for a in served}) > 30  # many documents, not one repeated

    office = get_user_model().objects.get(username="supervisor")
    stale = {s.account.name for s in freshness_report(office, today=timezone.localdate()) if s.veto}
    assert stale == {"大连普法", "大连民政", "大连应急", "金普发布"}
    call_command("load_demo", stdout=StringIO())
    assert Entry.objects.count() == 104
