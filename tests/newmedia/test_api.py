"""The new-media endpoints: register, figures, filings, the report and the posting export."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.catalog.factories import published

pytestmark = pytest.mark.django_db


def test_an_agency_registers_reports_and_the_office_reads_the_report(api_client, make_staff, agency, city):
    keeper = make_staff(agency, "editor", username="sfj_nm")
    office = make_staff(city, "supervisor", username="gkb")
    today = timezone.localdate()
    api = api_client(keeper)
    opened = api.post(
        "/api/v1/staff/newmedia/accounts",
        {
            "organization": "dl-sfj",
            "platform": "weibo",
            "name": "大连司法微博",
            "operator": "市司法局办公室",
            "filed_on": str(today - timedelta(days=90)),
        },
    )
    assert opened.status_code == 201, opened.content
    account_id = opened.json()["id"]
    stale = api.post(
        f"/api/v1/staff/newmedia/accounts/{account_id}/figures",
        {"last_updated_on": str(today - timedelta(days=15)), "unanswered_messages": 0},
    )
    assert stale.status_code == 200 and stale.json()["reported_on"] == str(today)
    bad = api.post(
        f"/api/v1/staff/newmedia/accounts/{account_id}/figures",
        {"last_updated_on": str(today), "unanswered_messages": 2},
    )
    assert bad.status_code == 400 and "oldest_unanswered_on" in bad.json()["error"]["fields"]

    report = api_client(office).get("/api/v1/staff/newmedia/report").json()
    assert report["as_of"] == str(today)
    [row] = report["accounts"]
    assert row["name"] == "大连司法微博" and [f["code"] for f in row["findings"]] == ["not_updated"]
    assert api_client(office).get("/api/v1/staff/newmedia/accounts").json()["count"] == 1

    doc = published(agency, on=today, title="大连市司法局关于开展法治宣传月活动的通知")
    posts = api.get(f"/api/v1/staff/newmedia/accounts/{account_id}/posts").json()
    assert posts == [
        {
            "document_id": doc.pk,
            "title": doc.title,
            "summary": posts[0]["summary"],
            "link": f"http://testserver/documents/{doc.pk}/",
            "image": None,
        }
    ]
    closed = api.post(
        f"/api/v1/staff/newmedia/accounts/{account_id}/filings", {"kind": "closure", "filed_on": str(today)}
    )
    assert closed.status_code == 201 and closed.json()["filing_status"] == "closure"
    assert api_client(office).get("/api/v1/staff/newmedia/report").json()["accounts"] == []
