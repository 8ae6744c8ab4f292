from datetime import date

import pytest

from tests.catalog.factories import genre, published, subject
from zwgk.catalog.models import Column, Document
from zwgk.catalog.services import column_place, document_record_lifecycle

pytestmark = pytest.mark.django_db

ROW_FIELDS = {"id", "index_no", "title", "organization", "doc_no", "signed_on", "published_on", "validity"}
ROW_FIELDS |= {"url", "highlight", "kind"}

BODY = {
    "organization": "dl-sfj",
    "title": "大连市司法局关于做好2026年行政复议工作的通知",
    "body": "<p>各区市县司法局：</p><p>现就做好行政复议工作通知如下。</p><script>x</script>",
    "doc_no": "大司发〔2026〕30号",
    "signed_on": "2026-05-06",
    "genre": "tongzhi",
    "subjects": ["15.03"],
    "keywords": ["行政复议"],
    "summary": "部署2026年行政复议工作。",
    "validity": "in_force",
    "columns": ["topic.yingshang"],
}


def test_create_and_publish_as_editor_goes_to_review(api_client, editor, agency):
    api = api_client(editor)
    response = api.post("/api/v1/staff/documents", BODY)
    assert response.status_code == 201
    created = response.json()
    assert created["state"] == "draft"
    assert "<script>" not in Document.objects.get(pk=created["id"]).body
    response = api.post(f"/api/v1/staff/documents/{created['id']}/publish")
    assert (response.status_code, response.json()) == (202, {"id": created["id"], "state": "submitted"})


def test_publish_as_reviewer(api_client, editor, reviewer, agency):
    # The editor's draft: a reviewer never signs off their own (decision 0016).
    doc_id = api_client(editor).post("/api/v1/staff/documents", BODY).json()["id"]
    body = api_client(reviewer).post(f"/api/v1/staff/documents/{doc_id}/publish").json()
    assert set(body) == {"id", "index_no", "published_on", "url"}
    assert body["index_no"].startswith("dl-sfj/") and body["url"].endswith(f"/documents/{doc_id}/")


def test_create_errors_are_4xx_with_fields(api_client, editor, agency, other_agency):
    api = api_client(editor)
    bad = api.post("/api/v1/staff/documents", {**BODY, "genre": "nope", "subjects": ["99"]})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) >= {"genre", "subjects"}
    assert api.post("/api/v1/staff/documents", {**BODY, "organization": "dl-mzj"}).status_code == 403
    assert api_client().post("/api/v1/staff/documents", BODY).status_code == 401


def test_publishing_another_agencys_draft_is_404(api_client, editor, agency, other_agency, make_staff):
    doc_id = api_client(editor).post("/api/v1/staff/documents", BODY).json()["id"]
    stranger = make_staff(other_agency, "reviewer")
    assert api_client(stranger).post(f"/api/v1/staff/documents/{doc_id}/publish").status_code == 404


def test_list_filters_and_shape(api_client, agency, other_agency, django_assert_max_num_queries):
    a = published(agency, on=date(2026, 3, 5), subjects=[subject("15.03")])
    b = published(agency, on=date(2025, 3, 5), genre=genre("yijian"), subjects=[subject("16.01")])
    c = published(other_agency, on=date(2026, 4, 1), subjects=[])
    Document.objects.create(organization=agency, title="草稿不出现")
    with django_assert_max_num_queries(3):
        body = api_client().get("/api/v1/documents").json()
    assert [r["id"] for r in body["results"]] == [c.pk, a.pk, b.pk]
    assert set(body["results"][0]) == ROW_FIELDS
    api = api_client()
    assert [r["id"] for r in api.get("/api/v1/documents", organization="dl-sfj").json()["results"]] == [
        a.pk,
        b.pk,
    ]
    assert [r["id"] for r in api.get("/api/v1/documents", year=2025).json()["results"]] == [b.pk]
    assert [r["id"] for r in api.get("/api/v1/documents", genre="yijian").json()["results"]] == [b.pk]
    assert [r["id"] for r in api.get("/api/v1/documents", subject="15").json()["results"]] == [a.pk]
    assert api.get("/api/v1/documents", validity="bogus").status_code == 400
    page = api.get("/api/v1/documents", page=1, page_size=2).json()
    assert page["count"] == 3 and page["next"] and page["previous"] is None


def test_list_query_count_does_not_grow(api_client, agency, django_assert_max_num_queries):
    for i in range(25):
        published(agency, on=date(2026, 3, 5), title=f"通知{i}")
    with django_assert_max_num_queries(3):
        assert len(api_client().get("/api/v1/documents", page_size=25).json()["results"]) == 25


