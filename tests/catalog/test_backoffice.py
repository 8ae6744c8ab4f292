import io
from datetime import date

import pytest

from tests.backoffice import NAV_TODO_QUERIES
from tests.catalog.factories import document_input, genre, published
from zwgk.catalog.models import Document
from zwgk.catalog.services import document_create_draft, document_submit
from zwgk.review.models import ReviewRequest

pytestmark = pytest.mark.django_db


def test_editor_creates_a_draft_and_uploads_an_attachment(client, editor, agency):
    client.force_login(editor)
    page = client.get("/staff/catalog/documents/new/")
    assert page.status_code == 200 and "发文字号" in page.content.decode()
    response = client.post(
        "/staff/catalog/documents/new/",
        {
            "organization": agency.pk,
            "title": "大连市司法局关于开展法治宣传月活动的通知",
            "kind": "other",
            "disclosure_method": "proactive",
            "summary": "部署法治宣传月活动。",
            "body": "<p>正文</p>",
            "keywords": "普法，宣传",
        },
    )
    doc = Document.objects.get()
    assert response.status_code == 302 and doc.keywords == ["普法", "宣传"]
    upload = io.BytesIO(b"%PDF-1.4\n%%EOF")
    upload.name = "活动方案.pdf"
    client.post(f"/staff/catalog/documents/{doc.pk}/attachments/", {"file": upload})
    assert doc.attachments.get().original_name == "活动方案.pdf"
    detail = client.get(f"/staff/catalog/documents/{doc.pk}/").content.decode()
    assert "活动方案.pdf" in detail and "报送审签" in detail and "审签并发布" not in detail


def test_other_agencys_editor_gets_404(client, editor, agency, other_agency, make_staff):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    client.force_login(make_staff(other_agency, "editor"))
    assert client.get(f"/staff/catalog/documents/{doc.pk}/").status_code == 404
    assert client.get(f"/staff/catalog/documents/{doc.pk}/edit/").status_code == 404


def test_the_edit_page_is_refused_to_staff_the_save_would_refuse(client, editor, agency, make_staff):
    """The agency's handler sees the draft, but only editors and reviewers get its edit form."""
    doc = document_create_draft(actor=editor, data=document_input(agency))
    client.force_login(make_staff(agency, "handler", username="sfj_handler"))
    assert client.get(f"/staff/catalog/documents/{doc.pk}/").status_code == 200
    assert client.get(f"/staff/catalog/documents/{doc.pk}/edit/").status_code == 403
    client.force_login(editor)
    assert client.get(f"/staff/catalog/documents/{doc.pk}/edit/").status_code == 200


def test_reviewer_approves_from_the_queue(client, editor, reviewer, agency):
    doc = document_create_draft(actor=editor, data=document_input(agency))
    req = document_submit(actor=editor, document_id=doc.pk)
    client.force_login(reviewer)
    queue = client.get("/staff/catalog/review/").content.decode()
    assert doc.title in queue and "信息发布" in queue
    client.post(f"/staff/catalog/review/{req.pk}/decide/", {"decision": "approve", "comment": "同意"})
    doc.refresh_from_db()
    assert doc.state == "published" and ReviewRequest.objects.get(pk=req.pk).state == "approved"


def test_document_list_query_count(client, editor, agency, django_assert_max_num_queries):
    for i in range(20):
        published(agency, on=date(2026, 3, 5), title=f"通知{i}")
    client.force_login(editor)
    client.get("/staff/catalog/documents/")  # warm the session and menus
    # The list's own queries plus the navigation's to-do counts (a fixed budget, tests/backoffice).
    with django_assert_max_num_queries(3 + NAV_TODO_QUERIES):
        page = client.get("/staff/catalog/documents/?state=published")
    assert page.content.decode().count("通知1") >= 1


def test_compliance_page_for_the_supervising_office(client, supervisor, editor, agency):
    published(agency, on=date(2026, 3, 5), kind="policy", genre=genre("yijian"), title="缺解读的实施意见")
    client.force_login(supervisor)
    page = client.get("/staff/catalog/compliance/?year=2026").content.decode()
    assert "政策文件未发布解读" in page and "缺解读的实施意见" in page
    client.force_login(editor)
    assert client.get("/staff/catalog/compliance/").status_code == 403
