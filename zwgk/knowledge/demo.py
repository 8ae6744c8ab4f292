"""A hundred Q&A entries drawn from the demo catalogue's interpretations and the policies they
explain (what each covers, its requirements and tasks, when it applies, whom to call), signed off
through the review engine; a few waiting for sign-off, one proposed from a hotline call; some
logged searches for the statistics."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zwgk.catalog.html import html_to_text
from zwgk.catalog.models import Document, DocumentKind, DocumentState, Validity
from zwgk.knowledge.models import Entry, QueryChannel, QueryLog
from zwgk.knowledge.selectors import public_answers
from zwgk.knowledge.services import EntryInput, entry_create, entry_propose_from_call, entry_submit
from zwgk.knowledge.sources import SourceKind
from zwgk.review.services import review_approve

TARGET = 100 + 3  # a hundred published, and PENDING waiting
PENDING = 3  # left waiting for the reviewer's sign-off
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、[^。]*。")


def _name(doc: Document) -> str:
    return doc.title.split("《", 1)[1].split("》", 1)[0] if "《" in doc.title else doc.title


def _paragraphs(doc: Document) -> list[str]:
    return [html_to_text(p).strip() for p in _PARAGRAPH.findall(doc.body)]


def _after_heading(doc: Document, heading: str) -> str:
    """The text of the numbered paragraph `heading` (二、主要内容。…) without its number."""
    for p in _paragraphs(doc):
        if heading in p[:12]:
            return _NUMBERED.sub("", p).strip()
    return ""


Draft = tuple[str, str, str, int]  # question, answer, source kind, source id
Maker = Callable[[Document, Document], Draft | None]


def _contents(interp: Document, policy: Document) -> Draft | None:
    text = _after_heading(interp, "主要内容")
    if not text:
        return None
    return (
        f"《{_name(policy)}》主要包括哪些内容？",
        f"{text}{interp.summary}",
        SourceKind.INTERPRETATION,
        interp.pk,
    )


def _requirements(interp: Document, policy: Document) -> Draft | None:
    text = _after_heading(policy, "总体要求")
    return (f"《{_name(policy)}》的总体要求是什么？", text, SourceKind.DOCUMENT, policy.pk) if text else None


def _tasks(interp: Document, policy: Document) -> Draft | None:
    text = _after_heading(policy, "主要任务")
    return (
        (f"《{_name(policy)}》明确了哪些主要任务？", text, SourceKind.DOCUMENT, policy.pk) if text else None
    )


def _phone(interp: Document, policy: Document) -> Draft | None:
    line = next((p for p in _paragraphs(interp) if "咨询电话" in p), "")
    if not line:
        return None
    answer = f"{_NUMBERED.sub('', line).strip()}也可拨打8890热线，或向{policy.organization.name}咨询。"
    return (f"对《{_name(policy)}》有疑问，可以咨询哪个电话？", answer, SourceKind.INTERPRETATION, interp.pk)


def _issued(interp: Document, policy: Document) -> Draft | None:
    if not policy.published_on:
        return None
    number = f"，文号为{policy.doc_no}" if policy.doc_no else ""
    answer = (
        f"由{policy.organization.name}于{policy.published_on:%Y年%m月%d日}公开发布{number}，"
        "全文可在政府信息公开平台查阅。"
    )
    return (f"《{_name(policy)}》是哪个部门发布的？", answer, SourceKind.DOCUMENT, policy.pk)


MAKERS: list[Maker] = [_contents, _phone, _requirements, _issued, _tasks]

SEARCHES = [
    ("法律援助", 6),
    ("养老服务", 4),
    ("公积金提取", 5),
    ("落户条件", 3),
    ("营商环境", 2),
    ("咨询电话", 2),
    ("居住证办理", 3),
]


def load(*, stdout: Any) -> str:
    if Entry.objects.exists():
        return f"已存在（{Entry.objects.count()} 条问答）"
    User = get_user_model()
    admin, second = User.objects.get(username="admin"), User.objects.get(username="admin_review")
    interpretations = list(
        Document.objects.filter(
            kind=DocumentKind.INTERPRETATION,
            state=DocumentState.PUBLISHED,
            interprets__state=DocumentState.PUBLISHED,
            interprets__validity=Validity.IN_FORCE,
        )
        .select_related("interprets__organization", "organization")
        .order_by("id")
    )
    drafts: list[tuple[Document, Draft]] = []
    for maker in MAKERS:
        for interp in interpretations:
            policy = interp.interprets
            assert policy is not None
            made = maker(interp, policy)
            if made is not None and len(drafts) < TARGET:
                drafts.append((policy, made))
    published = 0
    for i, (policy, (question, answer, kind, source_id)) in enumerate(drafts):
        entry = entry_create(
            actor=admin,
            data=EntryInput(
                organization=policy.organization,
                question=question[:300],
                answer=answer,
                tags=list(policy.keywords)[:3],
                source_kind=kind,
                source_id=source_id,
            ),
        )
        req = entry_submit(actor=admin, entry_id=entry.pk, note="据政策解读整理")
        if i < len(drafts) - PENDING:
            review_approve(actor=second, request_id=req.pk, comment="同意发布")
            published += 1

    hotline = User.objects.filter(username="hotline").first()
    proposed = 0
    if hotline is not None and drafts:
        entry_propose_from_call(
            actor=hotline,
            organization=drafts[0][0].organization,
            question="政策文件在哪里可以查到全文？",
            answer="可在大连市政府信息公开平台按标题或文号检索，也可到各级政府信息公开查阅点查阅。",
            call_reference="8890-示例-0001",
            tags=["政府信息公开"],
        )
        proposed = 1

    now = timezone.now()
    logs = []
    for n, (q, times) in enumerate(SEARCHES):
        found = len(public_answers(q=q).answers)
        for k in range(times):
            logs.append(
                QueryLog(
                    normalised=q,
                    organization_code="",
                    channel=QueryChannel.API if k % 2 else QueryChannel.PORTAL,
                    results=found,
                    asked_at=now - timedelta(hours=n * 7 + k),
                )
            )
    QueryLog.objects.bulk_create(logs)
    return (
        f"{published} 条已发布问答（取自 {len(interpretations)} 篇政策解读及其政策），"
        f"{len(drafts) - published} 条待审签，{proposed} 条热线来电提出"
    )
