"""Harvesting an existing government site (集约整合): find its document pages and read them.

Pure reading (`parse_document`) plus an async crawl over the one outbound client; no Django. A
government document page shows a metadata block — 索引号, 发布机构, 发文字号, 成文日期, 发布日期,
主题分类, 有效性 … — as a ``<table>`` of label/value cells, or as ``<ul>/<li>`` or ``<dl>/<dt>/<dd>``
lines, plus the meta tags the national site standard (GB/T 国家政府网站规范) asks for
(ArticleTitle, PubDate, ContentSource, Keywords, Description) and the body in a container the CMS
names (``#zoom``, ``.TRS_Editor``, ``#UCAP-CONTENT`` …). What cannot be read is reported with a
reason, never guessed into a draft.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

from zwgk.core.http import FetchResult, OutboundClient
from zwgk.monitoring.checks import Page, extract_dates, normalize_url, url_domain

# label on the page → field; the first label found for a field wins.
LABELS: dict[str, str] = {
    "索引号": "index_no",
    "发布机构": "publisher",
    "发文机关": "publisher",
    "发文单位": "publisher",
    "发布单位": "publisher",
    "公开主体": "publisher",
    "发文字号": "doc_no",
    "文号": "doc_no",
    "成文日期": "signed_on",
    "成文时间": "signed_on",
    "发文日期": "signed_on",
    "发布日期": "published_on",
    "发布时间": "published_on",
    "公开日期": "published_on",
    "主题分类": "subject",
    "有效性": "validity",
    "时效性": "validity",
    "效力状态": "validity",
    "标题": "title",
    "文件名称": "title",
    "名称": "title",
    "体裁分类": "genre",
    "公文种类": "genre",
    "文种": "genre",
    "主题词": "keywords",
    "关键词": "keywords",
}
_LABEL_ALT = "|".join(sorted(LABELS, key=len, reverse=True))
_LABEL_ONLY = re.compile(rf"^(?:{_LABEL_ALT})\s*[:：]?$")
_LABEL_VALUE = re.compile(rf"^(?P<label>{_LABEL_ALT})\s*[:：]\s*(?P<value>.+)$")
# Elements whose own text may be "label：value"; block containers are read through their cells.
_LINE_TAGS = frozenset(
    {"li", "p", "span", "div", "td", "th", "dd", "dt", "label", "em", "strong", "b", "font"}
)
_INLINE = frozenset({"span", "b", "strong", "em", "font", "label", "i", "a", "u", "br"})
# Body containers of the CMSs Chinese government sites run on (TRS, 开普云 UCAP, 大汉 …).
_BODY_HINTS = (
    "zoom", "ucap-content", "trs_editor", "article-content", "articlecontent", "article_content",
    "zwnr", "pages_content", "content", "article", "view", "custom_unionstyle", "main-txt",
)  # fmt: skip
_ATTACHMENT_EXT = frozenset({"pdf", "doc", "docx", "xls", "xlsx", "wps", "ofd", "zip", "rar", "et", "txt"})
_DROP = ("script", "style", "noscript", "iframe", "form", "object", "embed")
_TITLE_SUFFIX = re.compile(r"\s*[_|｜\-–—]\s*[^_|｜\-–—]*$")
_SPLIT_WORDS = re.compile(r"[,，;；、\s]+")
VALIDITY_WORDS: tuple[tuple[str, str], ...] = (
    ("废止", "repealed"),
    ("失效", "expired"),
    ("修改", "amended"),
    ("修订", "amended"),
    ("有效", "in_force"),
)
_ANY_DAY = date(9999, 12, 31)  # metadata dates are written in full; no year to infer


@dataclass(frozen=True)
class AttachmentLink:
    url: str
    name: str


@dataclass
class ParsedDocument:
    url: str
    title: str
    body_html: str
    index_no: str = ""
    publisher: str = ""
    doc_no: str = ""
    signed_on: date | None = None
    published_on: date | None = None
    subject: str = ""
    validity: str = ""  # zwgk.catalog Validity values; "" when the page does not say
    genre: str = ""
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    source: str = ""
    attachments: list[AttachmentLink] = field(default_factory=list)

    def fields(self) -> dict[str, object]:
        """What the old page said, JSON-safe, for the reviewer."""
        return {
            "index_no": self.index_no,
            "publisher": self.publisher,
            "doc_no": self.doc_no,
            "signed_on": self.signed_on.isoformat() if self.signed_on else None,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "subject": self.subject,
            "validity": self.validity,
            "genre": self.genre,
            "keywords": self.keywords,
            "source": self.source,
            "attachments": [{"url": a.url, "name": a.name} for a in self.attachments],
        }


class Unparsed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_WS = re.compile(r"\s+")


def _clean(text: str) -> str:
    # Whitespace only: NFKC would turn a title's full-width （试行） into (试行).
    return _WS.sub(" ", text).strip()


def _text(el: lxml.html.HtmlElement) -> str:
    return _clean(el.text_content())


def read_metadata(root: lxml.html.HtmlElement) -> tuple[dict[str, str], set[lxml.html.HtmlElement]]:
    """{field: value} from the page's label/value block, and the elements that held it."""
    found: dict[str, str] = {}
    holders: set[lxml.html.HtmlElement] = set()
    for el in root.iter(*_LINE_TAGS):
        if not isinstance(el, lxml.html.HtmlElement):
            continue
        text = _text(el)
        if not text or len(text) > 300:
            continue
        if _LABEL_ONLY.match(text):
            # <th>索引号</th><td>…</td> and <dt>索引号：</dt><dd>…</dd>: the value is the next cell.
            nxt = el.getnext()
            label = text.rstrip(":： ")
            if nxt is not None and isinstance(nxt, lxml.html.HtmlElement):
                value = _text(nxt)
                if value and not _LABEL_ONLY.match(value):
                    found.setdefault(LABELS[label], value)
                    holders.update((el, nxt))
            continue
        if all(child.tag in _INLINE for child in el if isinstance(child.tag, str)):
            # <li><span>索引号：</span>2102…</li>, <p>发文字号：大政发〔2026〕1号</p>
            m = _LABEL_VALUE.match(text)
            if m is not None and not _LABEL_VALUE.search(m.group("value")[1:]):
                found.setdefault(LABELS[m.group("label")], m.group("value").strip())
                holders.add(el)
    return found, holders


