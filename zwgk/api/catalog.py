"""Catalogue endpoints of API.md: staff create/publish, public list and detail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.pagination import page_params, page_url, paginate
from zwgk.catalog.attachments import download_response
from zwgk.catalog.inputs import parse_document_input
from zwgk.catalog.models import Attachment, Document, DocumentState, Validity
from zwgk.catalog.selectors import PublicFilters, public_document, public_documents
from zwgk.catalog.services import document_create_draft, document_publish
from zwgk.core.errors import ValidationFailed
from zwgk.search.query import search_documents

public = Router(tags=["信息资源库"])
staff = Router(tags=["信息资源库"], auth=token_auth)


# --- staff -------------------------------------------------------------------------------------
class DocumentIn(Schema):
    organization: str
    title: str
    body: str = ""
    doc_no: str = ""
    signed_on: date | None = None
    kind: str | None = None
    genre: str | None = None
    subjects: list[str] = []
    art20_categories: list[str] = []
    keywords: list[str] = []
    summary: str = ""
    source: str = ""
    validity: str | None = None
    columns: list[str] = []
    co_issuers: list[str] = []
    interprets: int | None = None
    interpretation_form: str | None = None
    disclosure_method: str | None = None
    disclosure_scope: str | None = None
    information_created_on: date | None = None
    information_changed_on: date | None = None
    publish_at: datetime | None = None


class CreatedOut(Schema):
    id: int
    state: str


class PublishIn(Schema):
    publish_at: datetime | None = None
    note: str = ""


class PublishedOut(Schema):
    id: int
    index_no: str | None
    published_on: date | None
    url: str


@staff.post("/documents", response={201: CreatedOut}, summary="新建信息草稿")
def document_create(request: HttpRequest, payload: DocumentIn) -> Status[dict[str, Any]]:
    raw = {k: v for k, v in payload.dict().items() if v is not None}
    for name in ("signed_on", "information_created_on", "information_changed_on", "publish_at"):
        if name in raw:
            raw[name] = raw[name].isoformat()
    doc = document_create_draft(actor=request.auth, data=parse_document_input(raw))
    return Status(201, {"id": doc.pk, "state": doc.state})


@staff.post(
    "/documents/{int:document_id}/publish",
    response={200: PublishedOut, 202: CreatedOut},
    summary="发布信息（审签人直接发布；其他人提交审签，返回 202 与 {id, state}）",
    description=(
        "调用者在该机构有审签权限时直接签发：立即发布返回 200 `{id, index_no, published_on, url}`；"
        "指定 publish_at 的定时发布返回 202 `{id, state: scheduled}`。"
        "无审签权限时提交审签，返回 202 `{id, state: submitted}`。"
    ),
)
def document_publish_endpoint(
    request: HttpRequest, document_id: int, payload: PublishIn | None = None
) -> Status[dict[str, Any]]:
    payload = payload or PublishIn()
    doc = document_publish(
        actor=request.auth, document_id=document_id, publish_at=payload.publish_at, note=payload.note
    )
    if doc.state != DocumentState.PUBLISHED:
        return Status(202, {"id": doc.pk, "state": doc.state})
    return Status(
        200,
        {
            "id": doc.pk,
            "index_no": doc.index_no,
            "published_on": doc.published_on,
            "url": request.build_absolute_uri(doc.get_absolute_url()),
        },
    )


# --- public ------------------------------------------------------------------------------------
class DocumentRow(Schema):
    id: int
    index_no: str | None
    title: str
    organization: str
    doc_no: str
    signed_on: date | None
    published_on: date | None
    validity: str
    url: str
    highlight: str | None
    # "service_guide" for a published guide found by `q` (its id is not a document's: follow `url`).
    kind: str = "document"


class ListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[DocumentRow]


class ListQuery(Schema):
    q: str = ""
    organization: str = ""
    genre: str = ""
    subject: str = ""
    column: str = ""
    kind: str = ""
    # Publication years the catalogue can hold; outside them date() itself fails (issue 21.3).
    year: int | None = Field(None, ge=1949, le=2100)
    validity: str = ""
    page: int | None = Field(None, ge=1)
    page_size: int | None = Field(None, ge=1)


def _search(request: HttpRequest, query: ListQuery) -> dict[str, Any]:
    """The `q` branch: ranked full-text search (issue 4), served from the index's own copy."""
    if query.kind:
        raise ValidationFailed("全文检索暂不支持按 kind 筛选，请去掉 kind 参数。", fields={"kind": "不支持"})
    page, page_size = page_params(query.page, query.page_size)
    result = search_documents(
        query.q.strip(),
        organization=query.organization or None,
        genre=query.genre or None,
        subject=query.subject or None,
        column=query.column or None,
        year=query.year,
        validity=query.validity or None,
        page=page,
        page_size=page_size,
    )
    return {
        "count": result.count,
        "next": page_url(request, page + 1) if page < result.max_page else None,
        "previous": page_url(request, page - 1) if page > 1 else None,
        "results": [
            {
                "id": hit.document_id,
                "index_no": hit.index_no,
                "title": hit.title,
                "organization": hit.organization_code,
                "doc_no": hit.doc_no,
                "signed_on": hit.signed_on,
                "published_on": hit.published_on,
                "validity": hit.validity,
                "url": request.build_absolute_uri(hit.url or f"/documents/{hit.document_id}/"),
                "highlight": hit.highlight,
                "kind": hit.kind,
            }
            for hit in result.hits
        ],
    }


