"""Interviews' live switch (questions during the session, moderated answers on the page without a
full reload, a reload link without JavaScript) and the token endpoints for staff actions on
meetings, interviews and major decisions (decision 0037)."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.catalog.factories import published
from tests.factories import altcha_solved
from zwgk.core.errors import Conflict
from zwgk.core.models import AuditEntry
from zwgk.participation import services
from zwgk.participation.models import Interview, MajorDecision, Meeting, Question

pytestmark = pytest.mark.django_db


def interview(editor, agency, **kw):
    return services.interview_create(
        actor=editor,
        organization=agency,
        data=services.InterviewData(
            title="解读《大连市法律援助办法》",
            guests="市司法局副局长 刘洋",
            starts_at=kw.pop("starts_at", timezone.now() + timedelta(hours=1)),
            summary="就法律援助范围、申请条件与网友在线交流。",
        ),
    )


def ask(client, pk, body):
    return client.post(
        f"/api/v1/interviews/{pk}/questions",
        json.dumps({"body": body}),
        content_type="application/json",
        HTTP_X_ALTCHA=altcha_solved(client),
    )


def test_the_live_session_from_start_to_end(agency, editor, client):
    i = interview(editor, agency)
    assert ask(client, i.pk, "提前提问：援助范围包括哪些？").status_code == 201
    page = client.get(f"/interviews/{i.pk}/").content.decode()
    assert "interview-live.js" not in page and "正在直播" not in page

    i = services.interview_live(actor=editor, interview=i, live=True)
    with pytest.raises(Conflict):
        services.interview_live(actor=editor, interview=i, live=True)
    assert ask(client, i.pk, "直播提问：申请要带什么材料？").status_code == 201
    early, live = Question.objects.order_by("pk")
    assert (early.live, live.live) == (False, True)
    page = client.get(f"/interviews/{i.pk}/").content.decode()
    # The live page polls the answers fragment; without JavaScript a link reloads it.
    assert "interview-live.js" in page and f'data-url="/interviews/{i.pk}/answers/"' in page
    assert "刷新问答" in page and "正在直播" in page

    fragment = client.get(f"/interviews/{i.pk}/answers/")
    assert fragment.status_code == 200 and "暂无公开的问答" in fragment.content.decode()
    services.question_moderate(actor=editor, question=live, accept=True, answer="带身份证和经济困难证明。")
    fragment = client.get(f"/interviews/{i.pk}/answers/").content.decode()
    assert "直播提问：申请要带什么材料？" in fragment and "带身份证和经济困难证明" in fragment
    assert "<html" not in fragment  # a fragment, not a page

    services.interview_live(actor=editor, interview=i, live=False)
    assert ask(client, i.pk, "结束后提问").status_code == 409
    page = client.get(f"/interviews/{i.pk}/").content.decode()
    assert "直播已结束" in page and "interview-live.js" not in page and "向嘉宾提问" not in page
    with pytest.raises(Conflict):  # once only
        services.interview_live(actor=editor, interview=i, live=True)
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"participation.interview_live_started", "participation.interview_live_ended"} <= verbs


def test_staff_switch_the_live_session_in_the_back_office(agency, editor, other_agency, make_staff, client):
    i = interview(editor, agency)
    client.force_login(make_staff(other_agency, "editor"))
    # Another agency's interview is not there for them at all.
    assert (
        client.post(f"/staff/participation/interviews/{i.pk}/", {"action": "live_start"}).status_code == 404
    )
    assert not Interview.objects.get(pk=i.pk).is_live
    client.force_login(editor)
    page = client.get(f"/staff/participation/interviews/{i.pk}/").content.decode()
    assert "开始直播" in page
    client.post(f"/staff/participation/interviews/{i.pk}/", {"action": "live_start"})
    assert Interview.objects.get(pk=i.pk).is_live
    assert "结束直播" in client.get(f"/staff/participation/interviews/{i.pk}/").content.decode()


MEETING = {
    "title": "市司法局2027年第1次局务会议",
    "topics": "审议《大连市法律援助办法（草案）》",
    "place": "市司法局三楼会议室",
    "seats": 2,
    "selection": "first_come",
}


def _times(days=10):
    start = timezone.localtime() + timedelta(days=days)
    return {
        "starts_at": start.isoformat(),
        "registration_closes_at": (start - timedelta(days=3)).isoformat(),
    }


def test_staff_create_update_and_take_down_a_meeting_by_token(
    agency, editor, other_agency, make_staff, api_client, client
):
    staff = api_client(editor)
    resp = staff.post("/api/v1/staff/meetings", {"organization": agency.code, **MEETING, **_times()})
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    assert resp.json()["published"] is True and resp.json()["registration_open"] is True

    resp = staff.put(
        f"/api/v1/staff/meetings/{pk}", {**MEETING, "seats": 5, "place": "市政府二楼", **_times(12)}
    )
    assert resp.status_code == 200 and Meeting.objects.get(pk=pk).seats == 5
    assert AuditEntry.objects.get(verb="participation.meeting_updated").before["seats"] == 2

    bad = staff.put(
        f"/api/v1/staff/meetings/{pk}",
        {**MEETING, **_times(), "registration_closes_at": _times(20)["starts_at"]},
    )
    assert bad.status_code == 400 and "registration_closes_at" in bad.json()["error"]["fields"]
    too_many = staff.put(f"/api/v1/staff/meetings/{pk}", {**MEETING, **_times(), "seats": 100_000})
    assert too_many.status_code == 400 and "seats" in too_many.json()["error"]["fields"]

    assert (
        staff.post(f"/api/v1/staff/meetings/{pk}/publish", {"published": False}).json()["published"] is False
    )
    assert client.get(f"/api/v1/meetings/{pk}").status_code == 404
    stranger = api_client(make_staff(other_agency, "editor"))
    assert stranger.put(f"/api/v1/staff/meetings/{pk}", {**MEETING, **_times()}).status_code == 404
    other = stranger.post("/api/v1/staff/meetings", {"organization": agency.code, **MEETING, **_times()})
    assert other.status_code == 403


def test_staff_create_and_update_an_interview_and_go_live_by_token(agency, editor, api_client):
    policy = published(agency, on=date(2026, 11, 2), title="大连市法律援助办法")
    staff = api_client(editor)
    body = {
        "organization": agency.code,
        "title": "法律援助新规解读",
        "guests": "市司法局副局长 刘洋",
        "starts_at": _times()["starts_at"],
        "summary": "解读法律援助办法。",
        "policy": policy.pk,
    }
    resp = staff.post("/api/v1/staff/interviews", body)
    assert resp.status_code == 201 and resp.json()["state"] == "announced"
    pk = resp.json()["id"]
    body.pop("organization")
    resp = staff.put(f"/api/v1/staff/interviews/{pk}", {**body, "guests": "市司法局局长 王强"})
    assert resp.status_code == 200 and resp.json()["guests"] == "市司法局局长 王强"
    assert resp.json()["policy"]["id"] == policy.pk
    assert staff.put(f"/api/v1/staff/interviews/{pk}", {**body, "policy": 999999}).status_code == 400
    assert staff.post(f"/api/v1/staff/interviews/{pk}/live", {"live": True}).json()["state"] == "live"
    assert staff.post(f"/api/v1/staff/interviews/{pk}/live", {"live": True}).status_code == 409
    assert staff.post(f"/api/v1/staff/interviews/{pk}/live", {"live": False}).json()["state"] == "live_ended"


def test_staff_list_a_major_decision_correct_it_and_record_its_stages_by_token(
    agency, staff, api_client, client
):
    _, head, _ = staff
    token = api_client(head)
    body = {
        "year": 2026,
        "title": "大连市法律援助办法",
        "responsible_unit": "市司法局",
        "planned": "2026年第四季度",
    }
    resp = token.post("/api/v1/staff/decisions", {"organization": agency.code, **body})
    assert resp.status_code == 201 and resp.json()["state"] == "listed"
    pk = resp.json()["id"]
    resp = token.put(f"/api/v1/staff/decisions/{pk}", {**body, "planned": "2027年第一季度"})
    assert resp.status_code == 200 and resp.json()["planned"] == "2027年第一季度"
    today = timezone.localdate().isoformat()
    assert (
        token.post(
            f"/api/v1/staff/decisions/{pk}/stages", {"stage": "legality_review", "on": today}
        ).status_code
        == 400
    )
    assert (
        token.post(
            f"/api/v1/staff/decisions/{pk}/stages", {"stage": "public_participation", "on": today}
        ).status_code
        == 200
    )
    [row] = client.get("/api/v1/decisions", {"organization": agency.code}).json()["results"]
    assert row["planned"] == "2027年第一季度" and row["stages"][0]["done"] is True
    assert MajorDecision.objects.get(pk=pk).stages.count() == 1
    assert client.get("/api/v1/decisions", {"organization": "dl-none"}).json()["count"] == 0
