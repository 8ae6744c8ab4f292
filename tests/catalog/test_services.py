from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.catalog.factories import document_input, genre, published
from zwgk.catalog.models import Art20Category, Column, ColumnPlacement, Document
from zwgk.catalog.services import (
    column_place,
    column_remove,
    document_create_draft,
    document_publish,
    document_publish_due,
    document_submit,
    document_update_draft,
    document_withdraw,
)
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_approve, review_return

pytestmark = pytest.mark.django_db


def test_draft_body_is_sanitised(editor, agency):
    body = '<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x">链接</a>'
    doc = document_create_draft(actor=editor, data=document_input(agency, body=body))
    assert "script" not in doc.body and "onclick" not in doc.body and "javascript" not in doc.body
    assert "<p>正文</p>" in doc.body


def test_summary_over_100_characters_is_refused(editor, agency):
    with pytest.raises(ValidationFailed) as exc:
        document_create_draft(actor=editor, data=document_input(agency, summary="字" * 101))
    assert "summary" in exc.value.fields


def test_editor_of_another_agency_cannot_create_or_see(editor, agency, other_agency, make_staff):
    with pytest.raises(NotPermitted):
        document_create_draft(actor=editor, data=document_input(other_agency))
    stranger = make_staff(other_agency, "editor")
    doc = document_create_draft(actor=editor, data=document_input(agency))
    with pytest.raises(Document.DoesNotExist):
        document_update_draft(actor=stranger, document_id=doc.pk, data=document_input(agency, title="改"))


