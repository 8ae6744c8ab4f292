"""The Q&A library (issue 24.3): API.md's public read for the 8890 hotline and new-media back
ends (`GET /api/v1/qa`, fixed there), and the staff side in the same style."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from zwgk.api.auth import token_auth
from zwgk.api.pagination import paginate
from zwgk.core.errors import ValidationFailed
from zwgk.knowledge.models import QueryChannel
from zwgk.knowledge.selectors import Answer, access_entry, public_answers, statistics
from zwgk.knowledge.services import (
    EntryInput,
    entry_create,
    entry_propose_from_call,
    entry_submit,
    log_query,
)
from zwgk.organizations.models import Organization
from zwgk.organizations.permissions import is_platform_admin, visible_organizations

public = Router(tags=["咨询答问库"])
staff = Router(tags=["咨询答问库"], auth=token_auth)


# --- public: API.md "Interfaces for systems outside" ----------------------------------------------
class SourceOut(Schema):
    kind: str
    id: int | None
    url: str | None


class AnswerOut(Schema):
    id: int
    question: str
    answer: str
    agency: str = Field(description="答复机构名称")
    organization: str = Field(description="答复机构代码（与 organization 参数同一取值）")
    tags: list[str]
    source: SourceOut
    current: bool
    expired_because: str | None = Field(None, description="仅 include_expired=1 时的过期条目")
    updated_on: date | None


class AnswerList(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[AnswerOut]


class AnswerQuery(Schema):
    q: str = ""
    organization: str = ""
    include_expired: str = ""
    page: int | None = Field(None, ge=1)
    page_size: int | None = Field(None, ge=1)


def answer_row(request: HttpRequest, a: Answer) -> dict[str, Any]:
    e = a.entry
    row: dict[str, Any] = {
        "id": e.pk,
        "question": e.published_question,
        "answer": e.published_answer,
        "agency": e.organization.name,
        "organization": e.organization.code,
        "tags": list(e.published_tags),
        "source": {
            "kind": e.source_kind,
            "id": e.source_id,
            "url": request.build_absolute_uri(a.source.url) if a.source.url else None,
        },
        "current": a.current,
        "updated_on": e.updated_on,
    }
    if not a.current:
        row["expired_because"] = a.source.expired_because
    return row


@public.get(
    "/qa",
    response=AnswerList,
    exclude_unset=True,
    summary="检索咨询答问库（精确匹配；默认仅现行有效的问答）",
    description=(
        "q 与全站检索同一匹配规则（全半角、括号变体归一，各词均须出现）；organization 为机构代码；"
        "include_expired=1 时一并返回来源已废止、修改或失效的问答（current: false 并附 expired_because）。"
    ),
)
def qa_list(request: HttpRequest, query: Query[AnswerQuery]) -> dict[str, Any]:
    include_expired = query.include_expired.strip().lower() in {"1", "true", "yes"}
    found = public_answers(
        q=query.q, organization=query.organization.strip(), include_expired=include_expired
    )
    result = paginate(
        request,
        found.answers,
        page=query.page,
        page_size=query.page_size,
        serialize=lambda a: answer_row(request, a),
    )
    if query.page in (None, 1):
        log_query(
            normalised=found.normalised,
            organization_code=query.organization.strip(),
            channel=QueryChannel.API,
            results=sum(1 for a in found.answers if a.current),
        )
    return result


# --- staff ----------------------------------------------------------------------------------------
class SourceIn(Schema):
    kind: str
    id: int | None = None
    reference: str = ""


class EntryIn(Schema):
    organization: str
    question: str
    answer: str
    tags: list[str] = []
    source: SourceIn


class EntryOut(Schema):
    id: int
    state: str


class CallIn(Schema):
    organization: str
    question: str
    answer: str
    tags: list[str] = []
    call_reference: str = Field("", description="热线工单号（不含来电人信息）")


class EntrySubmitIn(Schema):
    note: str = ""


def _organization(code: str) -> Organization:
    org = Organization.objects.filter(code=code, is_active=True).first()
    if org is None:
        raise ValidationFailed("未知的机构代码。", fields={"organization": "不存在"})
    return org


@staff.post("/qa", response={201: EntryOut}, summary="新建问答草稿")
def qa_create(request: HttpRequest, payload: EntryIn) -> Status[dict[str, Any]]:
    entry = entry_create(
        actor=request.auth,
        data=EntryInput(
            organization=_organization(payload.organization),
            question=payload.question,
            answer=payload.answer,
            tags=payload.tags,
            source_kind=payload.source.kind,
            source_id=payload.source.id,
            source_reference=payload.source.reference,
        ),
    )
    return Status(201, {"id": entry.pk, "state": entry.state})


@staff.post("/qa/{int:entry_id}/submit", response=EntryOut, summary="问答报审（经审签后对外提供）")
def qa_submit(request: HttpRequest, entry_id: int, payload: EntrySubmitIn | None = None) -> dict[str, Any]:
    access_entry(request.auth, entry_id)
    entry_submit(actor=request.auth, entry_id=entry_id, note=(payload or EntrySubmitIn()).note)
    entry = access_entry(request.auth, entry_id)
    return {"id": entry.pk, "state": entry.state}


@staff.post("/qa/calls", response={201: EntryOut}, summary="热线工作人员从来电提出问答（报答复机构审签）")
def qa_propose_from_call(request: HttpRequest, payload: CallIn) -> Status[dict[str, Any]]:
    entry = entry_propose_from_call(
        actor=request.auth,
        organization=_organization(payload.organization),
        question=payload.question,
        answer=payload.answer,
        tags=payload.tags,
        call_reference=payload.call_reference,
    )
    return Status(201, {"id": entry.pk, "state": entry.state})


class AskedOut(Schema):
    query: str
    asked: int
    unanswered: int
    last_asked: str


class StatisticsOut(Schema):
    since: date
    asked_most: list[AskedOut]
    unanswered: list[AskedOut]


class StatisticsQuery(Schema):
    days: int = Field(30, ge=1, le=366)


@staff.get("/qa/statistics", response=StatisticsOut, summary="问答检索统计：问得最多的、没有答案的")
def qa_statistics(request: HttpRequest, query: Query[StatisticsQuery]) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=query.days)
    codes = (
        None
        if is_platform_admin(request.auth)
        else list(visible_organizations(request.auth).values_list("code", flat=True))
    )
    most, never = statistics(since=since, organization_codes=codes)

    def out(r: Any) -> dict[str, Any]:
        return {
            "query": r.query,
            "asked": r.asked,
            "unanswered": r.unanswered,
            "last_asked": r.last_asked.isoformat(),
        }

    return {
        "since": timezone.localdate(since),
        "asked_most": [out(r) for r in most],
        "unanswered": [out(r) for r in never],
    }
