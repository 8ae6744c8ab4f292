"""Appeals through the API, counted by the annual report (RULES §2.10, §4.4; issue 19 item 8).

Received Mon 2026-03-02 → reply due Mon 2026-03-30. Reconsideration accepted Fri 04-03: ordinary
procedure → the body decides by Tue 06-02 (60 days); simplified → by Wed 05-06 (30 days end on
Sun 05-03, in 劳动节 05-01..05-05). Counted by hand; part 四 figures are typed, not computed.
"""

import pytest

from tests.foi.factories import register_case
from tests.reports.conftest import full_part3, full_part4

pytestmark = pytest.mark.django_db

REPORT = "/api/v1/reports/annual/2026"


@pytest.fixture
def case(agency, handler, on_day):
    on_day("2026-03-02")
    return register_case(agency, handler, received_on="2026-03-02", today="2026-03-02")


def post(api, case, on_day, day, **body):
    on_day(day)
    return api.post(f"/api/v1/staff/applications/{case.pk}/events", {"on": day, **body})


def part4(api):
    body = api.get(REPORT, organization="dl-sfj").json()
    assert body["checks"]["balanced"], body["checks"]
    return body["part4"], body["part3"]["rows"]


def test_an_overdue_open_case_takes_a_reconsideration_and_part_4_counts_it(
    api_client, case, handler, make_staff, agency, on_day
):
    api = api_client(handler)
    # A reply closes the case when its letter is issued: a signer's is at once (decision 0016).
    signer = api_client(make_staff(agency, "handler", "reviewer", username="sfj_signer"))
    early = post(api, case, on_day, "2026-03-30", type="reconsideration_filed")
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "reply_not_overdue"
    detail = api.get(f"/api/v1/staff/applications/{case.pk}").json()
    assert "reconsideration_filed" not in detail["available_events"]

    on_day("2026-03-31")
    detail = api.get(f"/api/v1/staff/applications/{case.pk}").json()
    assert "reconsideration_filed" in detail["available_events"]
    filed = post(api, case, on_day, "2026-03-31", type="reconsideration_filed")
    assert filed.status_code == 200, filed.content
    body = filed.json()
    assert body["state"] == "in_progress"  # an appeal never closes or reopens a case
    assert body["appeals"] == [
        {
            "kind": "reconsideration",
            "filed_on": "2026-03-31",
            "decided_on": None,
            "result": "pending",
            "against": 0,
            "accepted_on": None,
            "procedure": None,
            "extended_on": None,
        }
    ]
    appeals, rows = part4(api)
    assert appeals == full_part4({"reconsideration": {"pending": 1, "total": 1}})
    assert rows["1"]["total"] == 1 and rows["4"]["total"] == 1 and rows["3.7"]["total"] == 0

    # The late reply closes the case; the reconsideration goes on and is decided.
    assert post(signer, case, on_day, "2026-04-10", type="replied", outcome="3.1").json()["state"] == "closed"
    accepted = post(api, case, on_day, "2026-04-13", type="reconsideration_accepted", procedure="simplified")
    assert accepted.status_code == 200
    decided = post(api, case, on_day, "2026-05-06", type="reconsideration_decided", result="corrected")
    assert decided.json()["appeals"][0]["result"] == "corrected"
    # The 纠正 concerned the failure to reply, which the reply cured: nothing to reply again.
    assert "rereplied" not in decided.json()["available_events"]
    appeals, rows = part4(api)
    assert appeals == full_part4({"reconsideration": {"corrected": 1, "total": 1}})
    assert rows["3.1"]["total"] == 1 and rows["4"]["total"] == 0


def test_a_direct_lawsuit_against_the_failure_to_reply(api_client, case, handler, on_day):
    api = api_client(handler)
    sued = post(api, case, on_day, "2026-04-01", type="litigation_filed", after_reconsideration=False)
    assert sued.status_code == 200, sued.content
    appeals, _ = part4(api)
    assert appeals == full_part4({"litigation_direct": {"pending": 1, "total": 1}})


