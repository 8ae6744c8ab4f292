"""Running a harvest in the worker: each document page of the old site becomes a catalogue draft
through the catalogue's own create-draft service, in the name of the staff member who asked.

Nothing is published here: the drafts wait in the agency's draft list for an editor to check them
against the old page (the run's report shows what the page said) and send them for sign-off. A
page that is already in the library is skipped; a page that cannot be read is reported with the
reason.

The crawl runs on an event loop in another thread and hands pages over a small queue, so memory
stays bounded by the queue and all database work stays in the task's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import queue
import threading
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import SUMMARY_MAX_CHARS, Document, Genre, Subject, Validity
from zwgk.catalog.services import attachment_add, document_create_draft
from zwgk.core.errors import DomainError
from zwgk.core.http import HttpSettings
from zwgk.monitoring import rounds
from zwgk.monitoring.checks import url_domain
from zwgk.monitoring.harvest import Harvested, ParsedDocument, Unparsed, harvest_pages
from zwgk.monitoring.models import HarvestOutcome, HarvestPage, HarvestRun, HarvestStatus
from zwgk.organizations.models import Organization

log = logging.getLogger(__name__)
_DONE = object()
_QUEUE_SIZE = 8


def execute_harvest(run_id: int) -> None:
    """The task body: run harvest `run_id` if it is still queued."""
    claimed = HarvestRun.objects.filter(pk=run_id, status=HarvestStatus.QUEUED).update(
        status=HarvestStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    run = HarvestRun.objects.select_related("site", "site__organization", "requested_by").get(pk=run_id)
    site = run.site
    domain = url_domain(run.start_url)
    hosts = {domain, "." + domain, *site.extra_hosts}
    http = HttpSettings(max_body_bytes=int(getattr(settings, "ZWGK_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)))
    handoff: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_SIZE)
    stop = threading.Event()

    async def put(item: object) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(handoff.put, item, True, 0.5)
                return
            except queue.Full:
                continue

    async def crawl() -> None:
        try:
            async with rounds.client_for(site, http=http, hosts=hosts) as client:
                async for item in harvest_pages(
                    run.start_url,
                    client=client,
                    site_domain=domain,
                    link_pattern=run.link_pattern,
                    max_pages=run.max_pages,
                ):
                    await put(item)
        except Exception as exc:
            await put(exc)
            return
        await put(_DONE)

    worker = threading.Thread(target=asyncio.run, args=(crawl(),), name="zwgk-harvest", daemon=True)
    worker.start()
    error = ""
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                break
            if isinstance(item, Exception):
                error = item.reason if isinstance(item, Unparsed) else f"{type(item).__name__}: {item}"
                break
            assert isinstance(item, Harvested)
            record_page(run, item)
    except Exception as exc:
        log.exception("harvest %s failed", run_id)
        error = f"{type(exc).__name__}: {exc}"
    finally:
        stop.set()
        while worker.is_alive():
            # Unblock a crawl waiting to hand over a page, so that its thread ends.
            with contextlib.suppress(queue.Empty):
                handoff.get(timeout=0.2)
    HarvestRun.objects.filter(pk=run_id).update(
        status=HarvestStatus.FAILED if error else HarvestStatus.DONE,
        finished_at=timezone.now(),
        error=error[:2000],
    )


def _organization(publisher: str, fallback: Organization) -> tuple[Organization, list[Organization], str]:
    """The publishing agency by its full or short name; joint publishers (联合发文, separated by
    、) become co-issuers. Unknown names fall back to the site's agency, with a note."""
    names = [n.strip() for n in publisher.replace("，", "、").replace(",", "、").split("、") if n.strip()]
    if not names:
        return fallback, [], ""
    found = {
        key: org
        for org in Organization.objects.filter(Q(name__in=names) | Q(short_name__in=names))
        for key in (org.name, org.short_name)
    }
    orgs = [found[n] for n in names if n in found]
    missing = [n for n in names if n not in found]
    note = f"发布机构“{'、'.join(missing)}”未在平台登记" if missing else ""
    if not orgs:
        return fallback, [], note + f"，按网站所属机构“{fallback.display_name}”录入"
    return orgs[0], [o for o in orgs[1:] if o.pk != orgs[0].pk], note


