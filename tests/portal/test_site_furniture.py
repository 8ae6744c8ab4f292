"""What every site of this kind serves beside its pages (issue 20.12): a site-wide feed the pages
advertise, robots.txt naming the sitemap, a favicon; and an agency's 政府信息公开年报 column,
which lists the annual reports the agency published."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zwgk.catalog.columns import standard_columns
from zwgk.catalog.models import ColumnKind
from zwgk.reports.services import report_publish, report_text_save

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


PUBLISHED_AT = datetime(2026, 1, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


def publish_report(agency, year=2025, *, now=PUBLISHED_AT):
    report_text_save(
        actor=None,
        organization=agency,
        year=year,
        overview=f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》。",
        problems="依申请公开答复的规范性有待提高。",
        other="本年度未收取信息处理费。",
        check_permission=False,
    )
    return report_publish(
        actor=None, organization=agency, year=year, now=now, accept_problems=True, check_permission=False
    )


def test_every_page_advertises_the_site_wide_feeds(client, library):
    html = client.get("/").content.decode()
    rss = re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', html)
    atom = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert rss and atom
    assert (rss.group(1), atom.group(1)) == ("/rss/", "/atom/")
    assert 'href="/rss/"' in client.get(library.policy.get_absolute_url()).content.decode()


def test_site_wide_feed_lists_the_newest_items_of_every_agency(client, library):
    rss = ET.fromstring(client.get("/rss/").content)
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert library.policy.title in titles  # the 司法局's
    assert library.rule_amended.title in titles  # the city government's
    assert library.draft.title not in titles and library.withdrawn.title not in titles
    atom = ET.fromstring(client.get("/atom/").content)
    assert library.policy.title in [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")]


def test_robots_txt_keeps_crawlers_out_of_staff_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /staff/" in lines and "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_favicon_is_served_as_an_icon(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO header: reserved 0, type 1 (icon)
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/portal/favicon.svg" type="image/svg+xml"' in html


def test_annual_report_column_lists_the_agencys_published_reports(client, library, agency, other_agency):
    report = publish_report(agency)
    publish_report(other_agency)  # another agency's: not in this column
    column = standard_columns(agency)[ColumnKind.ANNUAL_REPORT]
    html = client.get(f"/column/{column.code}/").content.decode()
    assert report.snapshot["title"] in html
    assert f'href="/reports/annual/{agency.code}/2025/"' in html
    assert f'href="/reports/annual/{other_agency.code}/2025/"' not in html
    # The agency page counts it in the column's entry.
    agency_html = client.get(f"/org/{agency.code}/").content.decode()
    entry = rf'href="/column/{re.escape(column.code)}/">政府信息公开年报</a> <span class="count">（1）'
    assert re.search(entry, agency_html)


def test_agency_page_links_its_reports_before_its_annual_report_column_exists(client, agency, other_agency):
    publish_report(other_agency)
    html = client.get(f"/org/{other_agency.code}/").content.decode()
    assert f'href="/reports/annual/?organization={other_agency.code}">政府信息公开年报</a>' in html
    listing = client.get("/reports/annual/", {"organization": other_agency.code}).content.decode()
    assert f'href="/reports/annual/{other_agency.code}/2025/"' in listing
    assert f"{other_agency.name}政府信息公开工作年度报告" in listing


def test_annual_report_column_without_reports_says_so(client, agency):
    column = standard_columns(agency)[ColumnKind.ANNUAL_REPORT]
    assert "暂无已发布的年度报告" in client.get(f"/column/{column.code}/").content.decode()


def test_home_has_the_portal_layout(client, library, agency, settings):
    settings.ZWGK_SITE = {**settings.ZWGK_SITE, "police_record": "辽公网安备 21020299999999号"}
    html = client.get("/").content.decode()
    for region in ("最新信息", "通知公告", "政策解读", "专题专栏", "机构目录", 'aria-label="便民快捷入口"'):
        assert region in html
    for quick in ('href="/apply/"', 'href="/reports/annual/"', 'href="/public-services/"', 'href="/search/"'):
        assert quick in html
    assert "/guide/" in html  # the quick link to a 公开指南
    assert "辽公网安备 21020299999999号" in html and "网站标识码" in html and "ICP备案" in html
    assert 'alt="党政机关网站标识"' in html
    assert "static/portal/img/emblem.svg" in html
