"""One parse of an HTML page, from which links, title, text, list items and dates are read.

Pure: takes the page's text and URL, does no I/O. lxml parses broken real-world HTML the way
browsers roughly do and is fast enough for crawls of tens of thousands of pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

_DEFAULT_PORTS = {"http": 80, "https": 443}
# How the sites the inspection sees name their search: words in a form's action, text fields.
_SEARCH_WORDS = re.compile(r"search|sousuo|jsearch|zhannei|/so/")
_SEARCH_FIELDS = frozenset({"q", "query", "keyword", "keywords", "searchword", "wd", "kw", "sw", "key"})
# Browsers drop ASCII tab and newline anywhere in a URL and trim surrounding whitespace.
_URL_NOISE = re.compile(r"[\t\n\r]")


def normalize_url(href: str, base: str) -> str | None:
    """Absolute http(s) URL without fragment, lower-case scheme and host, no default port.

    None for what is not a page link: ``javascript:``, ``mailto:``, ``tel:``, bare fragments,
    other schemes, malformed URLs.
    """
    href = _URL_NOISE.sub("", href).strip()
    if not href or href.startswith("#"):
        return None
    try:
        parts = urlsplit(urljoin(base, href))
        port = parts.port
        host = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str
    # Hidden from readers (display:none, off-screen …): the classic 暗链 injected into a
    # compromised government site to sell search-engine rank.
    hidden: bool = False


# Inline styles that hide an element. Hiding through a stylesheet class cannot be seen without
# rendering the page; these inline forms are what injected spam links use in practice.
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none"
    r"|visibility\s*:\s*hidden"
    r"|(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\d{3,}"
    r"|font-size\s*:\s*0(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|(?:width|height)\s*:\s*0(?:px)?\s*(?:;|$|!)",
    re.IGNORECASE,
)
_SKIP_TEXT = {"script", "style", "noscript", "template"}
_WS = re.compile(r"\s+")
_META_DATE_NAMES = frozenset(
    {"pubdate", "publishdate", "publish_date", "firstpublishedtime", "articlepubdate", "date", "dc.date"}
)
_LINK_ATTRS = (("a", "href"), ("area", "href"), ("iframe", "src"), ("frame", "src"))


def normalize_text(text: str) -> str:
    """NFKC (full-width ASCII to half-width), whitespace collapsed, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _is_hidden(el: lxml.html.HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDING_STYLE.search(style))


class Page:
    """A parsed HTML page; each property is computed once, on first use."""

    def __init__(self, html: str, url: str) -> None:
        self.url = url
        try:
            self._root: lxml.html.HtmlElement | None = (
                lxml.html.document_fromstring(html) if html.strip() else None
            )
        except (lxml.etree.ParserError, ValueError):
            self._root = None

    @cached_property
    def base_url(self) -> str:
        if self._root is not None:
            for base in self._root.iter("base"):
                href = base.get("href")
                if href:
                    return urljoin(self.url, href.strip())
        return self.url

    @cached_property
    def title(self) -> str:
        if self._root is None:
            return ""
        for el in self._root.iter("title"):
            return normalize_text(el.text_content())
        return ""

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Every page link in document order (duplicates kept: the caller decides)."""
        if self._root is None:
            return ()
        out: list[Link] = []
        hidden_cache: dict[lxml.html.HtmlElement, bool] = {}
        tags = {tag: attr for tag, attr in _LINK_ATTRS}
        for el in self._root.iter(*tags):
            if not isinstance(el, lxml.html.HtmlElement):
                continue
            raw = el.get(tags[str(el.tag)])
            if raw is None:
                continue
            url = normalize_url(raw, self.base_url)
            if url is None:
                continue
            out.append(Link(url, normalize_text(el.text_content()), self._hidden(el, hidden_cache)))
        return tuple(out)

    def _hidden(self, el: lxml.html.HtmlElement, cache: dict[lxml.html.HtmlElement, bool]) -> bool:
        # Memoised per element: links share ancestors, and a page may have thousands of links.
        if el in cache:
            return cache[el]
        parent = el.getparent()
        hidden = _is_hidden(el) or (isinstance(parent, lxml.html.HtmlElement) and self._hidden(parent, cache))
        cache[el] = hidden
        return hidden

    @cached_property
    def text(self) -> str:
        """Visible text of the body, normalised (scripts, styles and comments left out)."""
        if self._root is None:
            return ""
        body = self._root.find("body")
        return normalize_text(" ".join(_visible_strings(body if body is not None else self._root)))

    def item_texts(self, xpath: str | None = None) -> tuple[str, ...]:
        """Texts of list entries that carry a link: ``<li>``, table rows and ``<dd>`` by default,
        or the elements a column's configured XPath selects."""
        if self._root is None:
            return ()
        if xpath is not None:
            found = self._root.xpath(xpath)
            elements = (
                [e for e in found if isinstance(e, lxml.html.HtmlElement)] if isinstance(found, list) else []
            )
        else:
            elements = [e for e in self._root.iter("li", "tr", "dd") if isinstance(e, lxml.html.HtmlElement)]
        return tuple(
            normalize_text(" ".join(_visible_strings(e)))
            for e in elements
            if e.tag == "a" or next(e.iter("a"), None) is not None
        )

    @cached_property
    def has_search(self) -> bool:
        """Whether the page offers a site search (RULES §5.1: a site without one loses points):
        a ``<search>`` landmark, a form with ``role="search"``, a search input, or a form whose
        action or text field is named like a search (``search``, ``sousuo``, ``q``, ``keyword`` …)."""
        if self._root is None:
            return False
        if next(self._root.iter("search"), None) is not None:
            return True
        for form in self._root.iter("form"):
            if (form.get("role") or "").strip().lower() == "search":
                return True
            if _SEARCH_WORDS.search((form.get("action") or "").lower()):
                return True
            for field in form.iter("input"):
                kind = (field.get("type") or "text").strip().lower()
                if kind == "search":
                    return True
                if kind == "text" and (field.get("name") or "").strip().lower() in _SEARCH_FIELDS:
                    return True
        return False

    @cached_property
    def meta_dates(self) -> tuple[str, ...]:
        """Contents of publication-date metas (``<meta name="PubDate" content="2026-11-20 10:00">``)."""
        if self._root is None:
            return ()
        return tuple(
            m.get("content", "")
            for m in self._root.iter("meta")
            if (m.get("name") or "").strip().lower() in _META_DATE_NAMES and m.get("content")
        )


def _visible_strings(root: lxml.html.HtmlElement) -> list[str]:
    """Text and tails in document order, without script/style/… content nor comments.

    Iterative (lxml's iterwalk), so that a maliciously deep page cannot exhaust the stack.
    """
    out: list[str] = []
    skip = 0
    for event, el in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "start":
            if skip or el.tag in _SKIP_TEXT:
                skip += 1
            elif el.text:
                out.append(el.text)
        elif event == "end":
            if skip:
                skip -= 1
            if not skip and el is not root and el.tail:
                out.append(el.tail)
        elif not skip and el.tail:  # a comment or processing instruction: only its tail shows
            out.append(el.tail)
    return out
