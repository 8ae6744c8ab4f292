"""The document form as people use it: documents cited by title or 发文字号 (never an internal
number), the enhanced controls declared for forms.js, and the suggestion endpoint's limits."""

import re
from datetime import date

import pytest

from tests.catalog.factories import document_input, published
from zwgk.backoffice.catalog_forms import DocumentForm
from zwgk.catalog.models import Document, DocumentKind, DocumentState, LifecycleKind
from zwgk.catalog.services import document_create_draft
from zwgk.organizations.models import Organization

pytestmark = pytest.mark.django_db

NEW = "/staff/catalog/documents/new/"


def _post_new(client, agency, **extra):
    data = {
        "organization": agency.pk,
        "title": "《大连市行政执法公示办法》政策解读",
        "kind": "interpretation",
        "disclosure_method": "proactive",
        "body": "<h2>一、背景</h2><ul><li>要点</li></ul>",
        "interpretation_form": "text",
    }
    data.update(extra)
    return client.post(NEW, data)


@pytest.fixture
def policy(agency):
    return published(agency, on=date(2026, 3, 5), kind=DocumentKind.POLICY)


def test_interpreted_document_is_chosen_by_its_title(client, editor, agency, policy):
    client.force_login(editor)
    response = _post_new(client, agency, interprets=policy.title)
    assert response.status_code == 302
    interp = Document.objects.get(kind=DocumentKind.INTERPRETATION)
    assert interp.interprets == policy


def test_interpreted_document_is_chosen_by_its_document_number(client, editor, agency, policy):
    client.force_login(editor)
    _post_new(client, agency, interprets="大司发〔2026〕12号")
    assert Document.objects.get(kind=DocumentKind.INTERPRETATION).interprets == policy


def test_an_internal_number_names_no_document(client, editor, agency, policy):
    client.force_login(editor)
    response = _post_new(client, agency, interprets=str(policy.pk))
    assert response.status_code == 200
    assert "没有找到标题或发文字号相符的文件" in response.content.decode()
    assert not Document.objects.filter(kind=DocumentKind.INTERPRETATION).exists()


def test_a_partial_title_matching_two_documents_asks_for_more(client, editor, agency, policy):
    published(
        agency,
        on=date(2026, 3, 6),
        kind=DocumentKind.POLICY,
        title="大连市行政执法公示办法实施细则",
        doc_no="",
    )
    client.force_login(editor)
    response = _post_new(client, agency, interprets="行政执法公示")
    assert "有多份文件与此相符" in response.content.decode()


def test_another_agencys_draft_cannot_be_cited(client, editor, agency, other_agency, make_staff):
    other_editor = make_staff(other_agency, "editor")
    document_create_draft(
        actor=other_editor,
        data=document_input(other_agency, title="民政局未发布的草稿", doc_no="大民发〔2026〕3号"),
    )
    client.force_login(editor)
    response = _post_new(client, agency, interprets="民政局未发布的草稿")
    assert "没有找到" in response.content.decode()
    lookup = client.get("/staff/catalog/documents/lookup/", {"q": "民政局"})
    assert lookup.json() == {"results": []}


def test_edit_form_shows_the_interpreted_document_by_number(client, editor, agency, policy):
    client.force_login(editor)
    _post_new(client, agency, interprets=policy.title)
    interp = Document.objects.get(kind=DocumentKind.INTERPRETATION)
    page = client.get(f"/staff/catalog/documents/{interp.pk}/edit/").content.decode()
    field = re.search(r'<input[^>]*name="interprets"[^>]*>', page).group(0)
    assert 'value="大司发〔2026〕12号"' in field


