"""Issue 24 leftovers (decision 0038): withdrawal, guides in the site-wide search, uploaded
templates, on-time by the version in force, and the page cache of the services pages."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.search.conftest import brute_force
from tests.services.factories import guide_input, published_guide
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.review.models import ReviewRequest, ReviewState
from zwgk.review.services import review_approve
from zwgk.search.index import SERVICE_GUIDE, entry_id
from zwgk.search.normalise import parse_query
from zwgk.search.query import matching_ids, search_documents
from zwgk.services import guides, progress
from zwgk.services.guides import MaterialInput
from zwgk.services.material_files import material_file_upload
from zwgk.services.models import CaseMilestone, GuideState, GuideVersion, ProgressCase
from zwgk.services.packages import package_save

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def new_version(guide, editor, reviewer, **changes):
    guides.guide_save_draft(actor=editor, pk=guide.pk, data=guide_input(**changes))
    guides.guide_submit(actor=editor, pk=guide.pk)
    version = guides.open_version(guide)
    req = ReviewRequest.objects.for_target(version).get(state=ReviewState.PENDING)
    review_approve(actor=reviewer, request_id=req.pk)
    guide.refresh_from_db()
    return guide


# --- withdrawal ---------------------------------------------------------------------------------
def test_withdrawal_needs_a_reason_and_a_signer(agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-W1")
    with pytest.raises(ValidationFailed):
        guides.guide_withdraw(actor=reviewer, pk=guide.pk, reason=" ")
    with pytest.raises(NotPermitted):
        guides.guide_withdraw(actor=editor, pk=guide.pk, reason="职能调整")
    guides.guide_withdraw(actor=reviewer, pk=guide.pk, reason="职能调整，划转市行政审批局")
    guide.refresh_from_db()
    assert guide.published is None and guide.withdrawn_reason == "职能调整，划转市行政审批局"
    assert guide.versions.get().state == GuideState.WITHDRAWN
    audit = AuditEntry.objects.get(verb="services.guide.withdraw")
    assert audit.data["reason"] == "职能调整，划转市行政审批局"


def test_a_withdrawn_guide_says_so_and_leaves_lists_and_packages_show_the_gap(
    client, make_staff, agency, other_agency, editor, reviewer
):
    a = published_guide(agency, editor, reviewer, "SFJ-W2", name="法律援助申请")
    b = published_guide(
        other_agency, make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer"), "MZJ-W2",
        name="最低生活保障",
    )  # fmt: skip
    package_save(actor=reviewer, code="aid", name="困难群众一件事", lead=agency, guides=[a, b], public=True)
    list_url, guide_url = reverse("portal:service_guides"), a.get_absolute_url()
    package_url = reverse("portal:service_package", args=["aid"])
    for url in (list_url, guide_url, package_url):  # rendered once: in the page cache now
        assert client.get(url).status_code == 200
    assert "法律援助申请" in client.get(list_url).content.decode()

    guides.guide_withdraw(actor=reviewer, pk=a.pk, reason="职能调整")

    page = client.get(guide_url)
    assert page.status_code == 410
    assert "已停止办理" in page.content.decode() and "职能调整" in page.content.decode()
    assert "法律援助申请" not in client.get(list_url).content.decode()
    body = client.get(package_url).content.decode()
    assert "暂不能办理" in body and "SFJ-W2" in body and "职能调整" in body
    assert "最低生活保障" in body


def test_approving_a_new_version_resumes_a_withdrawn_item(agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-W3")
    guides.guide_withdraw(actor=reviewer, pk=guide.pk, reason="暂停")
    guide = new_version(guide, editor, reviewer, name="法律援助申请（恢复）")
    assert guide.published.name == "法律援助申请（恢复）" and guide.withdrawn_at is None


# --- search -------------------------------------------------------------------------------------
def test_a_published_guide_is_found_by_the_site_search_and_links_to_its_page(agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-S1", name="法律援助申请审批")
    result = search_documents("法律援助申请")
    [hit] = result.hits
    assert hit.kind == SERVICE_GUIDE and hit.url == guide.get_absolute_url()
    assert hit.document_id == entry_id(SERVICE_GUIDE, guide.pk)
    # Filed under 办事指南 in the genre facet, and filtered by it.
    assert ("service_guide", 1) in result.facets["genre"]
    assert result.labels["genre"]["service_guide"] == "办事指南"
    assert search_documents("法律援助申请", genre="service_guide").count == 1
    assert search_documents("SFJ-S1").count == 1  # the item code
    assert search_documents("12348").count == 1  # the phone, in the body


def test_the_api_search_says_which_results_are_guides(agency, editor, reviewer, client):
    guide = published_guide(agency, editor, reviewer, "SFJ-S9", name="法律援助申请审批乙")
    [row] = client.get("/api/v1/documents", {"q": "法律援助申请审批乙"}).json()["results"]
    assert row["kind"] == SERVICE_GUIDE and row["url"].endswith(guide.get_absolute_url())


def test_a_superseded_or_withdrawn_version_leaves_the_index(agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-S2", name="旧版事项名称甲乙")
    new_version(guide, editor, reviewer, name="新版事项名称丙丁")
    assert matching_ids("旧版事项名称甲乙") == set()
    assert matching_ids("新版事项名称丙丁") == {entry_id(SERVICE_GUIDE, guide.pk)}
    guides.guide_withdraw(actor=reviewer, pk=guide.pk, reason="停止")
    assert matching_ids("新版事项名称丙丁") == set()
    assert search_documents("新版事项名称丙丁").hits == []


def test_guide_matching_is_exact_like_the_catalogue(make_staff, agency, other_agency, editor, reviewer):
    """Recall and no false hits against a substring scan of the indexed text (both databases)."""
    published_guide(
        agency, editor, reviewer, "SFJ-X1", name="法律援助申请", conditions="经济困难（低保）家庭。"
    )
    published_guide(
        other_agency, make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer"), "MZJ-X1",
        name="最低生活保障申请", conditions="家庭人均收入低于当地低保标准。",
        materials=[MaterialInput("户口簿", form="原件"), MaterialInput("居民身份证", shared_code="id_card")],
    )  # fmt: skip
    queries = [
        "法律援助",
        "低保",
        "(低保)",
        "申请",
        "户口簿",
        "身份证 家庭",
        "SFJ-X1",
        "mzj-x1",
        "援助 最低",
        "0411",
    ]
    for q in queries:
        terms = parse_query(q).terms
        assert matching_ids(q) == brute_force(terms), q


# --- uploaded templates -------------------------------------------------------------------------
def test_templates_are_checked_uploads_served_once_published(client, agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-F1")
    with pytest.raises(ValidationFailed):
        material_file_upload(
            actor=editor, guide_id=guide.pk, fileobj=io.BytesIO(b"<html>x</html>"), original_name="a.pdf"
        )
    row = material_file_upload(
        actor=editor, guide_id=guide.pk, fileobj=io.BytesIO(PDF), original_name="法律援助申请表.pdf"
    )
    assert row.file_type == "pdf" and "法律援助" not in row.file.name
    url = reverse("portal:service_material_file", args=[row.pk])
    assert client.get(url).status_code == 404  # no published material points at it yet
    materials = [MaterialInput("法律援助申请表", form="原件", template_file=row.pk)]
    guide = new_version(guide, editor, reviewer, materials=materials)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert url in client.get(guide.get_absolute_url()).content.decode()


def test_a_material_may_not_point_at_another_guides_file(agency, editor, reviewer):
    a = published_guide(agency, editor, reviewer, "SFJ-F2")
    b = published_guide(agency, editor, reviewer, "SFJ-F3")
    row = material_file_upload(actor=editor, guide_id=a.pk, fileobj=io.BytesIO(PDF), original_name="x.pdf")
    with pytest.raises(ValidationFailed):
        guides.guide_save_draft(
            actor=editor, pk=b.pk, data=guide_input(materials=[MaterialInput("表", sample_file=row.pk)])
        )


def test_the_back_office_uploads_and_withdraws(client, agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-F4")
    client.force_login(editor)
    upload = SimpleUploadedFile("样表.pdf", PDF, content_type="application/pdf")
    client.post(reverse("backoffice:services_guide_file_upload", args=[guide.pk]), {"file": upload})
    assert guide.files.count() == 1
    assert "文件#" in client.get(reverse("backoffice:services_guide", args=[guide.pk])).content.decode()
    client.force_login(reviewer)
    client.post(reverse("backoffice:services_guide_withdraw", args=[guide.pk]), {"reason": "停办"})
    guide.refresh_from_db()
    assert guide.withdrawn_reason == "停办"


# --- on time by the version in force on acceptance ----------------------------------------------
def test_on_time_uses_the_limit_in_force_when_the_case_was_accepted(agency, editor, reviewer):
    guide = published_guide(
        agency, editor, reviewer, "SFJ-T1", statutory_limit=30, promised_limit=10, limit_unit="days"
    )
    first = guide.published
    GuideVersion.objects.filter(pk=first.pk).update(published_at=datetime(2026, 11, 1, 9, tzinfo=SHANGHAI))
    guide = new_version(guide, editor, reviewer, statutory_limit=30, promised_limit=2, limit_unit="days")
    GuideVersion.objects.filter(pk=guide.published_id).update(
        published_at=datetime(2026, 11, 20, 9, tzinfo=SHANGHAI)
    )
    # Accepted under the 10-day promise, decided on day 8: on time although the limit is now 2.
    old = ProgressCase.objects.create(case_no="T1-A", guide=guide, organization=agency, code_digest="x")
    CaseMilestone.objects.create(case=old, milestone="accepted", on=date(2026, 11, 10))
    CaseMilestone.objects.create(case=old, milestone="decided", on=date(2026, 11, 18))
    # Accepted under the 2-day promise, decided on day 8: late.
    new = ProgressCase.objects.create(case_no="T1-B", guide=guide, organization=agency, code_digest="x")
    CaseMilestone.objects.create(case=new, milestone="accepted", on=date(2026, 11, 21))
    CaseMilestone.objects.create(case=new, milestone="decided", on=date(2026, 11, 29))
    [stats] = progress.on_time_statistics(type(guide).objects.filter(pk=guide.pk), today=date(2026, 12, 7))
    assert (stats.decided, stats.on_time, stats.late) == (2, 1, 1)
    case = ProgressCase.objects.get(case_no="T1-A")
    assert progress.public_answer(case, today=date(2026, 12, 7))["on_time"] is True


def test_a_case_accepted_before_the_first_publication_uses_the_first_version(agency, editor, reviewer):
    guide = published_guide(agency, editor, reviewer, "SFJ-T2", promised_limit=5, limit_unit="days")
    history = progress.versions_by_guide([guide.pk])[guide.pk]
    before = (history[0].published_at - timedelta(days=30)).date()
    assert progress.version_in_force(history, before) == history[0]


# --- page cache ---------------------------------------------------------------------------------
def cache_state(client, url):
    return client.get(url).get("X-Page-Cache", "")


def test_services_pages_are_cached_and_each_change_shows_at_once(
    client, make_staff, agency, other_agency, editor, reviewer
):
    a = published_guide(agency, editor, reviewer, "SFJ-C1", name="法律援助申请")
    b = published_guide(
        other_agency, make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer"), "MZJ-C1",
        name="最低生活保障",
    )  # fmt: skip
    package_save(actor=reviewer, code="aid-c", name="困难群众一件事", lead=agency, guides=[a, b], public=True)
    list_url, a_url, b_url = reverse("portal:service_guides"), a.get_absolute_url(), b.get_absolute_url()
    package_url = reverse("portal:service_package", args=["aid-c"])
    search_url = reverse("portal:search") + "?q=法律援助"
    for url in (list_url, a_url, b_url, package_url, search_url):
        assert cache_state(client, url) == "miss", url
        assert cache_state(client, url) == "hit", url

    # A new guide published elsewhere: the list changes, the other pages stay cached.
    published_guide(agency, editor, reviewer, "SFJ-C2", name="公证申请")
    assert "公证申请" in client.get(list_url).content.decode()
    assert cache_state(client, a_url) == "hit" and cache_state(client, package_url) == "hit"

    # A new version of a: its page, the list, the package holding it and the search change.
    new_version(a, editor, reviewer, name="法律援助申请（2027版）")
    for url in (list_url, a_url, package_url, search_url):  # (the search marks the query words)
        assert "申请（2027版）" in client.get(url).content.decode(), url
    assert cache_state(client, b_url) == "hit"

    # Withdrawal: gone from the list and the search, the package shows the gap.
    guides.guide_withdraw(actor=reviewer, pk=a.pk, reason="职能调整")
    assert "法律援助申请（2027版）" not in client.get(list_url).content.decode()
    assert "暂不能办理" in client.get(package_url).content.decode()
    assert "申请（2027版）" not in client.get(search_url).content.decode()
    assert client.get(a_url).status_code == 410


def test_the_progress_lookup_is_never_cached(client, agency, editor, reviewer):
    published_guide(agency, editor, reviewer, "SFJ-C3")
    url = reverse("portal:service_progress")
    assert cache_state(client, url) == "" and cache_state(client, url) == ""
    assert "no-cache" in client.get(url)["Cache-Control"] or "no-store" in client.get(url)["Cache-Control"]


# --- packages in the back office and the API ----------------------------------------------------
def test_the_back_office_previews_and_saves_a_package(
    client, make_staff, agency, other_agency, editor, reviewer
):
    published_guide(agency, editor, reviewer, "SFJ-K1", name="法律援助申请")
    published_guide(
        other_agency, make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer"), "MZJ-K1",
        name="最低生活保障", materials=[MaterialInput("申请人居民身份证", shared_code="id_card", copies=2)],
    )  # fmt: skip
    client.force_login(reviewer)
    form = {"code": "aid-k", "name": "困难群众一件事", "kind": "one_thing", "lead": agency.code,
            "life_event": "家庭经济困难", "item_codes": "SFJ-K1\nMZJ-K1", "public": "on"}  # fmt: skip
    page = client.post(reverse("backoffice:services_package_new"), {**form, "preview": "1"})
    body = page.content.decode()
    assert page.status_code == 200 and "共用，提交一次" in body and "居民身份证" in body
    assert not AuditEntry.objects.filter(verb="services.package.save").exists()
    response = client.post(reverse("backoffice:services_package_new"), form)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(verb="services.package.save").count() == 1
    edit = reverse("backoffice:services_package", args=["aid-k"])
    assert "SFJ-K1\nMZJ-K1" in client.get(edit).content.decode()
    # Unknown codes and taken codes are told, nothing saved.
    bad = client.post(reverse("backoffice:services_package_new"), {**form, "item_codes": "SFJ-K1\nNOPE"})
    assert "未找到事项编码：NOPE" in bad.content.decode()
    taken = client.post(reverse("backoffice:services_package_new"), form)
    assert taken.status_code == 200 and "已被另一套餐使用" in taken.content.decode()
    assert "困难群众一件事" in client.get(reverse("backoffice:services_packages")).content.decode()


def test_the_package_write_api(api_client, make_staff, agency, other_agency, editor, reviewer):
    published_guide(agency, editor, reviewer, "SFJ-A1", name="法律援助申请")
    other = published_guide(
        other_agency, make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer"), "MZJ-A1",
        name="最低生活保障",
    )  # fmt: skip
    body = {"name": "困难群众一件事", "lead": agency.code, "guides": ["MZJ-A1", "SFJ-A1"], "public": True}
    response = api_client(reviewer).put("/api/v1/staff/guide-packages/aid-a", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert [g["item_code"] for g in data["guides"]] == ["MZJ-A1", "SFJ-A1"] and data["gaps"] == []
    assert api_client(editor).put("/api/v1/staff/guide-packages/aid-a", body).status_code == 403
    bad = api_client(reviewer).put("/api/v1/staff/guide-packages/aid-a", {**body, "guides": ["X"]})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["guides"]
    other_reviewer = other.organization.memberships.filter(role="reviewer").first().user
    withdrawn = api_client(other_reviewer).post(
        f"/api/v1/staff/guides/{other.pk}/withdraw", {"reason": "停办"}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["reason"] == "停办"
    # Saved again, a public package must drop the withdrawn item; a private one shows the gap.
    refused = api_client(reviewer).put("/api/v1/staff/guide-packages/aid-a", body)
    assert refused.status_code == 400 and "guides" in refused.json()["error"]["fields"]
    again = api_client(reviewer).put("/api/v1/staff/guide-packages/aid-a", {**body, "public": False}).json()
    assert again["gaps"] == [
        {"item_code": "MZJ-A1", "organization": other_agency.code, "withdrawn": True, "reason": "停办"}
    ]
