"""One design system, no outside services (issue 20.13): the portal and the back office each load
one stylesheet, both start from the same design tokens, and no page or stylesheet pulls anything
from another host (fonts, scripts, styles)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "zwgk"
PORTAL_CSS = ROOT / "portal" / "static" / "portal" / "portal.css"
BACKOFFICE_CSS = ROOT / "backoffice" / "static" / "backoffice" / "backoffice.css"


def tokens(css: Path) -> str:
    text = css.read_text(encoding="utf-8")
    return re.search(r":root \{.*?\}", text, re.S).group(0)


def test_portal_and_back_office_share_the_design_tokens():
    assert "--brand:" in tokens(PORTAL_CSS)
    assert tokens(BACKOFFICE_CSS) == tokens(PORTAL_CSS)


def stylesheets(html: str) -> list[str]:
    links = re.findall(r"<link\b[^>]*>", html)
    return [re.search(r'href="([^"]+)"', tag).group(1) for tag in links if 'rel="stylesheet"' in tag]


@pytest.mark.django_db
def test_each_side_loads_one_stylesheet(client, library, make_staff, agency):
    assert stylesheets(client.get("/").content.decode()) == ["/static/portal/portal.css"]
    # Public forms add the vendored proof-of-work widget's own stylesheet (decision 0021), nothing else.
    assert stylesheets(client.get("/apply/").content.decode()) == [
        "/static/portal/portal.css",
        "/static/vendor/altcha/altcha.css",
    ]
    assert stylesheets(client.get("/staff/login/").content.decode()) == ["/static/backoffice/backoffice.css"]
    staff = make_staff(agency, "handler", username="sfj_handler2")
    client.force_login(staff)
    for url in ("/staff/", "/staff/foi/"):
        assert stylesheets(client.get(url).content.decode()) == ["/static/backoffice/backoffice.css"], url


def test_no_page_or_stylesheet_loads_anything_from_another_host():
    outside = re.compile(r"""(?:src|href)=["']https?://|@import|url\(\s*["']?https?://|fonts\.googleapis""")
    files = [*ROOT.rglob("*.html"), *ROOT.rglob("*.css")]
    offenders = [str(f.relative_to(ROOT)) for f in files if outside.search(f.read_text(encoding="utf-8"))]
    assert offenders == []
