import re

import pytest
from playwright.sync_api import expect

from tests.foi.factories import register_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervision_dashboard_is_accessible_with_its_charts(page, axe, login, make_staff, city, agency):
    register_case(agency, make_staff(agency, "handler"), received_on="2026-09-24")
    make_staff(city, "supervisor", username="gkb")
    login("gkb")
    page.get_by_role("link", name="监督总览").click()
    expect(page.get_by_role("heading", name=re.compile("政务公开监督总览"))).to_be_visible()
    page.wait_for_selector("#trend-chart svg")
    page.wait_for_selector("#agency-chart svg")
    expect(page.get_by_role("row", name="市司法局")).to_be_visible()
    violations = axe(page)
    assert violations == [], axe.describe(violations)
