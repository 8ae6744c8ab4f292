"""Links found on pages: internal or external, broken or not, hidden or hijacked."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from zwgk.monitoring.checks.domains import url_domain
from zwgk.monitoring.checks.pages import Link, Page


def extract_links(html: str, page_url: str) -> tuple[Link, ...]:
    """Page links of an HTML page in document order, absolute and without fragments."""
    return Page(html, page_url).links


def split_links(links: Iterable[Link], site_domain: str) -> tuple[list[Link], list[Link]]:
    """(internal, external): internal = same registrable domain as the site, first occurrence
    of each URL only, document order kept."""
    internal: list[Link] = []
    external: list[Link] = []
    seen: set[str] = set()
    for link in links:
        if link.url in seen:
            continue
        seen.add(link.url)
        (internal if url_domain(link.url) == site_domain else external).append(link)
    return internal, external


class LinkState(StrEnum):
    OK = "ok"
    BROKEN = "broken"  # the server answered with an error status (4xx, 5xx)
    UNREACHABLE = "unreachable"  # no answer: name, connection, TLS, timeout, redirect loop
    BLOCKED = "blocked"  # the SSRF guard refused to look; not known to be broken


# Error codes of zwgk.core.http.FetchError, as strings: this module does no I/O.
_BLOCKED = frozenset({"blocked_host", "blocked_address"})


def classify_link(status: int | None, error: str | None) -> LinkState:
    if error in _BLOCKED:
        return LinkState.BLOCKED
    if error == "too_large" and status is not None and status < 400:
        return LinkState.OK  # the page is there; it is only too big to read
    if error is not None or status is None:
        return LinkState.UNREACHABLE
    if status >= 400:
        return LinkState.BROKEN
    return LinkState.OK


def is_broken(state: LinkState) -> bool:
    return state in (LinkState.BROKEN, LinkState.UNREACHABLE)


class OutboundProblem(StrEnum):
    DOMAIN_GONE = "domain_gone"  # the linked domain no longer resolves: it can be re-registered
    OFF_SITE_REDIRECT = "off_site_redirect"  # the link now lands on another domain


def outbound_problem(link_url: str, final_url: str, *, nxdomain: bool) -> OutboundProblem | None:
    """Whether an outbound link looks hijacked: its domain is gone, or it redirects to another
    registrable domain (expired domains are bought and pointed at gambling sites)."""
    if nxdomain:
        return OutboundProblem.DOMAIN_GONE
    if url_domain(final_url) != url_domain(link_url):
        return OutboundProblem.OFF_SITE_REDIRECT
    return None


def hidden_outbound_links(links: Iterable[Link], site_domain: str) -> list[Link]:
    """External links a reader cannot see (暗链), each URL once, in document order."""
    seen: set[str] = set()
    out: list[Link] = []
    for link in links:
        if link.hidden and link.url not in seen and url_domain(link.url) != site_domain:
            seen.add(link.url)
            out.append(link)
    return out
