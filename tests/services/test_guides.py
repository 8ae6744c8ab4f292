"""A guide goes from draft through the one review engine to the portal, versioned, and is
flagged when a key element is missing (RULES §5.1)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from tests.services.factories import guide_input, published_guide
from zwgk.core.errors import Conflict, NotPermitted
from zwgk.core.models import AuditEntry
from zwgk.core.todos import sections_for
from zwgk.review.models import ReviewRequest, ReviewState
from zwgk.review.services import review_approve, review_return
from zwgk.services import guides
from zwgk.services.completeness import missing_elements
from zwgk.services.models import GuideState, KeyElement


@pytest.mark.parametrize(
    ("changes", "materials", "missing"),
    [
        ({}, 1, []),
        ({"name": ""}, 1, [KeyElement.NAME]),
        ({"legal_basis": " "}, 1, [KeyElement.BASIS]),
        ({"conditions": ""}, 1, [KeyElement.CONDITIONS]),
        ({}, 0, [KeyElement.MATERIALS]),
        ({"window_address": "", "online_url": ""}, 1, [KeyElement.PLACE]),
        # Wholly online: no window, so no opening hours needed.
        ({"window_address": "", "office_hours": ""}, 1, []),
        ({"office_hours": ""}, 1, [KeyElement.TIME]),
        ({"promised_limit": None, "statutory_limit": None}, 1, [KeyElement.TIME]),
        ({"promised_limit": None}, 1, []),
        ({"contact_phone": ""}, 1, [KeyElement.PHONE]),
        ({"procedure": ""}, 1, [KeyElement.PROCEDURE]),
    ],
)
def test_missing_elements(changes, materials, missing):
    assert missing_elements(replace(guide_input(), **changes), materials=materials) == missing


def test_draft_review_portal(client, api_client, agency, other_agency, editor, reviewer):
    version = guides.guide_create(actor=editor, organization=agency, item_code="SFJ-001", data=guide_input())
    guide = version.guide
    assert version.state == GuideState.DRAFT and version.complete
    assert client.get(reverse("portal:service_guide", args=[guide.pk])).status_code == 404
    assert api_client().get(f"/api/v1/guides/{guide.pk}").status_code == 404

    guides.guide_submit(actor=editor, pk=guide.pk)
    req = ReviewRequest.objects.for_target(version).get()
    assert req.kind == guides.REVIEW_KIND and req.state == ReviewState.PENDING
    with pytest.raises(NotPermitted):  # the engine's rule: nobody signs their own draft
        review_approve(actor=editor, request_id=req.pk)
    review_approve(actor=reviewer, request_id=req.pk)
    guide.refresh_from_db()
    assert guide.published_id == version.pk

    page = client.get(reverse("portal:service_guide", args=[guide.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "法律援助申请" in text and "0411-12348" in text and "法律援助申请表" in text

    body = api_client().get(f"/api/v1/guides/{guide.pk}").json()
    assert body["item_code"] == "SFJ-001" and body["organization"] == "dl-sfj"
    assert body["complete"] is True and body["missing"] == []
    assert body["procedure"] == ["申请", "受理", "审查", "决定"]
    assert body["materials"][1]["template_url"] == "https://zwfw.example.test/t.docx"
    listing = api_client().get("/api/v1/guides", organization="dl-sfj").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == guide.pk
    assert api_client().get("/api/v1/guides", organization="dl-mzj").json()["count"] == 0
    assert AuditEntry.objects.filter(verb="services.guide.publish", target_id=str(guide.pk)).exists()


def test_new_version_replaces_published_only_when_approved(client, agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-002")
    first = guide.published
    draft = guides.guide_save_draft(actor=editor, pk=guide.pk, data=guide_input(name="法律援助申请（修订）"))
    assert draft.number == 2 and draft.state == GuideState.DRAFT
    guide.refresh_from_db()
    assert guide.published_id == first.pk  # the portal keeps version 1 meanwhile
    assert "修订" not in client.get(guide.get_absolute_url()).content.decode()

    guides.guide_submit(actor=editor, pk=guide.pk)
    with pytest.raises(Conflict):  # a version in review is not edited under the reviewer
        guides.guide_save_draft(actor=editor, pk=guide.pk, data=guide_input())
    req = ReviewRequest.objects.for_target(draft).get(state=ReviewState.PENDING)
    review_return(actor=reviewer, request_id=req.pk, comment="依据写全称")
    draft.refresh_from_db()
    assert draft.state == GuideState.DRAFT
    guides.guide_submit(actor=editor, pk=guide.pk)
    review_approve(actor=reviewer, request_id=ReviewRequest.objects.for_target(draft).get(state="pending").pk)
    guide.refresh_from_db()
    first.refresh_from_db()
    assert guide.published_id == draft.pk and first.state == GuideState.SUPERSEDED
    assert "修订" in client.get(guide.get_absolute_url()).content.decode()


def test_incomplete_guide_flagged_for_supervising_office(
    client, api_client, make_staff, city, agency, editor, reviewer
):
    guide = published_guide(agency, editor, reviewer, "SFJ-003", contact_phone="")
    body = api_client().get(f"/api/v1/guides/{guide.pk}").json()
    assert body["complete"] is False and body["missing"] == ["phone"]
    assert "本指南尚缺：电话" in client.get(guide.get_absolute_url()).content.decode()

    supervisor = make_staff(city, "supervisor")
    sections = sections_for(supervisor, {"supervisor"}, today=guide.published.created_at.date())
    entries = [e for s in sections if s.provider.code == "services.incomplete_guides" for e in s.entries]
    assert [(e.title, e.count) for e in entries] == [("办事指南要素缺失：市司法局", 1)]
    client.force_login(supervisor)
    listing = client.get(reverse("backoffice:services_guides") + "?incomplete=1")
    assert listing.status_code == 200 and "SFJ-003" in listing.content.decode()

    # A complete new version clears the flag once approved.
    guides.guide_save_draft(actor=editor, pk=guide.pk, data=guide_input())
    published_before = guide.published_id
    guides.guide_submit(actor=editor, pk=guide.pk)
    req = ReviewRequest.objects.get(kind=guides.REVIEW_KIND, state=ReviewState.PENDING)
    review_approve(actor=reviewer, request_id=req.pk)
    guide.refresh_from_db()
    assert guide.published_id != published_before and guide.published.complete
    assert not guides.incomplete_published(supervisor).exists()


def test_submit_through_back_office_lists_in_review_queue(client, agency, editor, reviewer):
    version = guides.guide_create(actor=editor, organization=agency, item_code="SFJ-004", data=guide_input())
    client.force_login(editor)
    response = client.post(reverse("backoffice:services_guide_submit", args=[version.guide_id]))
    assert response.status_code == 302
    client.force_login(reviewer)
    queue = client.get(reverse("backoffice:review_queue")).content.decode()
    assert reverse("backoffice:services_version", args=[version.pk]) in queue
    page = client.get(reverse("backoffice:services_version", args=[version.pk]), follow=True)
    assert "审签通过" in page.content.decode()


def test_other_agency_cannot_edit(make_staff, agency, other_agency, editor):
    version = guides.guide_create(actor=editor, organization=agency, item_code="SFJ-005", data=guide_input())
    stranger = make_staff(other_agency, "editor")
    with pytest.raises(NotPermitted):
        guides.guide_create(actor=stranger, organization=agency, item_code="SFJ-006", data=guide_input())
    with pytest.raises(Exception):  # noqa: B017 - not even visible: DoesNotExist
        guides.guide_save_draft(actor=stranger, pk=version.guide_id, data=guide_input())


def test_staff_api_create_update_submit(api_client, agency, editor):
    api = api_client(editor)
    created = api.post(
        "/api/v1/staff/guides",
        {"organization": "dl-sfj", "item_code": "SFJ-API", "name": "公证", "materials": [{"name": "身份证"}]},
    )
    assert created.status_code == 201
    body = created.json()
    assert body["complete"] is False and "basis" in body["missing"] and "materials" not in body["missing"]
    data = guide_input()
    update = {
        "name": "公证",
        "legal_basis": data.legal_basis,
        "conditions": data.conditions,
        "procedure": data.procedure,
        "promised_limit": 5,
        "window_address": data.window_address,
        "office_hours": data.office_hours,
        "contact_phone": data.contact_phone,
        "materials": [{"name": "身份证", "shared_code": "id_card"}],
    }
    updated = api.put(f"/api/v1/staff/guides/{body['id']}", update)
    assert updated.status_code == 200 and updated.json()["complete"] is True
    submitted = api.post(f"/api/v1/staff/guides/{body['id']}/submit", {"note": "请审"})
    assert submitted.status_code == 200 and submitted.json()["state"] == "in_review"
    again = api.post(f"/api/v1/staff/guides/{body['id']}/submit")
    assert again.status_code == 409


def test_public_search(client, api_client, agency, editor, reviewer):
    published_guide(agency, editor, reviewer, "SFJ-010", name="法律援助申请")
    published_guide(agency, editor, reviewer, "SFJ-011", name="公证机构执业许可")
    found = api_client().get("/api/v1/guides", q="公证").json()
    assert [r["item_code"] for r in found["results"]] == ["SFJ-011"]
    assert api_client().get("/api/v1/guides", q="SFJ-010").json()["count"] == 1
    page = client.get(reverse("portal:service_guides"), {"q": "执业许可"}).content.decode()
    assert "公证机构执业许可" in page and "法律援助申请" not in page
    assert api_client().get("/api/v1/guides", organization="nowhere").status_code == 400


def test_back_office_form_new_and_edit(client, agency, editor):
    client.force_login(editor)
    form = {
        "organization": "dl-sfj",
        "item_code": "SFJ-FORM",
        "name": "法律援助申请",
        "legal_basis": "《法律援助法》",
        "conditions": "经济困难",
        "materials": "居民身份证|id_card|原件|1\n法律援助申请表||原件|2|https://zwfw.example.test/t.docx",
        "procedure": "申请\n受理",
        "promised_limit": "5",
        "limit_unit": "workdays",
        "window_address": "1号窗口",
        "office_hours": "工作日",
        "contact_phone": "",
        "faq": "可以委托吗？|可以",
    }
    response = client.post(reverse("backoffice:services_guide_new"), form)
    assert response.status_code == 302
    guide = guides.guides_for(editor).get(item_code="SFJ-FORM")
    version = guides.open_version(guide)
    assert version.missing == ["phone"] and version.faq == [{"question": "可以委托吗？", "answer": "可以"}]
    materials = list(version.materials.values_list("name", "shared_code", "copies", "template_url"))
    assert materials == [
        ("居民身份证", "id_card", 1, ""),
        ("法律援助申请表", "", 2, "https://zwfw.example.test/t.docx"),
    ]

    edit_url = reverse("backoffice:services_guide_edit", args=[guide.pk])
    page = client.get(edit_url).content.decode()
    assert "居民身份证|id_card|原件|1" in page
    form.pop("organization"), form.pop("item_code")
    bad = client.post(edit_url, {**form, "materials": "|id_card"})
    assert bad.status_code == 200 and "第1行缺少材料名称" in bad.content.decode()
    assert client.post(edit_url, {**form, "contact_phone": "0411-12348"}).status_code == 302
    version.refresh_from_db()
    assert version.complete and version.number == 1


def test_published_guides_in_the_sitemap(client, agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-MAP")
    guides.guide_create(actor=editor, organization=agency, item_code="SFJ-DRAFT", data=guide_input())
    assert "/sitemap-guides.xml" in client.get("/sitemap.xml").content.decode()
    body = client.get("/sitemap-guides.xml").content.decode()
    assert guide.get_absolute_url() in body and body.count("<url>") == 1