def read_metas(root: lxml.html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        name = (m.get("name") or "").strip().lower()
        content = _clean(m.get("content") or "")
        if name and content:
            out.setdefault(name, content)
    return out


def _first_date(text: str) -> date | None:
    dates = extract_dates(text, today=_ANY_DAY)
    return dates[0] if dates else None


def _has_class(el: lxml.html.HtmlElement, hints: Iterable[str]) -> str | None:
    names = {(el.get("id") or "").lower(), *(el.get("class") or "").lower().split()}
    for hint in hints:
        if hint in names:
            return hint
    return None


def find_body(
    root: lxml.html.HtmlElement, exclude: set[lxml.html.HtmlElement]
) -> lxml.html.HtmlElement | None:
    """The body container: the first CMS-named one with text, else the element holding most
    paragraph text. Containers holding the metadata block are passed over when a tighter one
    exists."""
    named: list[tuple[int, lxml.html.HtmlElement]] = []
    for el in root.iter("div", "article", "td", "section"):
        if not isinstance(el, lxml.html.HtmlElement):
            continue
        hint = _has_class(el, _BODY_HINTS)
        if hint is not None and len(_text(el)) >= 20:
            named.append((_BODY_HINTS.index(hint), el))
    for _, el in sorted(named, key=lambda pair: pair[0]):
        if not any(_contains(el, h) for h in exclude):
            return el
    best: lxml.html.HtmlElement | None = None
    best_len = 0
    for el in root.iter("div", "article", "td", "section"):
        if not isinstance(el, lxml.html.HtmlElement) or any(_contains(el, h) for h in exclude):
            continue
        size = sum(len(_text(p)) for p in el.findall("p"))
        if size > best_len:
            best, best_len = el, size
    return best if best_len >= 20 else None


def _contains(outer: lxml.html.HtmlElement, inner: lxml.html.HtmlElement) -> bool:
    return any(a is outer for a in inner.iterancestors()) or outer is inner


def body_html(container: lxml.html.HtmlElement, base_url: str) -> str:
    """The container's inner HTML without scripts and the like (the catalogue sanitises again),
    links and images made absolute: the old site's relative paths mean nothing here."""
    copy = lxml.html.fromstring(lxml.html.tostring(container, encoding="unicode"))
    for bad in list(copy.iter(*_DROP)):
        bad.drop_tree()
    copy.make_links_absolute(base_url, resolve_base_href=False, handle_failures="discard")
    parts = [copy.text or ""]
    parts.extend(lxml.html.tostring(child, encoding="unicode") for child in copy)
    return "".join(parts).strip()


def attachment_links(page: Page, container: lxml.html.HtmlElement | None) -> list[AttachmentLink]:
    out: dict[str, AttachmentLink] = {}
    for link in page.links:
        path = urlsplit(link.url).path.lower()
        ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
        if ext in _ATTACHMENT_EXT and link.url not in out:
            name = link.text or unquote(path.rsplit("/", 1)[-1])
            out[link.url] = AttachmentLink(link.url, name[:200])
    return list(out.values())


def _validity(text: str) -> str:
    for word, value in VALIDITY_WORDS:
        if word in text:
            return value
    return ""


def parse_document(html: str, url: str) -> ParsedDocument:
    """Read one document page; raises `Unparsed` with the reason when it is not one."""
    page = Page(html, url)
    root = _root(html)
    if root is None:
        raise Unparsed("页面为空或不是 HTML")
    meta, holders = read_metadata(root)
    metas = read_metas(root)
    if not meta and not ({"articletitle", "pubdate"} & set(metas)):
        raise Unparsed("没有元数据（索引号、发文字号等）也没有 ArticleTitle/PubDate 标签，不像文件页面")
    title = metas.get("articletitle") or meta.get("title", "")
    if not title:
        h1 = next(root.iter("h1"), None)
        head_title = next(root.iter("title"), None)
        if h1 is not None:
            title = _text(h1)
        elif head_title is not None:
            title = _TITLE_SUFFIX.sub("", _text(head_title))
    if not title:
        raise Unparsed("未找到标题")
    container = find_body(root, holders)
    if container is None:
        raise Unparsed("未找到正文")
    body = body_html(container, page.base_url)
    if len(_clean(lxml.html.fromstring(f"<div>{body}</div>").text_content())) < 10:
        raise Unparsed("正文过短或为空")
    keywords_text = metas.get("keywords") or meta.get("keywords", "")
    return ParsedDocument(
        url=url,
        title=title[:300],
        body_html=body,
        index_no=meta.get("index_no", "")[:80],
        publisher=meta.get("publisher", "") or metas.get("contentsource", ""),
        doc_no=meta.get("doc_no", "").strip("无 ")[:100],
        signed_on=_first_date(meta.get("signed_on", "")),
        published_on=_first_date(meta.get("published_on", "") or metas.get("pubdate", "")),
        subject=meta.get("subject", ""),
        validity=_validity(meta.get("validity", "")),
        genre=meta.get("genre", ""),
        keywords=[k for k in _SPLIT_WORDS.split(keywords_text) if k][:20],
        summary=metas.get("description", ""),
        source=metas.get("contentsource", "")[:200],
        attachments=attachment_links(page, container),
    )


# --------------------------------------------------------------------------------------------
# Finding the document pages of a column


_NEXT_PAGE = frozenset({"下一页", "下页", "next", "›", ">", "»"})


def listing_links(
    html: str, url: str, *, site_domain: str, link_pattern: re.Pattern[str] | None
) -> tuple[list[str], str | None]:
    """The document links of a column list page, in order: links matching `link_pattern`, or by
    default the links inside dated list entries (menus carry no dates); and the next list page."""
    page = Page(html, url)
    if link_pattern is not None:
        urls = [link.url for link in page.links if link_pattern.search(link.url)]
    else:
        urls = []
        root = _root(html)
        for entry in root.iter("li", "tr", "dd") if root is not None else ():
            if not isinstance(entry, lxml.html.HtmlElement) or not extract_dates(
                _text(entry), today=_ANY_DAY
            ):
                continue
            for a in entry.iter("a"):
                link = normalize_url(a.get("href") or "", page.base_url)
                if link is not None:
                    urls.append(link)
    own = [u for u in dict.fromkeys(urls) if url_domain(u) == site_domain and u != page.url]
    return own, next_page_link(page)


def _root(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html) if html.strip() else None
    except (lxml.etree.ParserError, ValueError):
        return None


def next_page_link(page: Page) -> str | None:
    for link in page.links:
        if link.text.strip().lower() in _NEXT_PAGE and link.url != page.url:
            return link.url
    return None


@dataclass
class Harvested:
    """One candidate document page: parsed, or the reason it was not."""

    url: str
    position: int
    document: ParsedDocument | None = None
    reason: str = ""
    attachments: list[tuple[AttachmentLink, FetchResult]] = field(default_factory=list)


def _failure(r: FetchResult) -> str:
    if r.error is not None:
        return f"无法访问（{r.error.value}）"
    return f"HTTP {r.status}"


async def harvest_pages(
    start_url: str,
    *,
    client: OutboundClient,
    site_domain: str,
    link_pattern: str = "",
    max_pages: int = 500,
    max_list_pages: int = 50,
    concurrency: int = 8,
    fetch_attachments: bool = True,
) -> AsyncIterator[Harvested]:
    """Walk the column's list pages (following 下一页), then fetch and parse each document page,
    yielding results in list order as they are ready (a few in flight)."""
    pattern = re.compile(link_pattern) if link_pattern else None
    urls: list[str] = []
    list_url: str | None = start_url
    seen_lists: set[str] = set()
    while list_url is not None and list_url not in seen_lists and len(seen_lists) < max_list_pages:
        seen_lists.add(list_url)
        r = await client.fetch(list_url)
        if not r.ok or not r.is_html:
            if not urls:
                raise Unparsed(f"栏目列表页{_failure(r)}")
            break
        found, list_url = listing_links(
            r.body_text, r.final_url, site_domain=site_domain, link_pattern=pattern
        )
        urls.extend(u for u in found if u not in urls)
        if len(urls) >= max_pages:
            break
    urls = urls[:max_pages]

    async def one(position: int, url: str) -> Harvested:
        r = await client.fetch(url)
        item = Harvested(url, position)
        if not r.ok:
            item.reason = _failure(r)
        elif not r.is_html:
            item.reason = f"不是网页（{r.content_type}）"
        else:
            try:
                item.document = parse_document(r.body_text, r.final_url)
            except Unparsed as exc:
                item.reason = exc.reason
        if item.document is not None and fetch_attachments:
            for link in item.document.attachments:
                item.attachments.append((link, await client.fetch(link.url)))
        return item

    # A sliding window keeps memory bounded and the output in list order.
    window: list[asyncio.Task[Harvested]] = []
    for position, url in enumerate(urls):
        window.append(asyncio.ensure_future(one(position, url)))
        if len(window) >= concurrency:
            yield await window.pop(0)
    for task in window:
        yield await task
