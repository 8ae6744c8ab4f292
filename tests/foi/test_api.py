"""API.md "Applications" through the test client: status codes, error codes, shapes."""

from datetime import date

import pytest

from tests.foi.factories import ApplicantFactory, register_case
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db

D = date.fromisoformat

BODY = {
    "organization": "dl-sfj",
    "applicant": {
        "type": "natural_person",
        "name": "张明",
        "id_number": "210202198001010008",
        "phone": "13912345678",
        "email": "zhang@example.cn",
        "address": "辽宁省大连市中山区人民路10号",
    },
    "title": "2025年度城市道路维修养护资金使用情况",
    "description": "请提供2025年度本市城市道路维修养护资金的预算和支出。",
    "delivery": "email",
}


@pytest.fixture
def case(agency, handler, on_day):
    on_day("2026-03-02")
    return register_case(agency, handler, received_on="2026-03-02", today="2026-03-02")


def post_event(api, case, **body):
    return api.post(f"/api/v1/staff/applications/{case.pk}/events", body)


# --- public ------------------------------------------------------------------------------------


def test_public_submit_returns_only_the_tracking_code(api_client, agency):
    response = api_client().post("/api/v1/applications", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert list(body) == ["tracking_code"]
    assert Application.objects.get(tracking_code=body["tracking_code"]).state == "submitted"


def test_public_submit_with_bad_input_is_a_400_with_fields(api_client, agency):
    bad = {**BODY, "applicant": {**BODY["applicant"], "id_number": "210202198001010000", "name": ""}}
    response = api_client().post("/api/v1/applications", bad)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert {"applicant.id_number", "applicant.name"} <= set(error["fields"])


def test_public_submit_unknown_agency_is_a_400(api_client, agency):
    response = api_client().post("/api/v1/applications", {**BODY, "organization": "nowhere"})
    assert response.status_code == 400
    assert "organization" in response.json()["error"]["fields"]


def test_public_submit_is_rate_limited(api_client, agency, settings):
    settings.ZWGK_RATE_LIMITS = {**settings.ZWGK_RATE_LIMITS, "public_form": (2, 3600)}
    api = api_client()
    assert [api.post("/api/v1/applications", BODY).status_code for _ in range(3)] == [201, 201, 429]
    assert api.post("/api/v1/applications", BODY).json()["error"]["code"] == "rate_limited"


def test_tracking_shows_state_dates_and_reply_without_personal_data(
    api_client, case, handler, on_day, make_staff, agency
):
    api = api_client()
    body = api.get(f"/api/v1/applications/track/{case.tracking_code}").json()
    assert body["state"] == "in_progress"
    assert body["received_on"] == "2026-03-02" and body["due_on"] == "2026-03-30"
    assert body["reply"] is None
    on_day("2026-03-20")
    # A caller who may sign the reply off issues it at once (API.md; issue 19 item 10).
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    post_event(api_client(signer), case, type="replied", on="2026-03-20", outcome="3.1")
    body = api.get(f"/api/v1/applications/track/{case.tracking_code.lower().replace('-', ' ')}").json()
    assert body["reply"] == {"replied_on": "2026-03-20", "outcome": "3.1", "outcome_label": "予以公开"}
    assert body["due_on"] is None
    text = str(body)
    for secret in (case.applicant_name, case.id_number, case.phone, case.email, case.address):
        assert secret not in text
    assert set(body) == {
        "tracking_code", "organization", "state", "state_label", "submitted_on", "received_on",
        "due_on", "due_provisional", "paused", "closed_on", "reply", "letters", "reply_awaiting_signoff",
    }  # fmt: skip
    assert body["reply_awaiting_signoff"] is False
    (letter,) = body["letters"]  # issued with the reply: the letter is the reply
    assert (letter["kind"], letter["outcome"], letter["letter_date"]) == ("reply", "3.1", "2026-03-20")


def test_tracking_unknown_code_is_a_404(api_client, case):
    assert api_client().get("/api/v1/applications/track/7KQ2-M9XD-3FHT").status_code == 404
    assert api_client().get("/api/v1/applications/track/not-a-code").status_code == 404


def test_tracking_is_rate_limited(api_client, case, settings):
    settings.ZWGK_RATE_LIMITS = {**settings.ZWGK_RATE_LIMITS, "tracking_lookup": (3, 600)}
    api = api_client()
    codes = [api.get("/api/v1/applications/track/7KQ2-M9XD-3FHT").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


# --- staff: register, read, list ---------------------------------------------------------------


def test_register_returns_the_case(api_client, agency, handler, on_day):
    on_day("2026-10-12")
    body = {**BODY, "channel": "post", "received_on": "2026-09-24"}
    response = api_client(handler).post("/api/v1/staff/applications", body)
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["due_on"] == "2026-10-29"  # 中秋+国庆, Sat 10-10 worked
    assert case["due_provisional"] is False
    assert case["correction_notice_due_on"] == "2026-10-12"  # 09-28, 29, 30, 10-08, 09, 10, 12
    assert case["workdays_left"] == 13
    assert case["letters"] == []


def test_register_an_imported_case_with_its_history(api_client, agency, handler, on_day):
    on_day("2026-11-27")
    body = {
        **BODY,
        "channel": "letter",
        "received_on": "2026-03-02",
        "events": [
            {"type": "fee_notice_sent", "on": "2026-03-10", "basis": "per_page", "quantity": 120},
            {"type": "fee_paid", "on": "2026-03-13"},
            {"type": "replied", "on": "2026-04-01", "outcome": "3.1"},
        ],
    }
    case = api_client(handler).post("/api/v1/staff/applications", body).json()
    assert case["state"] == "closed" and case["imported"] is True
    # Pages 31–100 at ¥10 (700) and 101–120 at ¥20 (400).
    assert case["fee"] == {
        "basis": "per_page", "quantity": 120, "amount_yuan": "1100.00", "already_counted": 0,
        "sent_on": "2026-03-10", "paid_on": "2026-03-13", "due_on": "2026-04-08",
    }  # fmt: skip


def test_register_needs_a_token(api_client, agency):
    response = api_client().post(
        "/api/v1/staff/applications", {**BODY, "channel": "post", "received_on": "2026-03-02"}
    )
    assert response.status_code == 401


def test_register_at_another_agency_is_forbidden(api_client, agency, other_handler, on_day):
    on_day("2026-03-02")
    response = api_client(other_handler).post(
        "/api/v1/staff/applications", {**BODY, "channel": "in_person", "received_on": "2026-03-02"}
    )
    assert response.status_code == 403


def test_detail_has_the_api_md_shape(api_client, case, handler):
    body = api_client(handler).get(f"/api/v1/staff/applications/{case.pk}").json()
    for key in (
        "id", "tracking_code", "organization", "state", "received_on", "due_on", "due_provisional",
        "workdays_left", "correction_notice_due_on", "outcome", "consultations", "events", "fee", "letters",
    ):  # fmt: skip
        assert key in body
    assert body["organization"] == "dl-sfj"
    assert body["workdays_left"] == 20
    assert body["correction_notice_due_on"] == "2026-03-11"
    assert body["events"][0]["type"] == "registered"
    assert body["fee"] is None


def test_detail_schema_is_documented_and_drops_nothing(api_client, case, handler):
    """The response schema describes every key case_json builds (a missing one would be dropped)."""
    from django.utils import timezone

    from zwgk.api.foi import case_json
    from zwgk.core.calendars import calendar_current
    from zwgk.foi.selectors import access_case

    body = api_client(handler).get(f"/api/v1/staff/applications/{case.pk}").json()
    built = case_json(access_case(handler, case.pk, today=timezone.localdate(), cal=calendar_current()))
    assert set(body) == set(built)
    assert set(body["applicant"]) == set(built["applicant"])
    schema = api_client(handler).get("/api/v1/openapi.json").json()
    detail = schema["paths"]["/api/v1/staff/applications/{application_id}"]["get"]
    assert detail["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/CaseOut")
    assert "letters" in schema["components"]["schemas"]["CaseOut"]["properties"]


def test_detail_of_another_agencys_case_is_a_404(api_client, case, other_handler):
    assert api_client(other_handler).get(f"/api/v1/staff/applications/{case.pk}").status_code == 404


def test_supervisor_sees_the_subtree_but_other_supervisors_do_not(api_client, case, supervisor, make_staff):
    from tests.factories import OrganizationFactory

    assert api_client(supervisor).get(f"/api/v1/staff/applications/{case.pk}").status_code == 200
    district = OrganizationFactory(code="dl-zsq", kind="district", parent=case.organization.parent)
    outsider = make_staff(district, "supervisor", username="zsq_gkb")
    assert api_client(outsider).get(f"/api/v1/staff/applications/{case.pk}").status_code == 404


def test_list_filters_by_queue_and_counts(api_client, agency, handler, on_day):
    on_day("2026-03-26")
    due_soon = register_case(agency, handler, received_on="2026-03-02", today="2026-03-26")
    overdue = register_case(agency, handler, received_on="2026-02-02", today="2026-03-26")
    register_case(agency, handler, received_on="2026-03-20", today="2026-03-26")
    api = api_client(handler)
    body = api.get("/api/v1/staff/applications", queue="due_soon").json()
    assert [r["id"] for r in body["results"]] == [due_soon.pk]
    assert body["results"][0]["workdays_left"] == 2
    body = api.get("/api/v1/staff/applications", queue="overdue").json()
    assert [r["id"] for r in body["results"]] == [overdue.pk]
    assert body["results"][0]["workdays_left"] < 0
    assert body["counts"]["open"] == 3 and body["counts"]["mine"] == 3
    assert api.get("/api/v1/staff/applications", queue="nope").status_code == 400


# --- staff: events -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "events, expected",
    [
        (
            [{"type": "correction_requested", "on": "2026-03-05", "period_workdays": 10}],
            {"state": "awaiting_correction", "due_on": None},
        ),
        (
            [
                {"type": "correction_requested", "on": "2026-03-05", "period_workdays": 10},
                {"type": "correction_received", "on": "2026-03-12"},
            ],
            {"state": "in_progress", "due_on": "2026-04-10"},
        ),
        (
            [
                {
                    "type": "consultation_started",
                    "on": "2026-03-10",
                    "party": "甲公司",
                    "kind": "third_party",
                },
                {"type": "consultation_ended", "on": "2026-03-17", "consultation_id": 1, "objected": False},
            ],
            {"state": "in_progress", "due_on": "2026-04-07"},
        ),
        (
            [
                {"type": "fee_notice_sent", "on": "2026-03-10", "basis": "per_page", "quantity": 50},
                {"type": "fee_paid", "on": "2026-03-13"},
            ],
            {"state": "in_progress", "due_on": "2026-04-02"},
        ),
        (
            # 3.1's letter has nothing to write in, so a signer's reply is issued at once.
            [{"type": "replied", "on": "2026-03-20", "outcome": "3.1"}],
            {"state": "closed", "outcome": "3.1"},
        ),
        ([{"type": "withdrawn", "on": "2026-03-05"}], {"state": "closed", "outcome": "3.6.3"}),
        (
            [
                {"type": "replied", "on": "2026-03-20", "outcome": "3.3.6"},
                {"type": "reconsideration_filed", "on": "2026-04-01"},
                {"type": "reconsideration_decided", "on": "2026-05-20", "result": "other"},
                {"type": "litigation_filed", "on": "2026-05-28", "after_reconsideration": True},
                {"type": "litigation_decided", "on": "2026-09-10", "result": "upheld"},
            ],
            {"state": "closed", "outcome": "3.3.6"},
        ),
    ],
    ids=["correction", "corrected", "consultation", "fee", "reply", "withdrawal", "appeals"],
)
def test_every_event_type_through_the_api(api_client, case, on_day, events, expected, make_staff, agency):
    on_day("2026-11-27")
    # A handler who may also sign off: the reply is issued at once (API.md; decision 0016).
    api = api_client(make_staff(agency, "handler", "reviewer", username="sfj_signer"))
    for event in events:
        response = post_event(api, case, **event)
        assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in expected} == expected
    assert [e["type"] for e in body["events"]][1:] == [e["type"] for e in events]


