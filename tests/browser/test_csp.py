"""Issue 21.7: the CSP (decision 0019) blocks nothing the pages themselves need: every script
and style is a static file, the charts draw, Swagger UI runs, axe still audits."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.catalog.factories import published
from tests.foi.factories import register_case

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


@pytest.fixture
def watched(page):
    page.context.add_init_script(RECORD_VIOLATIONS)
    return page


def _violations(page):
    return page.evaluate("window.__csp")


def test_portal_pages_run_under_the_csp(watched, axe, agency, taxonomies_reloaded):
    doc = published(agency, on=date(2026, 3, 2))
    for url in ["/", f"/documents/{doc.pk}/", "/apply/"]:
        response = watched.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        watched.wait_for_load_state("load")
        assert _violations(watched) == [], url
    assert axe(watched) == []


def test_back_office_charts_draw_under_the_csp(watched, login, make_staff, city, agency):
    register_case(agency, make_staff(agency, "handler"), received_on="2026-09-24")
    make_staff(city, "supervisor", username="gkb")
    login("gkb")
    watched.get_by_role("link", name="监督总览").click()
    watched.wait_for_selector("#trend-chart svg")
    assert _violations(watched) == []


def test_api_docs_work_for_logged_in_staff_under_the_csp(watched, login, make_staff, city):
    make_staff(city, "supervisor", username="gkb")
    login("gkb")
    watched.goto("/api/v1/docs")
    expect(watched.get_by_text(re.compile("/api/v1/organizations")).first).to_be_visible()
    assert _violations(watched) == []
