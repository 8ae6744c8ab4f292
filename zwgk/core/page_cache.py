"""Public pages rendered once per change (issue 25.1, decision 0029).

A portal view opts in with `@cached_page("catalog", "document:{pk}")`: its anonymous GETs are
kept in the Django cache (Redis at scale, the local cache otherwise) under the URL, the
language, today's date and the current version of every scope it names ("site" always
included; `{name}` is filled from the view's URL arguments). A change bumps the versions of the
scopes it touches, so the next request renders afresh; nothing is ever invalidated by deleting.

Bumps come from model signals (`SCOPES_BY_MODEL` below, plus `watch()` for other apps), once
at once and once more after the transaction commits: a worker that rendered the old rows
between the two stores them under a version nobody asks for any more. A page is never stored
when it set a CSRF token, touched the session or set a cookie, nor served from the cache to a
request that carries a session, a message or credentials. The version also makes the ETag, so
a conditional GET is answered 304 without rendering, and browsers and proxies are told to
revalidate every time (a withdrawn page must not live on in them).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags

from zwgk.core.security_headers import is_private

SITE = "site"  # every page depends on it: organisations, columns, taxonomy, the calendar
CACHE_CONTROL = "public, no-cache"  # keep, but revalidate: a 304 costs no rendering
PAGE_TIMEOUT = 24 * 3600  # the date is in the key anyway
_VERSION_PREFIX = "zwgk:pv:"
_PAGE_PREFIX = "zwgk:page:"
# Cookies that may make a page personal: the session (a signed-in user, flashed messages).
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

ScopeFn = Callable[[models.Model], Iterable[str]]
_watched: dict[str, ScopeFn] = {}


# --- versions ------------------------------------------------------------------------------


def _fresh() -> int:
    # A version key the cache evicted comes back as a new, never used number, never as 1
    # (pages stored under an earlier 1 would be served again).
    return time.time_ns()


def versions(scopes: Iterable[str]) -> dict[str, int]:
    keys = [_VERSION_PREFIX + s for s in scopes]
    found = cache.get_many(keys)
    out = {}
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, _fresh(), timeout=None)
            value = cache.get(key)
        out[key[len(_VERSION_PREFIX) :]] = value
    return out


def _incr(scopes: Iterable[str]) -> None:
    for scope in scopes:
        key = _VERSION_PREFIX + scope
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, _fresh(), timeout=None)


# Scopes collected by `bumps_deferred()` blocks, innermost last.
_deferred: list[set[str]] = []


def bump(*scopes: str) -> None:
    """The pages of these scopes changed: now, and again once the transaction commits."""
    wanted = sorted(set(scopes))
    if not wanted:
        return
    if _deferred:
        _deferred[-1].update(wanted)
        return
    _incr(wanted)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _incr(wanted))


@contextmanager
def bumps_deferred() -> Iterator[None]:
    """Bump every scope touched in the block once, when it ends (after the transactions it
    opened have committed): for bulk loads such as `load-demo`, whose thousands of saves would
    otherwise write versions to the cache twice each and query each document's related pages.
    Inside the block a saved row that shows publicly bumps "site", which retires every page;
    a page rendered meanwhile is stored under a version the final bump retires. Process-wide
    (it collects every thread's bumps): for commands, never inside request handling."""
    pending: set[str] = set()
    _deferred.append(pending)
    try:
        yield
    finally:
        _deferred.pop()
        bump(*pending)


# --- what a change touches -----------------------------------------------------------------


def watch(model: type[models.Model] | str, scopes: ScopeFn) -> None:
    """Bump `scopes(instance)` whenever a row of `model` is saved or deleted (or its m2m changes).
    Several apps may watch one model (the owner for its pages, another app whose pages show
    something derived from it): each watcher's scopes are bumped."""
    label = model if isinstance(model, str) else model._meta.label
    previous = _watched.get(label)
    if previous is None or previous is scopes:
        _watched[label] = scopes
    else:
        _watched[label] = lambda row: [*previous(row), *scopes(row)]


def ignore(model: type[models.Model] | str) -> None:
    """Rows of `model` never show on a cached page (a model of SITE_APPS that is private, such as
    complaints): saving one bumps nothing, not even in a deferred block."""
    watch(model, _ignored)


def _document_scopes(doc: Any) -> list[str]:
    """A document's page also shows the policy it interprets, its published interpretations and
    the items that amended or repealed it (or that it amended), by title and state: a change to
    one of them reaches the others' pages."""
    from zwgk.catalog.models import Document, LifecycleEvent

    related = {getattr(doc, "interprets_id", None), getattr(doc, "_page_cache_old_interprets", None)}
    related.update(Document.objects.filter(interprets_id=doc.pk).values_list("pk", flat=True))
    for a, b in LifecycleEvent.objects.filter(Q(document_id=doc.pk) | Q(by_id=doc.pk)).values_list(
        "document_id", "by_id"
    ):
        related.update((a, b))
    related.discard(None)
    related.discard(doc.pk)
    return ["catalog", f"document:{doc.pk}", *(f"document:{pk}" for pk in sorted(related))]


def _of_document(field: str) -> ScopeFn:
    return lambda row: ["catalog", f"document:{getattr(row, field)}"]


def _lifecycle_scopes(row: Any) -> list[str]:
    return ["catalog", f"document:{row.document_id}", *([f"document:{row.by_id}"] if row.by_id else [])]


def _site(row: Any) -> list[str]:
    return [SITE]


def _ignored(row: Any) -> list[str]:
    return []


# Models whose rows show on public pages. A model of SITE_APPS not named here bumps "site"
# (coarse but never stale); other apps' models (report drafts, letters, cases, audit rows)
# bump nothing unless named here or `watch()`ed.
SCOPES_BY_MODEL: dict[str, ScopeFn] = {
    "catalog.Document": _document_scopes,
    "catalog.Attachment": _of_document("document_id"),
    "catalog.ColumnPlacement": _of_document("document_id"),
    "catalog.LifecycleEvent": _lifecycle_scopes,
    "catalog.IndexCounter": _ignored,
    "reports.PublishedReport": lambda row: ["reports"],
    "casework.LibraryCase": lambda row: ["casework"],
    "organizations.Membership": _ignored,
    "core.CalendarYear": _site,
}
SITE_APPS = frozenset({"catalog", "organizations", "directory"})


def shows_publicly(label: str, app_label: str) -> bool:
    """Whether rows of this model may show on a public page."""
    fn = _watched.get(label) or SCOPES_BY_MODEL.get(label)
    return (fn is not None and fn is not _ignored) or (fn is None and app_label in SITE_APPS)


def scopes_for(instance: models.Model) -> list[str]:
    label = instance._meta.label
    fn = _watched.get(label) or SCOPES_BY_MODEL.get(label)
    if fn is not None:
        return list(fn(instance))
    if instance._meta.app_label in SITE_APPS:
        return [SITE]
    return []


def _on_pre_save(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if sender._meta.label == "catalog.Document" and instance.pk and not raw and not _deferred:
        old = sender._default_manager.filter(pk=instance.pk).values_list("interprets_id", flat=True).first()
        instance._page_cache_old_interprets = old


def _on_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    # loaddata: rows may point at rows not loaded yet; a deferred block retires every page
    # anyway, and working out a document's related pages costs queries per save.
    if kwargs.get("raw") or _deferred:
        if shows_publicly(instance._meta.label, instance._meta.app_label):
            bump(SITE)
        return
    scopes = scopes_for(instance)
    if scopes:
        bump(*scopes)


def _on_m2m(sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _on_change(sender, instance)


def connect() -> None:
    """Called once from CoreConfig.ready()."""
    pre_save.connect(_on_pre_save, dispatch_uid="page_cache.pre_save")
    post_save.connect(_on_change, dispatch_uid="page_cache.post_save")
    post_delete.connect(_on_change, dispatch_uid="page_cache.post_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="page_cache.m2m")


# --- the view decorator --------------------------------------------------------------------


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or "Authorization" in request.headers:
        return False
    if any(name in request.COOKIES for name in _PERSONAL_COOKIES):
        return False
    # No session cookie means an anonymous user: is_private() will not load a session for it.
    return not is_private(request)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    # Read, the session was empty (no session cookie came); written, it would start one.
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _page_key(request: HttpRequest, scopes: list[str]) -> tuple[str, str]:
    state = versions(scopes)
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.localdate().isoformat(),
        *(f"{s}={state[s]}" for s in scopes),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return _PAGE_PREFIX + digest, f'"{digest[:32]}"'


def _finish(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


def cached_page(*scopes: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve a public GET view from the page cache. `scopes` name what its content depends on,
    besides "site": "catalog" (any published item), "document:{pk}", "reports", "casework",
    or a scope of your own that your app bumps with `bump()` or `watch()`."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            names = [SITE, *sorted({s.format(**kwargs) for s in scopes} - {SITE})]
            key, etag = _page_key(request, names)
            if etag in parse_etags(request.headers.get("If-None-Match", "").replace("W/", "")):
                return _finish(HttpResponseNotModified(), etag)
            stored = cache.get(key)
            if stored is not None:
                status, headers, content = stored
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response["X-Page-Cache"] = "hit"
                return _finish(response, etag)
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                headers = [(k, v) for k, v in response.items() if k.lower() not in {"etag", "cache-control"}]
                cache.set(key, (response.status_code, headers, response.content), timeout=PAGE_TIMEOUT)
                response["X-Page-Cache"] = "miss"
                return _finish(response, etag)
            return response

        wrapper.page_cache_scopes = (SITE, *scopes)  # type: ignore[attr-defined]
        return wrapper

    return decorate