def _duplicate(parsed: ParsedDocument, organization: Organization) -> str:
    earlier = (
        HarvestPage.objects.filter(url=parsed.url, document__isnull=False)
        .values_list("document", flat=True)
        .first()
    )
    if earlier is not None:
        return f"此页面已采集为信息 #{earlier}"
    same = Document.objects.filter(organization=organization)
    match = same.filter(doc_no=parsed.doc_no) if parsed.doc_no else same.filter(title=parsed.title)
    existing = match.values_list("pk", flat=True).first()
    if existing is not None:
        what = f"发文字号“{parsed.doc_no}”" if parsed.doc_no else "标题"
        return f"资源库已有相同{what}的信息 #{existing}"
    return ""


def _input(
    parsed: ParsedDocument, organization: Organization, co_issuers: list[Organization]
) -> DocumentInput:
    subjects = list(Subject.objects.filter(name=parsed.subject)) if parsed.subject else []
    genre = Genre.objects.filter(name=parsed.genre).first() if parsed.genre else None
    return DocumentInput(
        organization=organization,
        co_issuers=co_issuers,
        title=parsed.title,
        body=parsed.body_html,
        doc_no=parsed.doc_no,
        signed_on=parsed.signed_on,
        genre=genre,
        subjects=subjects[:1],
        keywords=parsed.keywords,
        summary=parsed.summary[:SUMMARY_MAX_CHARS],
        source=parsed.source,
        declared_validity=parsed.validity or Validity.IN_FORCE,
    )


def record_page(run: HarvestRun, item: Harvested) -> HarvestPage:
    page = HarvestPage(run=run, url=item.url, position=item.position)
    parsed = item.document
    if parsed is None:
        page.outcome, page.reason = HarvestOutcome.UNPARSED, item.reason[:300]
        return _save(run, page, "unparsed")
    page.title = parsed.title
    page.fields = parsed.fields()
    organization, co_issuers, note = _organization(parsed.publisher, run.site.organization)
    duplicate = _duplicate(parsed, organization)
    if duplicate:
        page.outcome, page.reason = HarvestOutcome.DUPLICATE, duplicate[:300]
        return _save(run, page, "duplicates")
    try:
        doc = document_create_draft(actor=run.requested_by, data=_input(parsed, organization, co_issuers))
    except DomainError as exc:
        fields = "；".join(f"{k}：{v}" for k, v in exc.fields.items())
        page.outcome, page.reason = HarvestOutcome.UNPARSED, f"无法生成草稿：{exc.message} {fields}"[:300]
        return _save(run, page, "unparsed")
    problems = [note] if note else []
    for link, fetched in item.attachments:
        if not fetched.ok:
            problems.append(f"附件“{link.name}”无法下载")
            continue
        name = link.name
        ext = link.url.rsplit(".", 1)[-1].lower()
        if not name.lower().endswith("." + ext):
            name = f"{name}.{ext}"
        try:
            attachment_add(
                actor=run.requested_by,
                document_id=doc.pk,
                fileobj=io.BytesIO(fetched.body),
                original_name=name,
            )
        except DomainError as exc:
            problems.append(f"附件“{link.name}”未保存：{exc.message}")
    page.outcome, page.document = HarvestOutcome.CREATED, doc
    page.reason = "；".join(problems)[:300]
    return _save(run, page, "created")


def _save(run: HarvestRun, page: HarvestPage, counter: str) -> HarvestPage:
    page.save()
    updates: dict[str, Any] = {counter: F(counter) + 1, "pages_total": F("pages_total") + 1}
    HarvestRun.objects.filter(pk=run.pk).update(**updates)
    return page
