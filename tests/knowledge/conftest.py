from datetime import date

import pytest

from tests.catalog.factories import published
from zwgk.knowledge.services import EntryInput, entry_create, entry_submit
from zwgk.review.services import review_approve


@pytest.fixture
def hotline_staff(make_staff, city):
    """A 8890 hotline operator: the role held at the city government, no other post."""
    return make_staff(city, "hotline", username="rx_8890")


@pytest.fixture
def policy(agency):
    return published(
        agency,
        on=date(2026, 3, 2),
        kind="normative",
        title="大连市司法局关于印发《大连市法律援助经济困难标准》的通知",
        doc_no="大司发〔2026〕12号",
    )


@pytest.fixture
def publish_entry(editor, reviewer):
    """publish_entry(org, question, answer, kind, source_id, tags=…) → an entry signed off by the
    agency's reviewer through the review engine, as in production."""

    def make(org, question, answer, kind, source_id=None, tags=(), reference=""):
        entry = entry_create(
            actor=editor,
            data=EntryInput(
                organization=org,
                question=question,
                answer=answer,
                source_kind=kind,
                source_id=source_id,
                source_reference=reference,
                tags=list(tags),
            ),
        )
        req = entry_submit(actor=editor, entry_id=entry.pk)
        review_approve(actor=reviewer, request_id=req.pk)
        entry.refresh_from_db()
        return entry

    return make