def test_litigation_after_the_bodys_silence(api_client, case, handler, make_staff, agency, on_day):
    api = api_client(handler)
    # A reply closes the case when its letter is issued: a signer's is at once (decision 0016).
    signer = api_client(make_staff(agency, "handler", "reviewer", username="sfj_signer"))
    post(signer, case, on_day, "2026-03-20", type="replied", outcome="3.3.5")
    post(api, case, on_day, "2026-03-31", type="reconsideration_filed")
    bad = post(api, case, on_day, "2026-04-03", type="reconsideration_accepted", procedure="quick")
    assert bad.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["procedure"]
    accepted = post(api, case, on_day, "2026-04-03", type="reconsideration_accepted", procedure="ordinary")
    assert accepted.json()["appeals"][0]["accepted_on"] == "2026-04-03"
    assert accepted.json()["appeals"][0]["procedure"] == "ordinary"
    early = post(api, case, on_day, "2026-06-02", type="litigation_filed", after_reconsideration=True)
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "reconsideration_period_not_over"
    sued = post(api, case, on_day, "2026-06-03", type="litigation_filed", after_reconsideration=True)
    assert sued.status_code == 200, sued.content
    appeals, _ = part4(api)
    assert appeals == full_part4(
        {
            "reconsideration": {"pending": 1, "total": 1},
            "litigation_after_reconsideration": {"pending": 1, "total": 1},
        }
    )


def test_the_bodys_extension_comes_within_its_period(api_client, case, handler, make_staff, agency, on_day):
    api = api_client(handler)
    # A reply closes the case when its letter is issued: a signer's is at once (decision 0016).
    signer = api_client(make_staff(agency, "handler", "reviewer", username="sfj_signer"))
    post(signer, case, on_day, "2026-03-20", type="replied", outcome="3.1")
    post(api, case, on_day, "2026-03-31", type="reconsideration_filed")
    post(api, case, on_day, "2026-04-03", type="reconsideration_accepted", procedure="ordinary")
    late = post(api, case, on_day, "2026-06-03", type="reconsideration_extended")
    assert late.status_code == 409 and late.json()["error"]["code"] == "reconsideration_period_over"
    ok = post(api, case, on_day, "2026-06-02", type="reconsideration_extended")
    assert ok.json()["appeals"][0]["extended_on"] == "2026-06-02"
    # 60 + 30 days from 04-03: Thu 07-02; silence is only over after it.
    early = post(api, case, on_day, "2026-07-02", type="litigation_filed", after_reconsideration=True)
    assert early.json()["error"]["code"] == "reconsideration_period_not_over"
    sued = post(api, case, on_day, "2026-07-03", type="litigation_filed", after_reconsideration=True)
    assert sued.status_code == 200


def test_a_corrected_reply_is_replied_again_and_appealed_again(
    api_client, case, handler, make_staff, agency, on_day
):
    api = api_client(handler)
    # A reply closes the case when its letter is issued: a signer's is at once (decision 0016).
    signer = api_client(make_staff(agency, "handler", "reviewer", username="sfj_signer"))
    post(signer, case, on_day, "2026-03-20", type="replied", outcome="3.3.5")
    post(api, case, on_day, "2026-03-31", type="reconsideration_filed")
    post(api, case, on_day, "2026-04-03", type="reconsideration_accepted", procedure="simplified")
    refused = post(api, case, on_day, "2026-04-20", type="rereplied", outcome="3.1")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "rereply_needs_correction"
    decided = post(api, case, on_day, "2026-04-30", type="reconsideration_decided", result="corrected")
    assert "rereplied" in decided.json()["available_events"]

    again = post(api, case, on_day, "2026-05-08", type="rereplied", outcome="3.1")
    assert again.status_code == 200, again.content
    body = again.json()
    # The annual report's row stays the first closing: outcome 3.3.5 on 2026-03-20.
    assert (body["state"], body["outcome"]) == ("closed", "3.3.5")
    assert body["rereplies"] == [{"on": "2026-05-08", "outcome": "3.1"}]
    assert [(x["kind"], x["outcome"]) for x in body["letters"]] == [("reply", "3.3.5"), ("rereply", "3.1")]

    appealed = post(api, case, on_day, "2026-05-20", type="reconsideration_filed")
    assert appealed.status_code == 200, appealed.content
    assert [a["against"] for a in appealed.json()["appeals"]] == [1, 2]
    appeals, rows = part4(api)
    assert appeals == full_part4({"reconsideration": {"corrected": 1, "pending": 1, "total": 2}})
    assert rows == full_part3(
        {
            "1": {"natural_person": 1, "total": 1},
            "3.3.5": {"natural_person": 1, "total": 1},
            "3.7": {"natural_person": 1, "total": 1},
        }
    )


def test_one_pending_appeal_per_group(api_client, case, handler, make_staff, agency, on_day):
    api = api_client(handler)
    # A reply closes the case when its letter is issued: a signer's is at once (decision 0016).
    signer = api_client(make_staff(agency, "handler", "reviewer", username="sfj_signer"))
    post(signer, case, on_day, "2026-03-20", type="replied", outcome="3.1")
    post(api, case, on_day, "2026-03-31", type="reconsideration_filed")
    again = post(api, case, on_day, "2026-04-01", type="reconsideration_filed")
    assert again.status_code == 409 and again.json()["error"]["code"] == "appeal_pending"