def test_column_and_validity_filters(api_client, editor, agency):
    topic = Column.objects.get(code="topic.yingshang")
    a = published(agency, on=date(2026, 3, 5), kind="rule")
    published(agency, on=date(2026, 3, 6))
    column_place(actor=editor, column_id=topic.pk, document_id=a.pk)
    api = api_client()
    assert [r["id"] for r in api.get("/api/v1/documents", column="topic.yingshang").json()["results"]] == [
        a.pk
    ]
    document_record_lifecycle(actor=editor, document_id=a.pk, kind="expired", on=date(2026, 4, 1))
    assert [r["id"] for r in api.get("/api/v1/documents", validity="expired").json()["results"]] == [a.pk]


def test_q_searches_the_real_index_with_highlights(api_client, agency):
    hit = published(agency, on=date(2026, 3, 5), title="大连市行政执法公示办法", doc_no="大司发〔2026〕3号")
    published(
        agency,
        on=date(2026, 3, 6),
        title="关于开展普法宣传的通知",
        body="<p>开展普法宣传。</p>",
        doc_no="大司发〔2026〕4号",
        keywords=["普法"],
        summary="普法宣传安排。",
    )
    api = api_client()
    body = api.get("/api/v1/documents", q="行政执法").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == hit.pk and row["index_no"] == hit.index_no and row["organization"] == agency.code
    assert "<mark>" in row["highlight"] and row["url"].endswith(f"/documents/{hit.pk}/")
    # Bracket variants of a document number find the same item.
    assert [r["id"] for r in api.get("/api/v1/documents", q="大司发[2026]3号").json()["results"]] == [hit.pk]
    assert api.get("/api/v1/documents", q="行政执法", kind="rule").status_code == 400


def test_detail_links_interpretations_both_ways_and_shows_history(
    api_client, editor, agency, django_assert_max_num_queries
):
    policy = published(
        agency, on=date(2025, 3, 5), kind="normative", genre=genre("banfa"), title="大连市行政执法公示办法"
    )
    interp = published(
        agency, on=date(2025, 3, 5), interprets=policy, interpretation_form="graphic", title="图解：公示办法"
    )
    amending = published(agency, on=date(2026, 1, 5), kind="normative", title="关于修改《公示办法》的通知")
    document_record_lifecycle(
        actor=editor, document_id=policy.pk, kind="amended", on=date(2026, 1, 5), by_id=amending.pk
    )
    api = api_client()
    with django_assert_max_num_queries(12):
        body = api.get(f"/api/v1/documents/{policy.pk}").json()
    assert [(i["id"], i["form"]) for i in body["interpretations"]] == [(interp.pk, "graphic")]
    assert body["interprets"] is None
    assert body["validity"] == "amended" and body["validity_label"] == "已修改"
    assert [(e["kind"], e["on"], e["by"]["id"]) for e in body["lifecycle"]] == [
        ("amended", "2026-01-05", amending.pk)
    ]
    back = api.get(f"/api/v1/documents/{interp.pk}").json()
    assert back["interprets"]["id"] == policy.pk and back["interprets"]["form"] == "graphic"
    assert [
        e["document"]["id"] for e in api.get(f"/api/v1/documents/{amending.pk}").json()["lifecycle_caused"]
    ] == [policy.pk]


def test_drafts_and_withdrawn_items_are_404(api_client, reviewer, agency):
    from zwgk.catalog.services import document_withdraw

    draft = Document.objects.create(organization=agency, title="草稿")
    assert api_client().get(f"/api/v1/documents/{draft.pk}").status_code == 404
    doc = published(agency, on=date(2026, 3, 5))
    document_withdraw(actor=reviewer, document_id=doc.pk, reason="错误")
    assert api_client().get(f"/api/v1/documents/{doc.pk}").status_code == 404


def test_openapi_lists_the_catalogue(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/documents", "/api/v1/documents/{document_id}", "/api/v1/staff/documents"} <= set(paths)
    publish = paths["/api/v1/staff/documents/{document_id}/publish"]["post"]
    assert "202" in publish["responses"] and "审签" in publish["summary"]


def test_search_rebuild_reads_the_published_catalogue(agency):
    from io import StringIO

    from django.core.management import call_command

    from zwgk.search.index import index_remove
    from zwgk.search.query import search_documents

    doc = published(agency, on=date(2026, 3, 5), title="大连市行政执法公示办法")
    index_remove(doc.pk)
    assert search_documents("行政执法公示").count == 0
    call_command("search", "rebuild", stdout=StringIO(), stderr=StringIO())
    assert [h.document_id for h in search_documents("行政执法公示").hits] == [doc.pk]