def test_extension_through_the_api_by_the_office_head(api_client, case, office_head, handler):
    response = post_event(
        api_client(handler), case, type="extended", on="2026-03-02", workdays=10, reason="档案较多"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "extension_needs_office_head"
    response = post_event(
        api_client(office_head), case, type="extended", on="2026-03-02", workdays=10, reason="档案较多"
    )
    assert response.status_code == 200
    assert response.json()["due_on"] == "2026-04-14"


def test_consultation_started_returns_its_id(api_client, case, handler):
    body = post_event(
        api_client(handler), case, type="consultation_started", on="2026-03-02", party="甲公司", kind="agency"
    ).json()
    assert body["consultation_id"] == 1
    assert body["consultations"] == [
        {"id": 1, "party": "甲公司", "kind": "agency", "started_on": "2026-03-02", "ended_on": None,
         "answer_due_on": "2026-03-23"},
    ]  # fmt: skip
    assert body["paused"] is True  # the clock stops from the letter on


def test_disallowed_event_is_a_409_with_a_clear_code(api_client, case, handler):
    response = post_event(api_client(handler), case, type="fee_paid", on="2026-03-02")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "event_not_allowed"
    assert "办理中" in error["message"]


def test_invalid_event_payload_is_a_400(api_client, case, handler):
    response = post_event(api_client(handler), case, type="replied", on="2026-03-02", outcome="7")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_outcome"
    assert "outcome" in response.json()["error"]["fields"]


def test_event_on_another_agencys_case_is_a_404(api_client, case, other_handler):
    response = post_event(api_client(other_handler), case, type="replied", on="2026-03-02", outcome="3.1")
    assert response.status_code == 404


def test_confirming_an_online_submission_through_the_api(api_client, agency, handler, on_day):
    on_day("2026-11-27")
    code = api_client().post("/api/v1/applications", BODY).json()["tracking_code"]
    case = Application.objects.get(tracking_code=code)
    response = post_event(api_client(handler), case, type="registered", on="2026-11-27")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["received_on"], body["due_on"]) == ("in_progress", "2026-11-27", "2026-12-25")


