"""Rich-text bodies: sanitised on the way in (nh3), flattened to plain text for search."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "sub", "sup", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "img", "blockquote", "div", "span", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "p": {"style"},
    "div": {"style"},
}
# Government documents centre titles and indent paragraphs; nothing else from inline styles.
ALLOWED_STYLE_PROPERTIES = {"text-align", "text-indent"}

_BLOCK_END = re.compile(r"</(p|div|h[2-4]|li|tr|table|blockquote)>|<br\s*/?>|<hr\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def sanitize_html(value: str) -> str:
    """Only harmless markup survives: no scripts, event handlers, iframes or javascript: links."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        link_rel="noopener noreferrer",
    ).strip()


def plain_text_to_html(text: str) -> str:
    """Paragraphs of an imported plain-text document as HTML (one <p> per non-empty line)."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return "\n".join(f"<p>{html_lib.escape(line)}</p>" for line in lines if line)


def html_to_text(value: str) -> str:
    """Readable plain text of a sanitised body: blocks become lines, entities are decoded."""
    text = _BLOCK_END.sub("\n", value or "")
    text = _TAG.sub("", text)
    text = html_lib.unescape(text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()
