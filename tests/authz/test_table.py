"""The authorization table (tests/authz/table.py), tested row by row, and kept complete."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from unittest import mock

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz.table import ACTORS, ADMIN_SITE, ROWS, SIGNED_IN, Row, api, get
from zwgk.core.errors import NotPermitted

CSRF_SECRET = "authzTABLEauthzTABLEauthzTABLE12"  # 32 characters: a cookie value Django accepts
LOGIN_PAGES = ("/staff/login/", "/django-admin/login/")


def django_patterns() -> dict[str, str]:
    """Every URL pattern outside the JSON API: "namespace:name" (or the route, unnamed) → route."""
    found: dict[str, str] = {}

    def walk(resolver, prefix: str, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                if ns == "api":
                    continue  # listed by operation from the OpenAPI schema
                walk(p, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                found[f"{namespace}:{p.name or route}"] = route

    walk(get_resolver(), "", "")
    return found


def api_operations(client) -> set[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def rows_missing(rows: list[Row], operations: set[str]) -> list[str]:
    """The endpoints no row covers, each named as a row would name it."""
    listed = {row.endpoint for row in rows}

    def covered(key: str) -> bool:
        return key in listed or fnmatch(key, ADMIN_SITE.endpoint)

    missing = [f"{key}  (/{route})" for key, route in django_patterns().items() if not covered(key)]
    return missing + [op for op in sorted(operations) if not covered(op)]


def rows_stale(rows: list[Row], operations: set[str]) -> list[str]:
    existing = set(django_patterns()) | operations
    return [row.id for row in rows if row.endpoint not in existing]


def test_every_endpoint_has_a_row(client):
    missing = rows_missing(ROWS, api_operations(client))
    assert not missing, (
        "Endpoints without a row in tests/authz/table.py (add who may reach them):\n  " + "\n  ".join(missing)
    )


def test_every_row_names_an_endpoint(client):
    stale = rows_stale(ROWS, api_operations(client))
    assert not stale, "Rows of tests/authz/table.py naming no endpoint any more:\n  " + "\n  ".join(stale)


def test_the_completeness_checks_name_what_is_missing_and_what_is_stale(client):
    operations = api_operations(client)
    without = [
        row for row in ROWS if row.endpoint not in {"backoffice:foi_file", "GET /api/v1/staff/applications"}
    ]
    assert rows_missing(without, operations) == [
        "backoffice:foi_file  (/staff/foi/files/<int:pk>/)",
        "GET /api/v1/staff/applications",
    ]
    gone = [
        *ROWS,
        get("backoffice:foi_fax", SIGNED_IN),
        api("DELETE /api/v1/staff/documents/{document_id}", SIGNED_IN),
    ]
    assert rows_stale(gone, operations) == [
        "GET backoffice:foi_fax",
        "DELETE /api/v1/staff/documents/{document_id}",
    ]


def test_rows_are_unique_and_well_formed():
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for row in ROWS:
        row.expected  # noqa: B018 - asserts one mark per actor class


def _value(world, spec: str):
    if spec.startswith("="):
        return spec[1:]
    value = world
    for part in spec.split("."):
        value = getattr(value, part)
    return value


def _url(row: Row, world) -> str:
    params = {name: _value(world, spec) for name, spec in row.params.items()}
    if row.is_api:
        path = row.endpoint.split(" ", 1)[1]
        return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), path)
    return reverse(row.endpoint, kwargs=params)


def _data(row: Row, world) -> dict:
    data = row.data(world) if callable(row.data) else row.data
    return dict(data or {})


def request_as(row: Row, world, actor: str, url: str | None = None):
    """One request of the row as the actor, in a savepoint rolled back afterwards."""
    client = Client(enforce_csrf_checks=True)
    headers = {}
    if row.is_api:
        if world.tokens.get(actor):
            headers["HTTP_AUTHORIZATION"] = f"Token {world.tokens[actor]}"
    elif world.sessions.get(actor):
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor]
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    url = url or _url(row, world)
    cache.clear()  # rate limits of the public forms count per address, and every actor shares one
    refused: list[NotPermitted] = []
    real_init = NotPermitted.__init__

    def spy(self, *args, **kwargs):
        refused.append(self)
        real_init(self, *args, **kwargs)

    with transaction.atomic(), mock.patch.object(NotPermitted, "__init__", spy):
        if row.method == "GET":
            response = client.get(url, _data(row, world), **headers)
        elif row.is_api:
            body = json.dumps(_data(row, world))
            call = getattr(client, row.method.lower())
            response = call(url, body, content_type="application/json", **headers)
        else:
            data = {"csrfmiddlewaretoken": CSRF_SECRET, **_data(row, world)}
            response = client.post(url, data, **headers)
        transaction.set_rollback(True)
    # Views that catch a refusal and redirect back with a message still refused.
    response.refused = bool(refused)
    return response


def decision(response, row: Row, actor: str) -> str:
    """ "+" or "-", or what is wrong with the answer: a denial must take the form the caller
    expects (API without a token: 401; anonymous page: the login page; staff: 403 or 404)."""
    status = response.status_code
    to_login = (
        status in (301, 302, 303)
        and response["Location"].startswith(LOGIN_PAGES)
        and "next=" in response["Location"]
    )
    if status >= 500 or status == 405:
        return f"error {status}"
    denied = response.refused or status in (401, 403, 404) or to_login
    if not denied:
        return "+"
    if actor == "anonymous":
        ok = status == 401 if row.is_api else to_login
    else:
        # The admin site sends staff without `is_staff` to its own login page.
        ok = response.refused or status in (403, 404) or (to_login and row is ADMIN_SITE)
    return "-" if ok else f"denied with {status}"


# Rows open to everyone (or to every member of staff) are checked with a few actors standing for
# all of them, so that the whole table runs in reasonable time.
PUBLIC_SAMPLE = ("anonymous", "other:editor", "superuser")
SIGNED_IN_SAMPLE = ("anonymous", "own:editor", "other:handler", "city:supervisor", "superuser")


def _actors(row: Row) -> dict[str, bool]:
    expected = row.expected
    if all(expected.values()):
        return {actor: True for actor in PUBLIC_SAMPLE}
    if all(allowed for actor, allowed in expected.items() if actor != "anonymous"):
        return {actor: expected[actor] for actor in SIGNED_IN_SAMPLE}
    return expected


def _check(row: Row, world, urls=None) -> tuple[list[str], str]:
    """The actors whose outcome differs from the table's, and the outcomes seen as a table cell."""
    wrong, seen = [], {}
    for actor, allowed in _actors(row).items():
        for url in urls or [None]:
            response = request_as(row, world, actor, url)
            got = decision(response, row, actor)
            seen[actor] = got if len(got) == 1 else "!"
            want = "+" if allowed else "-"
            if got != want:
                wrong.append(f"{actor}: expected {want}, got {got} ({response.status_code} {url or ''})")
    marks = "".join(seen.get(actor, "?") for actor in ACTORS)
    return wrong, f"{marks[0]} | {marks[1:7]} | {marks[7:13]} | {marks[13]} | {marks[14]}"


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_access(row, world):
    wrong, seen = _check(row, world)
    assert not wrong, (
        f"{row.id} {_url(row, world)}:\n  " + "\n  ".join(wrong) + f'\n  seen: "{seen}" (? = not sampled)'
    )


@pytest.mark.django_db
def test_admin_site(world):
    """Every actor class on the index; the changelists (one guard for the whole site) with the
    anonymous caller, a platform administrator without `is_staff` and the superuser."""
    wrong, _ = _check(ADMIN_SITE, world, [reverse("admin:index")])
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for actor in ("anonymous", "own:admin", "superuser"):
            got = decision(request_as(ADMIN_SITE, world, actor, url), ADMIN_SITE, actor)
            if got != ("+" if ADMIN_SITE.expected[actor] else "-"):
                wrong.append(f"{actor}: got {got} at {url}")
    assert not wrong, "admin:* :\n  " + "\n  ".join(wrong)
