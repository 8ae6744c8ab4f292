"""GET /api/v1/qa exactly as API.md's "Interfaces for systems outside" writes it, and the staff side."""

from datetime import date

import pytest

from zwgk.catalog.services import document_record_lifecycle
from zwgk.knowledge.models import QueryLog

pytestmark = pytest.mark.django_db

QUESTION = "申请法律援助的经济困难标准是多少？"
ANSWER = "家庭人均月收入低于本市最低工资标准的，视为经济困难。"


def test_the_hotline_reads_current_answers_and_expired_ones_on_request(
    api_client, admin_user, agency, other_agency, policy, publish_entry
):
    entry = publish_entry(agency, QUESTION, ANSWER, "document", policy.pk, tags=["法律援助"])
    call = publish_entry(agency, "法律援助热线是多少？", "12348。", "hotline_call", reference="8890-1")
    api = api_client()

    body = api.get("/api/v1/qa", q="法律援助", organization="dl-sfj").json()
    assert body["count"] == 2 and body["next"] is None
    first = body["results"][0]
    assert first == {
        "id": call.pk,
        "question": "法律援助热线是多少？",
        "answer": "12348。",
        "agency": "大连市司法局",
        "organization": "dl-sfj",
        "tags": [],
        "source": {"kind": "hotline_call", "id": None, "url": None},
        "current": True,
        "updated_on": entry.updated_on.isoformat(),
    }
    second = body["results"][1]
    assert second["source"] == {
        "kind": "document",
        "id": policy.pk,
        "url": f"http://testserver/documents/{policy.pk}/",
    }
    assert "expired_because" not in second
    assert api.get("/api/v1/qa", q="法律援助", organization="dl-mzj").json()["count"] == 0

    document_record_lifecycle(actor=admin_user, document_id=policy.pk, kind="repealed", on=date(2026, 5, 6))

    assert [r["id"] for r in api.get("/api/v1/qa", q="法律援助").json()["results"]] == [call.pk]
    rows = api.get("/api/v1/qa", q="法律援助", include_expired="1").json()["results"]
    expired = next(r for r in rows if r["id"] == entry.pk)
    assert expired["current"] is False and "已废止" in expired["expired_because"]
    assert next(r for r in rows if r["id"] == call.pk)["current"] is True

    logged = list(QueryLog.objects.order_by("id").values_list("normalised", "organization_code", "results"))
    assert logged[0] == ("法律援助", "dl-sfj", 2) and logged[-2] == ("法律援助", "", 1)


def test_bad_input_is_a_400_in_the_api_format(api_client, agency):
    response = api_client().get("/api/v1/qa", organization="no-such-agency")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"organization": "不存在"}
    assert api_client().get("/api/v1/qa", page="0").status_code == 400


def test_staff_create_and_submit_and_hotline_staff_propose(
    api_client, editor, reviewer, hotline_staff, agency, policy
):
    created = api_client(editor).post(
        "/api/v1/staff/qa",
        {
            "organization": "dl-sfj",
            "question": QUESTION,
            "answer": ANSWER,
            "tags": ["法律援助"],
            "source": {"kind": "document", "id": policy.pk},
        },
    )
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    submitted = api_client(editor).post(f"/api/v1/staff/qa/{entry_id}/submit", {"note": "请审签"})
    assert submitted.json() == {"id": entry_id, "state": "submitted"}
    assert api_client(hotline_staff).post(f"/api/v1/staff/qa/{entry_id}/submit").status_code == 404

    bad = api_client(editor).post(
        "/api/v1/staff/qa",
        {
            "organization": "dl-sfj",
            "question": "",
            "answer": "答",
            "source": {"kind": "document", "id": policy.pk},
        },
    )
    assert bad.status_code == 400 and "question" in bad.json()["error"]["fields"]

    call = {
        "organization": "dl-sfj",
        "question": "法援申请要带什么？",
        "answer": "身份证明等。",
        "call_reference": "8890-7",
    }
    proposed = api_client(hotline_staff).post("/api/v1/staff/qa/calls", call)
    assert proposed.status_code == 201 and proposed.json()["state"] == "submitted"
    assert api_client(editor).post("/api/v1/staff/qa/calls", call).status_code == 403


def test_statistics_for_staff(api_client, editor, agency, publish_entry, policy):
    publish_entry(agency, QUESTION, ANSWER, "document", policy.pk)
    anonymous = api_client()
    for q in ["法律援助", "法律援助", "落户"]:
        anonymous.get("/api/v1/qa", q=q, organization="dl-sfj")
    anonymous.get("/api/v1/qa", q="落户")  # no agency: not the agency's statistics
    body = api_client(editor).get("/api/v1/staff/qa/statistics", days=7).json()
    assert [(r["query"], r["asked"], r["unanswered"]) for r in body["asked_most"]] == [
        ("法律援助", 2, 0),
        ("落户", 1, 1),
    ]
    assert [r["query"] for r in body["unanswered"]] == ["落户"]
    assert api_client(editor).get("/api/v1/staff/qa/statistics").json()["asked_most"] == body["asked_most"]
    assert api_client(editor).get("/api/v1/staff/qa/statistics", days=0).status_code == 400
    assert anonymous.get("/api/v1/staff/qa/statistics").status_code == 401
