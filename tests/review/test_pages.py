"""Sign-off in the back office (decision 0016), as people click through it: an office head sets
a two-step chain with a 保密审查 step for normative documents; the editor drafts and submits;
the 科室负责人 approves from the queue; the 保密审查员 records the result; the item is
published; the item page and the audit log show the chain and every decision."""

import pytest

from tests.catalog.factories import genre
from zwgk.catalog.models import Document
from zwgk.core.models import AuditEntry
from zwgk.review.models import ReviewRequest, SignoffChain

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff, agency):
    return {
        "head": make_staff(agency, "principal", username="sfj_jz"),
        "editor": make_staff(agency, "editor", "section_head", username="sfj_editor"),
        "section_head": make_staff(agency, "section_head", username="sfj_kz"),
        "secrecy": make_staff(agency, "secrecy_reviewer", username="sfj_bm"),
    }


def _decide(client, req, decision, **fields):
    return client.post(
        f"/staff/catalog/review/{req.pk}/decide/",
        {"decision": decision, "next": f"/staff/catalog/documents/{req.object_id}/", **fields},
    )


def test_a_two_step_chain_with_secrecy_review_end_to_end(client, staff, agency):
    # 1. The agency head sets the chain in the back office.
    client.force_login(staff["head"])
    assert 'href="/staff/signoff/chains/"' in client.get("/staff/").content.decode()
    page = client.get("/staff/signoff/chains/")
    assert page.status_code == 200 and "审签流程设置" in page.content.decode()
    assert "全部机构（默认流程）" not in page.content.decode()  # the platform default is the admins'
    response = client.post(
        "/staff/signoff/chains/",
        {
            "organization": str(agency.pk),
            "kind": "catalog.publish",
            "subkind": "normative",
            "role_1": "section_head",
            "label_1": "科室负责人审核",
            "role_2": "secrecy_reviewer",
            "label_2": "保密审查",
        },
    )
    assert response.status_code == 302
    chain = SignoffChain.objects.get()
    assert [(s.role, s.label) for s in chain.steps.all()] == [
        ("section_head", "科室负责人审核"),
        ("secrecy_reviewer", "保密审查"),
    ]
    listing = client.get("/staff/signoff/chains/").content.decode()
    assert "科室负责人审核（科室负责人）" in listing and "保密审查（保密审查员）" in listing

    # 2. The editor (who is also a 科室负责人) drafts a normative document and submits it.
    client.force_login(staff["editor"])
    client.post(
        "/staff/catalog/documents/new/",
        {
            "organization": agency.pk,
            "title": "大连市司法局关于规范行政执法公示工作的通知",
            "kind": "normative",
            "genre": genre().pk,
            "disclosure_method": "proactive",
            "summary": "规范行政执法公示。",
            "body": "<p>各区市县司法局：现就规范行政执法公示工作通知如下。</p>",
            "keywords": "行政执法",
        },
    )
    doc = Document.objects.get()
    assert client.post(f"/staff/catalog/documents/{doc.pk}/submit/").status_code == 302
    req = ReviewRequest.objects.get()
    # Their own draft is not in their queue, and deciding it is refused.
    assert "规范行政执法公示" not in client.get("/staff/catalog/review/").content.decode()
    _decide(client, req, "approve")
    req.refresh_from_db()
    assert req.current_position == 1

    # 3. Another 科室负责人 approves step 1 from the queue (the menu leads there).
    client.force_login(staff["section_head"])
    assert 'href="/staff/catalog/review/"' in client.get("/staff/").content.decode()
    queue = client.get("/staff/catalog/review/").content.decode()
    assert "规范行政执法公示" in queue and "科室负责人审核" in queue
    assert _decide(client, req, "approve", comment="内容准确").status_code == 302
    req.refresh_from_db()
    assert req.current_role == "secrecy_reviewer"

    # 4. The 保密审查员 must give a result; with it, the item is published.
    client.force_login(staff["secrecy"])
    item_page = client.get(f"/staff/catalog/documents/{doc.pk}/").content.decode()
    assert "审签：保密审查" in item_page and "不涉及国家秘密和工作秘密，可以公开" in item_page
    _decide(client, req, "approve")
    doc.refresh_from_db()
    assert doc.state == "submitted"
    _decide(client, req, "approve", secrecy_result="not_secret", comment="经审查不涉密")
    doc.refresh_from_db()
    assert doc.state == "published"

    # 5. The item page shows the chain and every decision; so does the audit log.
    item_page = client.get(f"/staff/catalog/documents/{doc.pk}/").content.decode()
    kz, bm = staff["section_head"].get_full_name(), staff["secrecy"].get_full_name()
    for text in ("科室负责人审核", kz, "内容准确", "保密审查", bm, "经审查不涉密", "已审签"):
        assert text in item_page, text
    assert "保密审查结论：不涉及国家秘密和工作秘密，可以公开" in item_page
    decisions = AuditEntry.objects.filter(verb="review.approve").order_by("id")
    assert [(e.actor_name, e.data["label"]) for e in decisions] == [
        ("sfj_kz", "科室负责人审核"),
        ("sfj_bm", "保密审查"),
    ]


def test_an_editor_cannot_open_the_chain_settings(client, editor):
    client.force_login(editor)
    assert client.get("/staff/signoff/chains/").status_code == 403


def test_an_administrator_sets_the_platform_default_and_removes_it(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/staff/signoff/chains/",
        {"organization": "", "kind": "foi.letter", "subkind": "reply", "role_1": "principal", "label_1": ""},
    )
    assert response.status_code == 302
    chain = SignoffChain.objects.get()
    assert chain.organization is None and chain.steps.get().label == "主要负责人"
    client.post(f"/staff/signoff/chains/{chain.pk}/delete/")
    assert not SignoffChain.objects.exists()
    assert AuditEntry.objects.filter(verb="review.chain.delete").exists()
