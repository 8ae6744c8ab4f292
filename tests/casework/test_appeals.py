"""Appeals: the timeline records dates and results; the record adds body, case number, documents;
the supervising office sees every appeal under it with its result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.casework.steps import D, close, new_case, step
from zwgk.casework import appeals
from zwgk.core.errors import Conflict, NotPermitted
from zwgk.foi.models import ApplicationEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def refused(dalian_office, handler):
    case = new_case(dalian_office, handler)
    close(case, "2026-03-20", "3.3.6")
    return case


def test_reconsideration_then_litigation_with_details_and_results(
    refused, handler, supervisor, other_handler
):
    record = appeals.appeal_file(
        actor=handler,
        application_id=refused.pk,
        kind="reconsideration",
        on=D("2026-04-10"),
        body_name="大连市人民政府",
        case_number="大政复〔2026〕15号",
        today=D("2026-04-10"),
    )
    assert record.filed_event.type == "reconsideration_filed" and record.filed_event.on == D("2026-04-10")
    appeals.appeal_decide(
        actor=handler,
        filed_event_id=record.filed_event_id,
        on=D("2026-06-01"),
        result="upheld",
        today=D("2026-06-01"),
    )
    lawsuit = appeals.appeal_file(
        actor=handler,
        application_id=refused.pk,
        kind="litigation",
        on=D("2026-06-10"),
        after_reconsideration=True,
        body_name="大连市中山区人民法院",
        case_number="（2026）辽0202行初88号",
        today=D("2026-06-10"),
    )
    appeals.appeal_add_document(
        actor=handler,
        filed_event_id=lawsuit.filed_event_id,
        label="起诉状",
        upload=SimpleUploadedFile("起诉状-张明.pdf", PDF, content_type="application/pdf"),
    )
    rows = appeals.appeal_rows(supervisor)
    assert [(r.kind_label, r.result_label, r.record.case_number) for r in rows] == [
        ("行政诉讼（复议后）", "尚未审结", "（2026）辽0202行初88号"),
        ("行政复议", "维持", "大政复〔2026〕15号"),
    ]
    counts = appeals.appeal_counts(rows)
    assert counts["reconsideration"]["upheld"] == 1
    assert counts["litigation_after_reconsideration"]["pending"] == 1
    assert rows[0].record.documents.get().file.name.split("/")[-1].startswith("appeal-")  # no name in storage
    assert appeals.appeal_rows(other_handler) == []


def test_the_state_table_still_decides(refused, handler):
    with pytest.raises(Conflict):  # litigation "after reconsideration" without one
        appeals.appeal_file(
            actor=handler,
            application_id=refused.pk,
            kind="litigation",
            on=D("2026-04-10"),
            after_reconsideration=True,
            body_name="法院",
            today=D("2026-04-10"),
        )


def test_appeals_recorded_on_the_case_page_get_their_details_later(refused, handler, supervisor):
    step(refused, handler, "reconsideration_filed", "2026-04-10")
    event = ApplicationEvent.objects.get(type="reconsideration_filed")
    (row,) = appeals.appeal_rows(supervisor)
    assert row.record is None and row.result == "pending"
    with pytest.raises(NotPermitted):
        appeals.appeal_update(
            actor=supervisor, filed_event_id=event.pk, body_name="x", case_number="", note=""
        )
    appeals.appeal_update(
        actor=handler, filed_event_id=event.pk, body_name="大连市人民政府", case_number="9", note=""
    )
    (row,) = appeals.appeal_rows(supervisor, result="pending")
    assert row.record.body_name == "大连市人民政府"