def test_lookup_suggests_by_title_or_number_and_leaves_out_interpretations(client, editor, agency, policy):
    published(
        agency, on=date(2026, 3, 7), kind=DocumentKind.INTERPRETATION, title="行政执法公示办法解读", doc_no=""
    )
    client.force_login(editor)
    by_title = client.get("/staff/catalog/documents/lookup/", {"q": "行政执法公示", "policies": "1"}).json()
    assert [r["title"] for r in by_title["results"]] == [policy.title]
    assert by_title["results"][0] == {
        "title": policy.title,
        "doc_no": "大司发〔2026〕12号",
        "organization": "大连市司法局",
        "state": "已发布",
        "ref": "大司发〔2026〕12号",
    }
    by_number = client.get("/staff/catalog/documents/lookup/", {"q": "〔2026〕12"}).json()
    assert [r["title"] for r in by_number["results"]] == [policy.title]
    both = client.get("/staff/catalog/documents/lookup/", {"q": "行政执法公示"}).json()
    assert len(both["results"]) == 2


def test_lookup_is_for_catalogue_staff_only(client, make_staff, agency):
    handler = make_staff(agency, "handler")
    client.force_login(handler)
    assert client.get("/staff/catalog/documents/lookup/", {"q": "通知"}).status_code == 403
    client.logout()
    assert client.get("/staff/catalog/documents/lookup/", {"q": "通知"}).status_code == 302


def test_item_page_links_the_policy_and_records_lifecycle_by_title(client, editor, reviewer, agency, policy):
    client.force_login(editor)
    interp = document_create_draft(
        actor=editor, data=document_input(agency, title="解读稿", doc_no="", kind=DocumentKind.OTHER)
    )
    client.post(
        f"/staff/catalog/documents/{interp.pk}/interpretation/", {"policy": policy.title, "form": "text"}
    )
    interp.refresh_from_db()
    assert interp.interprets == policy and interp.kind == DocumentKind.INTERPRETATION

    repealing = published(
        agency, on=date(2026, 4, 1), title="关于废止部分规范性文件的决定", doc_no="大司发〔2026〕30号"
    )
    client.force_login(reviewer)
    client.post(
        f"/staff/catalog/documents/{policy.pk}/lifecycle/",
        {"kind": LifecycleKind.REPEALED, "on": "2026-04-01", "by": "大司发〔2026〕30号"},
    )
    event = policy.lifecycle_events.get()
    assert event.by == repealing

    response = client.post(
        f"/staff/catalog/documents/{policy.pk}/lifecycle/",
        {"kind": LifecycleKind.AMENDED, "on": "2026-04-02", "by": "不存在的文件"},
        follow=True,
    )
    assert "依据文件：没有找到" in response.content.decode()


def test_form_declares_its_enhancements_without_inline_script(client, editor):
    client.force_login(editor)
    page = client.get(NEW).content.decode()
    assert re.search(r'<textarea[^>]*name="body"[^>]*data-richtext', page) or re.search(
        r'<textarea[^>]*data-richtext[^>]*name="body"', page
    )
    for name in ("subjects", "columns", "art20_categories", "co_issuers"):
        assert re.search(
            rf'<select[^>]*name="{name}"[^>]*data-filter|<select[^>]*data-filter[^>]*name="{name}"', page
        ), name
    assert 'data-docpick="/staff/catalog/documents/lookup/?policies=1"' in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "/static/backoffice/vendor/squire-rte/squire.js" in page


def test_every_field_has_a_section(agency):
    form = DocumentForm(organizations=Organization.objects.none(), user=None)
    placed = [name for _, names in DocumentForm.SECTIONS for name in names]
    assert sorted(placed) == sorted(form.fields) and len(placed) == len(set(placed))


def test_body_from_the_editor_is_sanitised_on_save(client, editor, agency):
    client.force_login(editor)
    response = _post_new(
        client,
        agency,
        kind="other",
        interpretation_form="",
        body='<h2>标题</h2><table><tr><td onclick="x()">单元格</td></tr></table><script>alert(1)</script>',
    )
    assert response.status_code == 302, response.context["form"].errors
    body = Document.objects.get().body
    assert "<h2>标题</h2>" in body and "<td>单元格</td>" in body
    assert "script" not in body and "onclick" not in body
    assert Document.objects.get().state == DocumentState.DRAFT


def test_document_number_with_square_brackets_is_understood(client, editor, agency, policy):
    client.force_login(editor)
    _post_new(client, agency, interprets="大司发[2026]12号")
    assert Document.objects.get(kind=DocumentKind.INTERPRETATION).interprets == policy
