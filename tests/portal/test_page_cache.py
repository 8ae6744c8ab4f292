"""Public pages rendered once per change (issue 25.1, decision 0029): never stale after a change
that alters them, 304 from the versions alone, nothing personal or CSRF-bearing ever stored."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.catalog.factories import published
from tests.portal.factories import days_ago
from zwgk.catalog.services import document_link_interpretation, document_withdraw
from zwgk.core import page_cache
from zwgk.core.calendars import calendar_year_replace, parse_schedule

pytestmark = pytest.mark.django_db


def get(client, url: str, **headers):
    response = client.get(url, **headers)
    return response, response.content.decode()


def cache_state(client, url: str) -> str:
    return client.get(url).get("X-Page-Cache", "")


def test_a_page_is_rendered_once_then_served_from_the_cache(client, library, agency):
    for url in ["/", f"/org/{agency.code}/", f"/column/{library.own_column.code}/", "/rules/"]:
        assert cache_state(client, url) == "miss", url
        with CaptureQueriesContext(connection) as queries:
            assert cache_state(client, url) == "hit", url
        assert len(queries) == 0, url


def test_publishing_refreshes_the_lists_but_not_unrelated_document_pages(client, library, agency):
    lists = ["/", f"/org/{agency.code}/", "/rules/"]
    policy_url = library.policy.get_absolute_url()
    for url in [*lists, policy_url]:
        client.get(url)
    new = published(agency, on=days_ago(0), title="大连市司法局关于缓存测试新发布事项的通知")
    for url in lists:
        assert cache_state(client, url) == "miss", url
    assert "缓存测试新发布事项" in get(client, "/")[1]
    assert "缓存测试新发布事项" in get(client, f"/org/{agency.code}/")[1]
    # Another document's page does not show the new item: it stays cached.
    assert cache_state(client, policy_url) == "hit"
    assert get(client, new.get_absolute_url())[0].status_code == 200


def test_a_withdrawn_item_leaves_its_page_and_the_lists_at_once(client, library, agency, reviewer):
    url = library.topic_item.get_absolute_url()
    assert get(client, url)[0].status_code == 200
    assert cache_state(client, url) == "hit"
    assert library.topic_item.title in get(client, "/")[1]
    document_withdraw(actor=reviewer, document_id=library.topic_item.pk, reason="内容有误，撤回更正")
    assert get(client, url)[0].status_code == 404
    assert library.topic_item.title not in get(client, "/")[1]
    assert library.topic_item.title not in get(client, f"/column/{library.topic.code}/")[1]


def test_linking_an_interpretation_shows_on_the_policy_page_and_unlinking_removes_it(
    client, library, agency, reviewer
):
    policy_url = library.policy.get_absolute_url()
    answer = published(agency, on=days_ago(1), title="一图读懂行政执法规范化实施意见", kind="interpretation")
    assert "一图读懂" not in get(client, policy_url)[1]
    assert cache_state(client, policy_url) == "hit"
    document_link_interpretation(
        actor=reviewer, interpretation_id=answer.pk, policy_id=library.policy.pk, form="graphic"
    )
    assert "一图读懂" in get(client, policy_url)[1]
    assert library.policy.title in get(client, answer.get_absolute_url())[1]
    document_link_interpretation(actor=reviewer, interpretation_id=answer.pk, policy_id=None)
    assert "一图读懂" not in get(client, policy_url)[1]


def test_a_policy_retitled_or_withdrawn_refreshes_its_interpretation_page(client, library, reviewer):
    interpretation_url = library.interpretation.get_absolute_url()
    assert library.policy.title in get(client, interpretation_url)[1]
    document_withdraw(actor=reviewer, document_id=library.policy.pk, reason="政策调整")
    response, html = get(client, interpretation_url)
    assert response["X-Page-Cache"] == "miss"
    assert f">{library.policy.title}<" not in html


def test_an_amending_item_withdrawn_refreshes_the_amended_rule_page(
    client, library, city_editor, make_staff, city
):
    rule_url = library.rule_amended.get_absolute_url()
    assert library.amending.title in get(client, rule_url)[1]
    city_reviewer = make_staff(city, "reviewer", username="szf_reviewer")
    document_withdraw(actor=city_reviewer, document_id=library.amending.pk, reason="撤回")
    response, html = get(client, rule_url)
    assert response["X-Page-Cache"] == "miss"
    assert library.amending.get_absolute_url() not in html


def test_a_calendar_change_renders_every_page_again(client, library, agency):
    urls = ["/", library.policy.get_absolute_url(), "/organizations/"]
    for url in urls:
        client.get(url)
        assert cache_state(client, url) == "hit"
    calendar_year_replace(
        actor=None, schedule=parse_schedule(2031, ["2031-01-01", "2031-01-02"], []), source="test"
    )
    for url in urls:
        assert cache_state(client, url) == "miss", url


def test_an_organisation_renamed_shows_on_its_pages(client, library, agency):
    url = f"/org/{agency.code}/"
    client.get(url)
    agency.name = "大连市司法局（更名测试）"
    agency.save()
    assert "更名测试" in get(client, url)[1]
    assert "更名测试" in get(client, library.policy.get_absolute_url())[1]


def test_the_date_is_part_of_the_key(client, library, monkeypatch):
    client.get("/")
    assert cache_state(client, "/") == "hit"
    monkeypatch.setattr("zwgk.core.page_cache.timezone.localdate", lambda: date(2099, 1, 1))
    assert cache_state(client, "/") == "miss"


def test_a_conditional_get_answers_304_from_the_versions_without_rendering(client, library, agency):
    url = library.policy.get_absolute_url()
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.templates == [] and len(queries) == 0
    assert response["ETag"] == etag
    published(library.policy.organization, on=days_ago(0), title="新发布")
    # A change the page does not show keeps its ETag; one it shows changes it.
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    library.policy.title = library.policy.title + "（修订）"
    library.policy.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "（修订）" in changed.content.decode()
    assert changed["ETag"] != etag


def test_signed_in_users_and_sessions_bypass_the_cache(client, library, editor):
    client.get("/")
    assert cache_state(client, "/") == "hit"
    client.force_login(editor)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_page_holding_a_csrf_token_is_never_stored(db):
    rendered = []

    @page_cache.cached_page()
    def form_page(request):
        rendered.append(1)
        return HttpResponse(
            f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">'
        )

    factory = RequestFactory()
    for _ in range(2):
        response = form_page(factory.get("/form/"))
        assert "X-Page-Cache" not in response and "ETag" not in response
    assert len(rendered) == 2


def test_a_page_setting_a_cookie_is_never_stored(db):
    @page_cache.cached_page()
    def cookie_page(request):
        response = HttpResponse("x")
        response.set_cookie("seen", "1")
        return response

    assert "X-Page-Cache" not in cookie_page(RequestFactory().get("/c/"))


def test_the_version_is_bumped_again_after_the_commit(db, django_capture_on_commit_callbacks):
    def version() -> int:
        return page_cache.versions(["catalog"])["catalog"]

    start = version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            page_cache.bump("catalog")
            during = version()
            assert during != start  # at once: tests and the writer's own reads see it
    assert len(callbacks) == 1
    # Again after the commit: a worker that rendered the old rows in between stored them under
    # `during`, which nobody asks for any more.
    assert version() not in {start, during}


def test_an_evicted_version_never_comes_back_as_an_old_number(db):
    first = page_cache.versions(["catalog"])["catalog"]
    page_cache.cache.delete("zwgk:pv:catalog")
    assert page_cache.versions(["catalog"])["catalog"] > first


def test_a_new_page_opts_in_with_a_scope_of_its_own(db, monkeypatch):
    """The way decision 0029 tells a new page to join: its own scope, bumped by its app."""
    from zwgk.core.models import CalendarYear

    shown = {"text": "第一版"}

    @page_cache.cached_page("guides:{code}")
    def guide(request, code):
        return HttpResponse(f"{code} {shown['text']}")

    factory = RequestFactory()
    assert guide(factory.get("/g/a/"), code="a").content.decode() == "a 第一版"
    shown["text"] = "第二版"
    assert guide(factory.get("/g/a/"), code="a")["X-Page-Cache"] == "hit"
    page_cache.bump("guides:b")  # another guide: this one stays
    assert guide(factory.get("/g/a/"), code="a").content.decode() == "a 第一版"
    page_cache.bump("guides:a")
    assert guide(factory.get("/g/a/"), code="a").content.decode() == "a 第二版"

    monkeypatch.setitem(page_cache._watched, "core.CalendarYear", lambda row: [f"guides:{row.year}"])
    assert page_cache.scopes_for(CalendarYear(year=2030)) == ["guides:2030"]


def test_a_deferred_block_bumps_once_at_its_end_and_retires_every_page(client, library, agency, reviewer):
    # load-demo's path (issue 25.5): thousands of saves, the versions written once at the end.
    urls = ["/", library.policy.get_absolute_url(), library.topic_item.get_absolute_url()]
    for url in urls:
        client.get(url)
    before = page_cache.versions([page_cache.SITE])
    with page_cache.bumps_deferred():
        new = published(agency, on=days_ago(0), title="大连市司法局关于批量载入事项的通知")
        document_withdraw(actor=reviewer, document_id=library.topic_item.pk, reason="内容有误，撤回更正")
        assert page_cache.versions([page_cache.SITE]) == before
        assert cache_state(client, "/") == "hit"
    assert page_cache.versions([page_cache.SITE]) != before
    assert "批量载入事项" in get(client, "/")[1]
    assert get(client, urls[2])[0].status_code == 404
    assert cache_state(client, urls[1]) == "miss"
    assert get(client, new.get_absolute_url())[0].status_code == 200
