"""Harvesting a generated old site (served for real on 127.0.0.1 and ::1) into catalogue drafts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.monitoring import sites
from tests.monitoring.sites import HARVEST_DOCS, Running, _harvest_page
from zwgk.catalog.models import Document, DocumentState
from zwgk.core.errors import NotPermitted
from zwgk.monitoring import services
from zwgk.monitoring.harvest import Unparsed, parse_document
from zwgk.monitoring.models import HarvestOutcome, HarvestRun, HarvestStatus, Site


@pytest.fixture(scope="module")
def old_site() -> Iterator[Running]:
    with sites.serve(sites.harvest_site()) as running:
        yield running


@pytest.fixture(autouse=True)
def _no_dns(settings, old_site):
    settings.ZWGK_MONITOR_RESOLVER = "none"
    settings.ZWGK_MONITOR_PINS = [old_site.pin()]  # the operator's pins: trusted with loopback


@pytest.fixture
def site(city, agency, other_agency, old_site) -> Site:
    return Site.objects.create(organization=city, name="旧门户网站", home_url=old_site.url())


def harvest(actor, site: Site, old_site: Running, capture) -> HarvestRun:
    with capture(execute=True):
        run = services.harvest_request(
            actor=actor, site_id=site.pk, start_url=old_site.url("/col/zcwj/index.html")
        )
    run.refresh_from_db()
    return run


# --- reading pages (pure) ---------------------------------------------------------------------


@pytest.mark.parametrize("doc", HARVEST_DOCS, ids=[d["layout"] for d in HARVEST_DOCS])
def test_each_layout_is_read(doc):
    parsed = parse_document(_harvest_page(doc), "http://gov-h.test" + doc["path"])
    assert parsed.title == doc["title"]
    assert parsed.index_no == doc["index_no"]
    assert parsed.publisher == doc["publisher"]
    assert parsed.doc_no == doc["doc_no"]
    assert parsed.signed_on is not None and parsed.published_on is not None
    assert "现将有关事项通知如下" in parsed.body_html
    assert "索引号" not in parsed.body_html  # the metadata block is not part of the body


def test_meta_tags_fill_summary_source_and_keywords():
    doc = HARVEST_DOCS[0]
    parsed = parse_document(_harvest_page(doc), "http://gov-h.test" + doc["path"])
    assert parsed.summary == doc["title"] + "（摘要）"  # full-width brackets kept as written
    assert parsed.source == "大连市司法局"
    assert parsed.keywords == ["行政执法", "公示"]
    assert [a.url for a in parsed.attachments] == ["http://gov-h.test/files/1.pdf"]


def test_a_page_without_metadata_is_not_taken_for_a_document():
    with pytest.raises(Unparsed, match="不像文件页面"):
        parse_document(sites.html("图片公告", '<img src="/a.jpg" alt="">'), "http://gov-h.test/a.html")


# --- the harvest run ------------------------------------------------------------------------------


def test_harvest_creates_correct_drafts_and_reports_what_it_could_not_parse(
    site, old_site, admin_user, agency, other_agency, city, django_capture_on_commit_callbacks
):
    run = harvest(admin_user, site, old_site, django_capture_on_commit_callbacks)
    assert run.status == HarvestStatus.DONE, run.error
    assert (run.created, run.duplicates, run.unparsed, run.pages_total) == (4, 0, 2, 6)

    sfj = Document.objects.get(doc_no="大司发〔2026〕3号")
    assert sfj.title == "大连市司法局关于印发《大连市行政执法公示办法》的通知"
    assert sfj.organization == agency
    assert sfj.signed_on == date(2026, 3, 1)
    assert sfj.state == DocumentState.DRAFT and sfj.index_no is None  # nothing published
    assert "现将有关事项通知如下" in sfj.body
    assert "<script" not in sfj.body and "onclick" not in sfj.body  # sanitised
    assert sfj.keywords == ["行政执法", "公示"]
    assert sfj.source == "大连市司法局"
    assert [s.name for s in sfj.subjects.all()] == ["公安、安全、司法"]
    assert sfj.attachments.get().file_type == "pdf"

    mzj = Document.objects.get(doc_no="大民发〔2026〕7号")
    assert (mzj.organization, mzj.signed_on, mzj.validity) == (other_agency, date(2026, 2, 10), "repealed")

    unknown = Document.objects.get(title=HARVEST_DOCS[3]["title"])
    assert unknown.organization == city  # 大连市慈善总会 is not registered: the site's agency
    page = run.pages.get(document=unknown)
    assert "未在平台登记" in page.reason
    assert page.fields["index_no"] == "2102000000-dl/2025-00321"
    assert page.fields["published_on"] == "2025-12-30"

    unparsed = {p.url.rsplit("/", 1)[-1]: p.reason for p in run.pages.filter(outcome=HarvestOutcome.UNPARSED)}
    assert set(unparsed) == {"notice.html", "gone.html"}
    assert unparsed["gone.html"] == "HTTP 404"
    assert "不像文件页面" in unparsed["notice.html"]


def test_harvesting_again_skips_what_is_already_in_the_library(
    site, old_site, admin_user, django_capture_on_commit_callbacks
):
    harvest(admin_user, site, old_site, django_capture_on_commit_callbacks)
    again = harvest(admin_user, site, old_site, django_capture_on_commit_callbacks)
    assert (again.created, again.duplicates, again.unparsed) == (0, 4, 2)
    assert Document.objects.count() == 4


def test_only_the_agencys_editors_may_harvest(site, old_site, make_staff, agency, city):
    supervisor = make_staff(city, "supervisor")
    with pytest.raises(NotPermitted):
        services.harvest_request(actor=supervisor, site_id=site.pk, start_url=old_site.url("/"))


def test_a_list_page_that_cannot_be_read_fails_the_run(
    site, old_site, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.harvest_request(
            actor=admin_user, site_id=site.pk, start_url=old_site.url("/col/none/")
        )
    run.refresh_from_db()
    assert run.status == HarvestStatus.FAILED
    assert "HTTP 404" in run.error
