"""Public attendance at meetings: registration with limits, first come or a reproducible lottery
with a published seed, notifications, the attendance record."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import altcha_solved
from zwgk.core.errors import Conflict
from zwgk.participation import rules, services
from zwgk.participation.models import Registration, RegistrationState, Selection

pytestmark = pytest.mark.django_db


def meeting(editor, agency, selection, seats=2, closes_in=timedelta(days=3)):
    now = timezone.now()
    return services.meeting_create(
        actor=editor,
        organization=agency,
        data=services.MeetingData(
            title="市司法局2026年第4次局务会议",
            topics="审议《大连市法律援助办法（草案）》",
            starts_at=now + timedelta(days=7),
            place="市司法局三楼会议室",
            seats=seats,
            registration_closes_at=now + closes_in,
            selection=selection,
        ),
    )


def register(client, pk, name, phone, email=""):
    return client.post(
        f"/api/v1/meetings/{pk}/registrations",
        json.dumps({"name": name, "phone": phone, "email": email}),
        content_type="application/json",
        HTTP_X_ALTCHA=altcha_solved(client),
    )


def test_first_come_confirms_the_seats_and_waitlists_the_rest(agency, editor, client):
    m = meeting(editor, agency, Selection.FIRST_COME)
    states = [
        register(client, m.pk, f"市民{i}", f"1380000000{i}", f"p{i}@example.com").json()["state"]
        for i in range(3)
    ]
    assert states == ["selected", "selected", "waitlisted"]
    assert register(client, m.pk, "重复", "13800000000").status_code == 409  # one per phone
    assert [x.to for x in mail.outbox] == [["p0@example.com"], ["p1@example.com"], ["p2@example.com"]]
    assert "候补" in mail.outbox[2].body
    detail = client.get(f"/api/v1/meetings/{m.pk}").json()
    assert detail["seats_left"] == 0 and detail["registered"] == 3
    assert "市民0" not in json.dumps(detail, ensure_ascii=False)


def test_the_lottery_is_reproducible_from_the_published_seed(agency, editor, client):
    m = meeting(editor, agency, Selection.LOTTERY)
    codes = [
        register(client, m.pk, f"市民{i}", f"1390000000{i}", f"q{i}@example.com").json()["code"]
        for i in range(5)
    ]
    with pytest.raises(Conflict):  # registration still open
        services.meeting_draw(actor=editor, meeting=m, seed="20261207-上证收盘3401.25")
    later = m.registration_closes_at + timedelta(minutes=1)
    services.meeting_draw(actor=editor, meeting=m, seed="20261207-上证收盘3401.25", now=later)
    lottery = client.get(f"/api/v1/meetings/{m.pk}").json()["lottery"]
    assert lottery["seed"] == "20261207-上证收盘3401.25" and sorted(lottery["codes"]) == sorted(codes)
    # Anyone can re-run it: SHA-256 of "seed:code", lowest two.
    ranked = sorted(codes, key=lambda c: hashlib.sha256(f"{lottery['seed']}:{c}".encode()).hexdigest())
    assert lottery["selected"] == sorted(ranked[:2]) == sorted(rules.draw_lots(lottery["seed"], codes, 2))
    states = dict(Registration.objects.values_list("code", "state"))
    assert sorted(c for c, s in states.items() if s == RegistrationState.SELECTED) == lottery["selected"]
    assert (
        sum("未抽中" in x.body for x in mail.outbox) == 3
        and sum("确定列席" in x.body for x in mail.outbox) == 2
    )
    with pytest.raises(Conflict):
        services.meeting_draw(actor=editor, meeting=m, seed="again-123", now=later)
    assert register(client, m.pk, "迟到", "13700000000").status_code == 409


def test_the_attendance_record_is_published_without_names(agency, editor, client, api_client):
    m = meeting(editor, agency, Selection.FIRST_COME)
    code = register(client, m.pk, "王丽", "13600000000").json()["code"]
    r = Registration.objects.get(code=code)
    resp = api_client(editor).post(
        f"/api/v1/staff/meetings/registrations/{r.pk}/attendance",
        {"attended": True, "statement": "建议扩大法律援助覆盖面。"},
    )
    assert resp.status_code == 200, resp.content
    services.meeting_minutes(actor=editor, meeting=m, minutes="1名公众代表列席并发言。")
    attendance = client.get(f"/api/v1/meetings/{m.pk}").json()["attendance"]
    assert attendance == {
        "attended": 1,
        "statements": ["建议扩大法律援助覆盖面。"],
        "minutes": "1名公众代表列席并发言。",
    }
    page = client.get(f"/meetings/{m.pk}/").content.decode()
    assert "建议扩大法律援助覆盖面" in page and "王丽" not in page and "13600000000" not in page


def test_registration_needs_the_proof_of_work(agency, editor, client):
    m = meeting(editor, agency, Selection.FIRST_COME)
    r = client.post(
        f"/api/v1/meetings/{m.pk}/registrations",
        json.dumps({"name": "a", "phone": "1"}),
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "challenge_failed"
    assert not Registration.objects.exists()