def _row(request: HttpRequest, doc: Document, highlight: str | None = None) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "index_no": doc.index_no,
        "title": doc.title,
        "organization": doc.organization.code,
        "doc_no": doc.doc_no,
        "signed_on": doc.signed_on,
        "published_on": doc.published_on,
        "validity": doc.validity,
        "url": request.build_absolute_uri(doc.get_absolute_url()),
        "highlight": highlight,
    }


@public.get("/documents", response=ListOut, summary="检索已发布信息（有 q 时按相关度，否则按发布日期倒序）")
def document_list(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    if query.validity and query.validity not in Validity.values:
        raise ValidationFailed("validity 取值不正确。", fields={"validity": " / ".join(Validity.values)})
    filters = PublicFilters(
        organization=query.organization,
        genre=query.genre,
        subject=query.subject,
        column=query.column,
        year=query.year,
        validity=query.validity,
        kind=query.kind,
    )
    if query.q.strip():
        return _search(request, query)
    return paginate(
        request,
        public_documents(filters),
        page=query.page,
        page_size=query.page_size,
        serialize=lambda d: _row(request, d),
    )


class Link(Schema):
    id: int
    title: str
    organization: str
    published_on: date | None
    url: str


class InterpretationLink(Link):
    form: str


class LifecycleOut(Schema):
    kind: str
    label: str
    on: date | None
    by: Link | None
    note: str


class CausedOut(Schema):
    kind: str
    label: str
    on: date | None
    document: Link


class AttachmentOut(Schema):
    id: int
    name: str
    file_type: str
    size: int
    sha256: str
    url: str


class NamedCode(Schema):
    code: str
    name: str


class SubjectOut(NamedCode):
    parent: NamedCode | None


class DocumentOut(Schema):
    id: int
    index_no: str | None
    title: str
    organization: NamedCode
    co_issuers: list[NamedCode]
    doc_no: str
    signed_on: date | None
    published_on: date | None
    kind: str
    genre: NamedCode | None
    subjects: list[SubjectOut]
    art20_categories: list[NamedCode]
    keywords: list[str]
    validity: str
    validity_label: str
    disclosure_method: str
    disclosure_scope: str
    summary: str
    source: str
    body: str
    columns: list[NamedCode]
    attachments: list[AttachmentOut]
    interprets: InterpretationLink | None
    interpretations: list[InterpretationLink]
    lifecycle: list[LifecycleOut]
    lifecycle_caused: list[CausedOut]
    url: str


def _link(request: HttpRequest, doc: Document) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "title": doc.title,
        "organization": doc.organization.code,
        "published_on": doc.published_on,
        "url": request.build_absolute_uri(doc.get_absolute_url()),
    }


def _named(obj: Any) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


@public.get(
    "/documents/{int:document_id}", response=DocumentOut, summary="已发布信息详情（含解读关联与立改废记录）"
)
def document_detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    doc = public_document(document_id)
    interprets = (
        doc.interprets if doc.interprets and doc.interprets.state == DocumentState.PUBLISHED else None
    )
    return {
        "id": doc.pk,
        "index_no": doc.index_no,
        "title": doc.title,
        "organization": _named(doc.organization),
        "co_issuers": [_named(o) for o in doc.co_issuers.all()],
        "doc_no": doc.doc_no,
        "signed_on": doc.signed_on,
        "published_on": doc.published_on,
        "kind": doc.kind,
        "genre": _named(doc.genre),
        "subjects": [{**_named(s), "parent": _named(s.parent)} for s in doc.subjects.all()],
        "art20_categories": [_named(c) for c in doc.art20_categories.all()],
        "keywords": doc.keywords,
        "validity": doc.validity,
        "validity_label": doc.get_validity_display(),
        "disclosure_method": doc.disclosure_method,
        "disclosure_scope": doc.disclosure_scope,
        "summary": doc.summary,
        "source": doc.source,
        "body": doc.body,
        "columns": [_named(c) for c in doc.column_list],
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "file_type": a.file_type,
                "size": a.size,
                "sha256": a.sha256,
                "url": request.build_absolute_uri(f"/api/v1/documents/{doc.pk}/attachments/{a.pk}"),
            }
            for a in doc.attachments.all()
        ],
        "interprets": {**_link(request, interprets), "form": doc.interpretation_form} if interprets else None,
        "interpretations": [
            {**_link(request, i), "form": i.interpretation_form} for i in doc.published_interpretations
        ],
        "lifecycle": [
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "on": e.on,
                "by": _link(request, e.by) if e.by and e.by.state == DocumentState.PUBLISHED else None,
                "note": e.note,
            }
            for e in doc.history
        ],
        "lifecycle_caused": [
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "on": e.on,
                "document": _link(request, e.document),
            }
            for e in doc.caused_history
            if e.document.state == DocumentState.PUBLISHED
        ],
        "url": request.build_absolute_uri(doc.get_absolute_url()),
    }


@public.get(
    "/documents/{int:document_id}/attachments/{int:attachment_id}",
    summary="下载附件（始终以附件下载，不在浏览器内打开）",
    response={200: None},
)
def attachment_download(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponse:
    doc = public_document(document_id)
    return download_response(Attachment.objects.get(pk=attachment_id, document=doc))
