"""Issue 20 item 9: `GET /api/v1/staff/supervision/{year}` gives the supervision dashboard's
figures from the one selector behind both; on the demo data they agree cell by cell."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db

FIGURES = (
    "items_published",
    "interpretations_missing",
    "interpretations_late",
    "topic_items_late",
    "applications_received",
    "applications_open",
    "applications_overdue",
    "sites_failing",
)


def test_the_api_and_the_dashboard_agree_on_the_demo_data(client, api_client):
    call_command("load_demo", stdout=StringIO())
    supervisor = get_user_model().objects.get(username="supervisor")
    year = timezone.localdate().year
    body = api_client(supervisor).get(f"/api/v1/staff/supervision/{year}").json()
    client.force_login(supervisor)
    page = lxml_html.fromstring(client.get(f"/staff/supervision/?year={year}").content)

    rows = {tr.get("data-organization"): tr for tr in page.xpath("//tr[@data-organization]")}
    assert set(rows) == {a["organization"] for a in body["agencies"]}
    for agency in body["agencies"]:
        cells = {c.get("data-figure"): c for c in rows[agency["organization"]].xpath(".//*[@data-figure]")}
        shown = {name: int(cells[name].text_content().split()[0]) for name in FIGURES}
        assert shown == {name: agency[name] for name in FIGURES}, agency["organization"]
        assert cells["leader_filed"].get("data-value") == str(agency["leader_filed"]).lower()
        assert cells["annual_report"].get("data-value") == agency["annual_report"]["state"]
    # The demo has something to show in every column the issue names.
    totals = body["totals"]
    for name in ("items_published", "interpretations_missing", "applications_open", "sites_failing"):
        assert totals[name] > 0, name
    assert totals["interpretations_missing"] == sum(a["interpretations_missing"] for a in body["agencies"])


def test_only_supervisors_and_administrators(api_client, make_staff, agency, city):
    denied = api_client(make_staff(agency, "editor")).get("/api/v1/staff/supervision/2026")
    assert denied.status_code == 403 and set(denied.json()["error"]) == {"code", "message", "fields"}
    assert api_client().get("/api/v1/staff/supervision/2026").status_code == 401
    assert api_client(make_staff(city, "supervisor")).get("/api/v1/staff/supervision/2026").status_code == 200


@pytest.mark.parametrize("year", ["1999", "10000", str(timezone.localdate().year + 1)])
def test_a_year_out_of_range_is_refused_in_the_error_format(api_client, make_staff, city, year):
    response = api_client(make_staff(city, "supervisor")).get(f"/api/v1/staff/supervision/{year}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_failed"