def test_assigning_a_handler_through_the_api(api_client, case, office_head, handler):
    response = api_client(office_head).put(
        f"/api/v1/staff/applications/{case.pk}/handler", {"handler": "sfj_head"}
    )
    assert response.status_code == 200
    assert response.json()["handler"] == "sfj_head"


# --- the calendar ------------------------------------------------------------------------------


def test_loading_a_calendar_year_recomputes_open_deadlines(
    api_client, agency, handler, office_head, admin_user, on_day, make_staff
):
    on_day("2026-11-27")
    case = register_case(agency, handler, received_on="2026-11-20", today="2026-11-27")
    post_event(
        api_client(office_head), case, type="extended", on="2026-11-27", workdays=20, reason="档案较多"
    )
    before = api_client(handler).get(f"/api/v1/staff/applications/{case.pk}").json()
    # 12-18 + 20 working days, 2027 on its provisional calendar (RULES §1): 12-21..25 (5),
    # 12-28..31 (9), Fri 2027-01-01 元旦 off, 01-04..08 (14), 01-11..15 (19), 01-18 (20).
    assert (before["due_on"], before["due_provisional"]) == ("2027-01-18", True)
    closed = register_case(agency, handler, received_on="2026-11-20", today="2026-11-27")
    signer = make_staff(agency, "handler", "reviewer", username="sfj_signer")
    post_event(api_client(signer), closed, type="replied", on="2026-11-27", outcome="3.1")

    # A made-up 2027 schedule (the real one is not published) with Mon 01-04 off as well.
    response = api_client(admin_user).put(
        "/api/v1/staff/calendar/2027",
        {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"], "workdays": []},
    )
    assert response.status_code == 200
    after = api_client(handler).get(f"/api/v1/staff/applications/{case.pk}").json()
    assert (after["due_on"], after["due_provisional"]) == ("2027-01-19", False)
    recomputed = after["events"][-1]
    assert recomputed["type"] == "calendar_recomputed"
    assert recomputed["payload"]["due_on_before"] == "2027-01-18"
    assert recomputed["payload"]["due_on_after"] == "2027-01-19"
    assert Application.objects.get(pk=case.pk).due_on == D("2027-01-19")
    # A closed case and a case not crossing into 2027 are left alone.
    assert not closed.events.filter(type="calendar_recomputed").exists()

    # Loading the same schedule again moves nothing, so nothing more is recorded.
    api_client(admin_user).put(
        "/api/v1/staff/calendar/2027",
        {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"], "workdays": []},
    )
    assert case.events.filter(type="calendar_recomputed").count() == 1


def test_applicant_factory_numbers_are_valid(agency):
    # The factory's identity numbers pass the service's GB 11643 check.
    from zwgk.foi.services import _clean_applicant

    errors = {}
    _clean_applicant(ApplicantFactory(), errors)
    assert errors == {}
