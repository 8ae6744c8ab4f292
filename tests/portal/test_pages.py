"""The public pages of the resource library, through the test client."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.catalog.factories import genre, published, subject
from tests.portal.factories import art20, days_ago

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def listed(body: str, doc) -> bool:
    return f'href="{doc.get_absolute_url()}"' in body


def meta(response, name: str) -> str:
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', text(response))
    assert match, f"meta {name} missing"
    return unescape(match.group(1))


# --- home and directory ----------------------------------------------------------------------
def test_home_shows_latest_items_topics_directory_and_search(client, library, agency):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert library.policy.title in body  # latest
    assert library.topic_item.get_absolute_url() in body  # the 六稳六保 topic block
    assert "专题专栏" in body and reverse("portal:column_detail", args=[library.topic.code]) in body
    assert f'href="/org/{agency.code}/"' in body  # directory links to agency pages
    assert 'action="/search/"' in body
    assert library.draft.title not in body
    assert library.withdrawn.title not in body


def test_directory_page_links_agencies(client, agency):
    response = client.get("/organizations/")
    assert f'href="/org/{agency.code}/"' in text(response)


# --- agency page -----------------------------------------------------------------------------
def test_agency_page_has_the_standard_disclosure_column(client, library, agency):
    response = client.get(f"/org/{agency.code}/")
    assert response.status_code == 200
    body = text(response)
    for name in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "政府信息公开目录",
    ]:
        assert name in body
    # Art. 20 items, the one with items linked with its count; Art. 21 only for governments.
    assert f'/column/{agency.code}.statutory.20.3/">国民经济和社会发展规划' in body
    assert "突发公共事件的应急预案" in body
    assert "社会救助（暂无）" not in body
    assert f"/column/{library.own_column.code}/" in body  # the agency's own column
    assert agency.office_phone in body and agency.office_address in body
    assert f"/org/{agency.code}/guide/" in body and f"/org/{agency.code}/catalogue/" in body
    assert f"/org/{agency.code}/rss/" in body
    assert library.policy.title in body and library.withdrawn.title not in body


def test_city_government_page_lists_art21_items(client, library, city):
    assert "社会救助" in text(client.get(f"/org/{city.code}/"))


def test_unknown_agency_is_404(client, db):
    assert client.get("/org/no-such-agency/").status_code == 404


def test_root_column_redirects_to_agency_page(client, library, agency):
    response = client.get(f"/column/{agency.code}.zwgk/")
    assert response.status_code == 302 and response["Location"] == f"/org/{agency.code}/"


# --- column pages ----------------------------------------------------------------------------
def test_column_page_lists_its_items_not_drafts_or_withdrawn(client, library):
    response = client.get(f"/column/{library.own_column.code}/")
    assert response.status_code == 200
    body = text(response)
    assert library.policy.title in body
    assert library.draft.title not in body
    assert library.withdrawn.title not in body
    assert meta(response, "ColumnName") == "法治政府建设"
    assert meta(response, "ColumnType") == "自设栏目"
    # by id as well as by code
    assert client.get(f"/column/{library.own_column.pk}/").status_code == 200


def test_topic_column_lists_items_of_several_agencies(client, library, other_agency, editor, make_staff):
    other = published(other_agency, on=days_ago(3), title="大连市民政局关于保居民就业困难人员救助的通知")
    from zwgk.catalog.services import column_place

    column_place(actor=make_staff(other_agency, "editor"), column_id=library.topic.pk, document_id=other.pk)
    body = text(client.get(f"/column/{library.topic.code}/"))
    assert library.topic_item.title in body and other.title in body


def test_parent_column_lists_items_of_its_sub_columns(client, library, agency):
    body = text(client.get(f"/column/{agency.code}.statutory/"))
    assert library.policy.title in body
    assert "国民经济和社会发展规划" in body  # the sub-column navigation


def test_unknown_or_inactive_column_is_404(client, library):
    assert client.get("/column/nope/").status_code == 404
    library.own_column.is_active = False
    library.own_column.save()
    assert client.get(f"/column/{library.own_column.code}/").status_code == 404


def test_column_filters_by_year_genre_subject_and_validity(client, library, city):
    url = f"/column/{city.code}.statutory.20.1/"
    everything = text(client.get(url))
    assert listed(everything, library.rule_amended) and listed(everything, library.rule_repealed)

    repealed = text(client.get(url, {"validity": "repealed"}))
    assert listed(repealed, library.rule_repealed) and not listed(repealed, library.rule_amended)

    old_year = library.rule_repealed.published_on.year
    by_year = text(client.get(url, {"year": old_year}))
    assert listed(by_year, library.rule_repealed)
    if old_year != library.amending.published_on.year:
        assert not listed(by_year, library.amending)

    by_genre = text(client.get(url, {"genre": "jueding"}))
    assert listed(by_genre, library.amending) and not listed(by_genre, library.rule_amended)

    subject_hit = published(
        city,
        on=days_ago(2),
        title="大连市人民政府关于公共法律服务的若干规定",
        subjects=[subject("15.04")],
        genre=genre("guiding"),
        kind="normative",
        art20_categories=[art20("20.1")],
    )
    by_subject = text(client.get(url, {"subject": "15"}))  # level 1 includes its children
    assert listed(by_subject, subject_hit)
    assert listed(by_subject, library.rule_amended)  # tagged 15.03, also under 15

    by_child = text(client.get(url, {"subject": "15.04"}))
    assert listed(by_child, subject_hit) and not listed(by_child, library.rule_amended)


def test_bad_filter_values_are_ignored(client, library, city):
    response = client.get(
        f"/column/{city.code}.statutory.20.1/", {"year": "abc", "validity": "<x>", "page": "zz"}
    )
    assert response.status_code == 200
    assert library.rule_amended.title in text(response)


def test_column_paginates_and_keeps_filters_in_page_links(client, library, agency):
    from tests.factories import UserFactory, grant
    from zwgk.catalog.services import column_place

    placer = grant(UserFactory(), agency, "editor")
    for i in range(25):
        doc = published(agency, on=days_ago(40 + i), title=f"大连市司法局法治政府建设工作动态（第{i + 1}期）")
        column_place(actor=placer, column_id=library.own_column.pk, document_id=doc.pk)
    url = f"/column/{library.own_column.code}/"
    first = text(client.get(url, {"validity": "in_force"}))
    assert "第 1 页，共 2 页" in first
    assert "?validity=in_force&amp;page=2" in first
    second = text(client.get(url, {"validity": "in_force", "page": 2}))
    assert "第 2 页，共 2 页" in second
    assert "工作动态（第25期）" in second and "工作动态（第25期）" not in first


# --- document page ---------------------------------------------------------------------------
def test_document_page_shows_the_metadata_block(client, library, agency):
    doc = library.policy
    response = client.get(doc.get_absolute_url())
    assert response.status_code == 200
    body = text(response)
    for label, value in [
        ("索引号", doc.index_no),
        ("发布机构", agency.name),
        ("发文字号", "大司发〔2026〕8号"),
        ("成文日期", doc.signed_on.isoformat()),
        ("发布日期", doc.published_on.isoformat()),
        ("主题分类", "公安、安全、司法 / 法治政府"),
        ("体裁", "意见"),
        ("公开方式", "主动公开"),
        ("内容概述", doc.summary),
        ("主题词", "行政执法、规范化"),
    ]:
        assert re.search(rf"<dt>{label}</dt><dd>(<[^>]+>)?{re.escape(value)}", body), label
    assert doc.index_no.startswith(f"{agency.code}/{doc.published_on.year}-")
    assert "现将《大连市行政执法公示办法》印发给你们" in body  # the body


def test_document_page_has_the_cms_meta_tags(client, library, agency):
    doc = library.policy
    response = client.get(doc.get_absolute_url())
    assert meta(response, "SiteName") == "大连市人民政府 政府信息公开平台"
    assert meta(response, "SiteDomain") == "www.dl.gov.cn"
    assert meta(response, "SiteIDCode") == "2102000000"
    assert meta(response, "ArticleTitle") == doc.title
    assert meta(response, "PubDate").startswith(doc.published_on.isoformat())
    assert meta(response, "ContentSource") == "大连市司法局"
    assert meta(response, "Keywords") == "行政执法,规范化"
    assert meta(response, "Description") == doc.summary
    assert meta(response, "ColumnName") == "国民经济和社会发展规划、专项规划、区域规划及相关政策"
    assert meta(response, "ColumnType") == "法定主动公开内容（分项）"


def test_policy_and_interpretation_link_both_ways(client, library):
    policy_page = text(client.get(library.policy.get_absolute_url()))
    assert "政策解读" in policy_page
    assert f'href="{library.interpretation.get_absolute_url()}"' in policy_page
    interp_page = text(client.get(library.interpretation.get_absolute_url()))
    assert "解读的政策文件" in interp_page
    assert f'href="{library.policy.get_absolute_url()}"' in interp_page
    assert "问答" in interp_page


def test_amended_rule_shows_its_history_and_the_amending_decision(client, library):
    body = text(client.get(library.rule_amended.get_absolute_url()))
    assert "立改废情况" in body
    assert "当前有效性：<strong>已修改</strong>" in body
    assert "被修改" in body and "修改第五条、第九条" in body
    assert f'href="{library.amending.get_absolute_url()}"' in body
    amending = text(client.get(library.amending.get_absolute_url()))
    assert "修改了" in amending and f'href="{library.rule_amended.get_absolute_url()}"' in amending


def test_repealed_rule_shows_it_is_repealed_and_by_what(client, library):
    body = text(client.get(library.rule_repealed.get_absolute_url()))
    assert "本文件已废止" in body
    assert "当前有效性：<strong>已废止</strong>" in body
    assert "被废止" in body and library.repealing.title in body
    assert "废止了" in text(client.get(library.repealing.get_absolute_url()))


def test_draft_and_withdrawn_items_are_404(client, library):
    assert client.get(library.draft.get_absolute_url()).status_code == 404
    assert client.get(library.withdrawn.get_absolute_url()).status_code == 404


def test_withdrawn_item_disappears_from_lists(client, library, agency):
    for url in [
        "/",
        f"/org/{agency.code}/",
        f"/column/{library.own_column.code}/",
        f"/org/{agency.code}/catalogue/",
    ]:
        assert library.withdrawn.title not in text(client.get(url)), url


def test_print_view_and_share_link(client, library):
    url = library.policy.get_absolute_url()
    normal = text(client.get(url))
    assert 'href="/static/portal/print.css" media="print"' in normal
    assert 'href="?print=1"' in normal and "data-print" in normal
    assert f'value="http://testserver{url}"' in normal and "复制链接" in normal
    printed = text(client.get(url, {"print": "1"}))
    assert 'href="/static/portal/print.css" media="all"' in printed


def test_attachment_downloads_only_for_published_items(client, library, reviewer, settings, tmp_path):
    from io import BytesIO

    from zwgk.catalog.services import attachment_add

    pdf = BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    att = attachment_add(
        actor=reviewer, document_id=library.policy.pk, fileobj=pdf, original_name="实施意见.pdf"
    )
    page = text(client.get(library.policy.get_absolute_url()))
    url = f"/documents/{library.policy.pk}/attachments/{att.pk}/"
    assert url in page and "实施意见.pdf" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # not through another document's address, and not once the item is withdrawn
    assert client.get(f"/documents/{library.interpretation.pk}/attachments/{att.pk}/").status_code == 404
    from zwgk.catalog.services import document_withdraw

    document_withdraw(actor=reviewer, document_id=library.policy.pk, reason="更正")
    assert client.get(url).status_code == 404


# --- rules by validity -----------------------------------------------------------------------
def test_rules_are_listed_by_validity(client, library):
    in_force = text(client.get("/rules/"))
    assert listed(in_force, library.amending) and not listed(in_force, library.rule_repealed)
    assert "已废止（1）" in in_force and "已修改（1）" in in_force
    assert not listed(in_force, library.policy)  # a policy has no lifecycle
    repealed = text(client.get("/rules/", {"validity": "repealed"}))
    assert listed(repealed, library.rule_repealed) and not listed(repealed, library.amending)
    amended = text(client.get("/rules/", {"validity": "amended"}))
    assert listed(amended, library.rule_amended)


# --- guide and catalogue ---------------------------------------------------------------------
def test_guide_is_generated_from_the_data(client, library, agency):
    response = client.get(f"/org/{agency.code}/guide/")
    assert response.status_code == 200
    body = text(response)
    assert f"{agency.name}政府信息公开指南" in body
    assert "信息分类" in body and "编排体系" in body
    assert f"{agency.code}/{days_ago(0).year}-00001" in body  # the index-number pattern
    assert f'href="/apply/?organization={agency.code}"' in body
    assert agency.office_name in body and agency.office_phone in body and agency.office_hours in body
    assert "20个工作日内答复" in body
    assert "法治政府建设" in body  # its own column, from the data
    agency.office_phone = "0411-88889999"
    agency.save()
    assert "0411-88889999" in text(client.get(f"/org/{agency.code}/guide/"))  # always current


def test_catalogue_lists_index_title_summary_and_dates(client, library, agency):
    body = text(client.get(f"/org/{agency.code}/catalogue/"))
    doc = library.policy
    assert doc.index_no in body and doc.title in body and doc.summary in body
    assert doc.signed_on.isoformat() in body
    assert library.draft.title not in body


def test_catalogue_paginates(client, library, agency):
    for i in range(55):
        published(agency, on=days_ago(100 + i), title=f"大连市司法局公告（{i + 1}）")
    first = text(client.get(f"/org/{agency.code}/catalogue/"))
    assert "第 1 页，共 2 页" in first


# --- caching ---------------------------------------------------------------------------------
def test_public_pages_are_cacheable_with_etags(client, library, agency):
    for url in [
        "/",
        f"/org/{agency.code}/",
        f"/column/{library.own_column.code}/",
        library.policy.get_absolute_url(),
    ]:
        response = client.get(url)
        # Kept by browsers and proxies but revalidated each time (decision 0029): a withdrawn
        # page must not live on in them.
        assert response["Cache-Control"] == "public, no-cache", url
        etag = response["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url


def test_subscription_pages_are_never_cached(client, db):
    assert "no-store" in client.get("/subscribe/")["Cache-Control"]
