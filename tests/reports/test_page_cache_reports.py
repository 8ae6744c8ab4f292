"""Publishing or correcting an annual report refreshes the cached portal pages that show it
(issue 25.1, decision 0029)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.reports.conftest import YEAR
from zwgk.reports import services

pytestmark = pytest.mark.django_db

REPORT_URL = "/reports/annual/dl-sfj/2025/"


def publish(agency, **kwargs):
    return services.report_publish(
        actor=None,
        organization=agency,
        year=YEAR,
        now=datetime(2026, 1, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        check_permission=False,
        **kwargs,
    )


def test_publishing_a_report_shows_on_the_cached_list_agency_page_and_report_page(client, agency, sfj_year):
    agency_url = f"/org/{agency.code}/"
    assert REPORT_URL not in client.get("/reports/annual/").content.decode()
    assert "/reports/annual/?organization=dl-sfj" not in client.get(agency_url).content.decode()
    for url in ["/reports/annual/", agency_url]:
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(REPORT_URL).status_code == 404
    publish(agency)
    assert REPORT_URL in client.get("/reports/annual/").content.decode()
    assert "/reports/annual/?organization=dl-sfj" in client.get(agency_url).content.decode()
    assert client.get(REPORT_URL).status_code == 200
    assert client.get(REPORT_URL)["X-Page-Cache"] == "hit"


def test_a_correction_replaces_the_cached_report_page(client, agency, sfj_year, make_case):
    publish(agency)
    assert "补录漏登记申请" not in client.get(REPORT_URL).content.decode()
    make_case(agency, "natural_person", "2025-06-01", ("replied", "2025-06-10", {"outcome": "3.1"}))
    publish(agency, correction_reason="补录漏登记申请")
    assert "补录漏登记申请" in client.get(REPORT_URL).content.decode()
