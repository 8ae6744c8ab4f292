"""RSS/Atom per column and agency, and sitemap.xml: well-formed XML with the right items."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rss_links(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [item.findtext("link") for item in root.iter("item")]


def atom_links(response) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def url(doc) -> str:
    return f"http://testserver{doc.get_absolute_url()}"


def test_agency_rss_lists_its_published_items(client, library, agency):
    links = rss_links(client.get(f"/org/{agency.code}/rss/"))
    assert url(library.policy) in links and url(library.interpretation) in links
    assert url(library.withdrawn) not in links
    assert url(library.draft) not in links
    assert url(library.rule_amended) not in links  # the city government's, not this agency's


def test_agency_rss_item_carries_index_number_and_date(client, library, agency):
    root = ET.fromstring(client.get(f"/org/{agency.code}/rss/").content)
    item = next(i for i in root.iter("item") if i.findtext("link") == url(library.policy))
    assert item.findtext("title") == library.policy.title
    assert library.policy.index_no in item.findtext("description")
    assert item.findtext("guid") == library.policy.index_no
    assert item.findtext("pubDate")
    assert root.find("channel").findtext("title") == "大连市司法局 - 政府信息公开"


def test_agency_atom_feed(client, library, agency):
    links = atom_links(client.get(f"/org/{agency.code}/atom/"))
    assert url(library.policy) in links and url(library.withdrawn) not in links


def test_column_feeds_list_the_column_items(client, library):
    rss = rss_links(client.get(f"/column/{library.topic.code}/rss/"))
    assert rss == [url(library.topic_item)]
    atom = atom_links(client.get(f"/column/{library.own_column.code}/atom/"))
    assert url(library.policy) in atom
    assert url(library.withdrawn) not in atom and url(library.draft) not in atom


def test_feeds_of_unknown_objects_are_404(client, db):
    assert client.get("/org/nope/rss/").status_code == 404
    assert client.get("/column/nope/atom/").status_code == 404


def test_sitemap_index_lists_the_sections(client, library):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    for section in ["documents", "columns", "agencies"]:
        assert f"http://testserver/sitemap-{section}.xml" in locations


def sitemap_locations(client, section: str) -> list[str]:
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_sitemap_lists_published_items_not_drafts_or_withdrawn(client, library):
    locations = sitemap_locations(client, "documents")
    assert url(library.policy) in locations
    assert url(library.rule_repealed) in locations  # repealed is still public, marked as such
    assert url(library.draft) not in locations
    assert url(library.withdrawn) not in locations


def test_sitemap_lists_columns_and_agencies(client, library, agency):
    assert f"http://testserver/column/{library.own_column.code}/" in sitemap_locations(client, "columns")
    assert f"http://testserver/column/{agency.code}.zwgk/" not in sitemap_locations(client, "columns")
    assert f"http://testserver/org/{agency.code}/" in sitemap_locations(client, "agencies")
