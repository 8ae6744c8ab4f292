"""The back office: an editor drafts and submits, the reviewer signs off from the review queue,
the portal serves the answer; hotline staff propose from a call; the statistics page."""

import pytest
from django.urls import reverse

from zwgk.knowledge.models import Entry, EntryState
from zwgk.review.models import ReviewRequest

pytestmark = pytest.mark.django_db


def test_draft_submit_sign_off_and_the_portal_serves_it(client, editor, reviewer, agency, policy):
    client.force_login(editor)
    page = client.get(reverse("backoffice:knowledge_entries"))
    assert "新建问答" in page.content.decode()
    response = client.post(
        reverse("backoffice:knowledge_entry_new"),
        {
            "organization": "dl-sfj",
            "question": "法律援助经济困难标准是多少？",
            "answer": "家庭人均月收入低于本市最低工资标准。",
            "tags": "法律援助、经济困难",
            "source_kind": "document",
            "source_id": policy.pk,
        },
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and entry.tags == ["法律援助", "经济困难"]
    client.post(reverse("backoffice:knowledge_entry_action", args=[entry.pk, "submit"]), {"note": "请审签"})
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED
    assert "没有找到包含“法律援助”的问答" in client.get("/qa/", {"q": "法律援助"}).content.decode()

    client.force_login(reviewer)
    queue = client.get(reverse("backoffice:review_queue")).content.decode()
    assert reverse("backoffice:knowledge_entry", args=[entry.pk]) in queue and "问答发布" in queue
    req = ReviewRequest.objects.get(kind="knowledge.publish")
    client.post(
        reverse("backoffice:review_decide", args=[req.pk]), {"decision": "approve", "comment": "同意"}
    )
    entry.refresh_from_db()
    assert entry.state == EntryState.PUBLISHED
    portal = client.get("/qa/", {"q": "经济困难 标准"}).content.decode()
    assert "共1条问答" in portal and "<mark>经济困难标准</mark>" in portal  # adjacent terms: one mark

    detail = client.get(reverse("backoffice:knowledge_entry", args=[entry.pk])).content.decode()
    assert "对外提供的答复" in detail and "撤下" in detail


def test_hotline_staff_propose_through_the_form_and_see_only_their_proposals(
    client, hotline_staff, agency, editor
):
    client.force_login(hotline_staff)
    assert client.get(reverse("backoffice:knowledge_entry_new")).status_code == 403
    response = client.post(
        reverse("backoffice:knowledge_call_new"),
        {
            "organization": "dl-sfj",
            "question": "公证要带什么？",
            "answer": "身份证件。",
            "call_reference": "8890-3",
        },
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and entry.state == EntryState.SUBMITTED
    assert entry.source_kind == "hotline_call" and entry.created_by == hotline_staff
    listing = client.get(reverse("backoffice:knowledge_entries")).content.decode()
    assert "公证要带什么？" in listing
    assert client.get(reverse("backoffice:knowledge_entry", args=[entry.pk])).status_code == 200
    assert (
        client.post(reverse("backoffice:knowledge_entry", args=[entry.pk]), {"action": "save"}).status_code
        == 403
    )


def test_statistics_page(client, editor, agency):
    client.get("/qa/", {"q": "落户", "organization": "dl-sfj"})
    client.force_login(editor)
    page = client.get(reverse("backoffice:knowledge_statistics")).content.decode()
    assert page.count("落户") == 2  # asked most, and never answered


def test_the_list_flags_entries_whose_source_no_longer_stands(
    client, editor, admin_user, agency, policy, publish_entry
):
    from datetime import date

    from zwgk.catalog.services import document_record_lifecycle

    gone = publish_entry(agency, "经济困难标准是多少？", "见标准。", "document", policy.pk)
    kept = publish_entry(agency, "法援热线？", "12348。", "hotline_call")
    document_record_lifecycle(actor=admin_user, document_id=policy.pk, kind="repealed", on=date(2026, 5, 6))
    client.force_login(editor)
    everything = client.get(reverse("backoffice:knowledge_entries")).content.decode()
    assert "来源已失效" in everything and "法援热线？" in everything
    expired = client.get(reverse("backoffice:knowledge_entries"), {"expired": "1"}).content.decode()
    assert gone.question in expired and kept.question not in expired