def test_editor_publish_goes_to_review_and_approval_publishes(search_index, editor, reviewer, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    doc = document_publish(actor=editor, document_id=doc.pk)
    assert doc.state == "submitted" and doc.index_no is None
    req = ReviewRequest.objects.for_target(doc).get()
    review_approve(actor=reviewer, request_id=req.pk, comment="同意发布")
    doc.refresh_from_db()
    assert doc.state == "published"
    assert doc.index_no == f"dl-sfj/{timezone.localdate().year}-00001"
    assert doc.published_on == timezone.localdate()
    assert search_index[doc.pk].title == doc.title
    assert "行政执法公示" in search_index[doc.pk].body_text
    verbs = set(
        AuditEntry.objects.filter(target_id=str(doc.pk), target_type="catalog.document").values_list(
            "verb", flat=True
        )
    )
    assert {"document.create", "document.submit", "document.approve", "document.publish"} <= verbs


def test_reviewer_publishes_directly_with_a_sign_off_on_record(editor, reviewer, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    doc = document_publish(actor=reviewer, document_id=doc.pk)
    assert doc.state == "published"
    req = ReviewRequest.objects.for_target(doc).get()
    assert (req.state, req.decided_by) == ("approved", reviewer)


def test_returned_draft_can_be_edited_and_resubmitted(editor, reviewer, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    req = document_submit(actor=editor, document_id=doc.pk)
    with pytest.raises(Conflict):
        document_update_draft(actor=editor, document_id=doc.pk, data=document_input(agency, title="改"))
    review_return(actor=reviewer, request_id=req.pk, comment="请补充附件")
    doc = document_update_draft(actor=editor, document_id=doc.pk, data=document_input(agency, title="新标题"))
    assert (doc.state, doc.title) == ("returned", "新标题")
    document_submit(actor=editor, document_id=doc.pk)
    assert Document.objects.get(pk=doc.pk).state == "submitted"


def test_scheduled_publication_waits_for_its_time(search_index, editor, reviewer, agency):
    when = timezone.now() + timedelta(hours=2)
    doc = document_create_draft(actor=editor, data=document_input(agency))
    doc = document_publish(actor=reviewer, document_id=doc.pk, publish_at=when)
    assert doc.state == "scheduled" and doc.index_no is None
    assert document_publish_due(now=timezone.now()) == []
    assert document_publish_due(now=when + timedelta(minutes=1)) == [doc.pk]
    doc.refresh_from_db()
    assert doc.state == "published" and doc.index_no and doc.pk in search_index


def test_withdraw_removes_from_index_and_keeps_the_number(search_index, editor, reviewer, agency):
    draft = document_create_draft(actor=editor, data=document_input(agency))
    doc = document_publish(actor=reviewer, document_id=draft.pk)
    number = doc.index_no
    with pytest.raises(ValidationFailed):
        document_withdraw(actor=reviewer, document_id=doc.pk, reason="")
    doc = document_withdraw(actor=reviewer, document_id=doc.pk, reason="内容有误")
    assert doc.state == "withdrawn" and doc.pk not in search_index
    doc = document_publish(actor=reviewer, document_id=doc.pk)
    assert doc.state == "published" and doc.index_no == number


def test_editor_cannot_withdraw(editor, agency):
    doc = published(agency, on=date(2026, 3, 5))
    with pytest.raises(NotPermitted):
        document_withdraw(actor=editor, document_id=doc.pk, reason="x")


def test_correcting_a_published_item_needs_a_reviewer_and_reindexes(search_index, editor, reviewer, agency):
    doc = published(agency, on=date(2026, 3, 5))
    with pytest.raises(NotPermitted):
        document_update_draft(actor=editor, document_id=doc.pk, data=document_input(agency, title="更正"))
    document_update_draft(
        actor=reviewer, document_id=doc.pk, data=document_input(agency, title="更正后的标题")
    )
    assert search_index[doc.pk].title == "更正后的标题"


def test_columns_chosen_on_a_draft_are_placed_on_publication(search_index, editor, reviewer, agency):
    topic = Column.objects.get(code="topic.liuwen-liubao")
    doc = document_create_draft(actor=editor, data=document_input(agency, columns=[topic]))
    assert ColumnPlacement.objects.get(document=doc).placed_on is None
    doc = document_publish(actor=reviewer, document_id=doc.pk)
    assert ColumnPlacement.objects.get(document=doc, column=topic).placed_on == doc.published_on
    assert "topic.liuwen-liubao" in search_index[doc.pk].columns


def test_publication_places_the_item_in_its_statutory_column(agency):
    doc = published(agency, on=date(2026, 3, 5), art20_categories=[Art20Category.objects.get(code="20.1")])
    assert list(doc.columns.values_list("code", flat=True)) == ["dl-sfj.statutory.20.1"]


def test_one_item_in_several_columns_and_removal(editor, agency):
    doc = published(agency, on=date(2026, 3, 5))
    own = Column.objects.create(code="dl-sfj.fzzf", name="法治政府建设", organization=agency)
    topic = Column.objects.get(code="topic.yingshang")
    column_place(actor=editor, column_id=own.pk, document_id=doc.pk, on=date(2026, 3, 6))
    column_place(actor=editor, column_id=topic.pk, document_id=doc.pk)
    assert doc.columns.count() == 2 and Document.objects.count() == 1
    with pytest.raises(Conflict):
        column_place(actor=editor, column_id=own.pk, document_id=doc.pk)
    column_remove(actor=editor, column_id=own.pk, document_id=doc.pk)
    assert list(doc.columns.all()) == [topic]


def test_columns_of_another_agency_are_refused(editor, agency, other_agency):
    doc = published(agency, on=date(2026, 3, 5))
    theirs = Column.objects.create(code="dl-mzj.own", name="民政专栏", organization=other_agency)
    with pytest.raises(ValidationFailed):
        column_place(actor=editor, column_id=theirs.pk, document_id=doc.pk)


def test_interpretation_link_through_the_input(editor, agency):
    policy = published(agency, on=date(2026, 3, 5), genre=genre("yijian"), kind="policy")
    interp = document_create_draft(
        actor=editor,
        data=document_input(agency, title="《意见》解读", interprets=policy, interpretation_form="qa"),
    )
    assert (interp.kind, interp.interprets, interp.interpretation_form) == ("interpretation", policy, "qa")
