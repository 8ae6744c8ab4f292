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


def withdraw(client, pk, code, phone):
    return client.post(
        f"/api/v1/meetings/{pk}/withdrawal",
        json.dumps({"code": code, "phone": phone}),
        content_type="application/json",
        HTTP_X_ALTCHA=altcha_solved(client),
    )


def test_first_come_a_withdrawal_promotes_the_earliest_on_the_wait_list(agency, editor, client):
    m = meeting(editor, agency, Selection.FIRST_COME, seats=1)
    codes = [
        register(client, m.pk, f"市民{i}", f"1380000000{i}", f"p{i}@example.com").json()["code"]
        for i in range(3)
    ]
    assert client.get(f"/api/v1/meetings/{m.pk}").json()["waitlist"] == codes[1:]
    mail.outbox.clear()

    assert withdraw(client, m.pk, codes[0], "13800000009").status_code == 400  # wrong phone
    resp = withdraw(client, m.pk, codes[0].lower(), "13800000000")  # as typed: any case
    assert resp.status_code == 200 and resp.json() == {
        "code": codes[0],
        "state": "withdrawn",
        "promoted": True,
    }
    states = dict(Registration.objects.values_list("code", "state"))
    assert [states[c] for c in codes] == ["withdrawn", "selected", "waitlisted"]
    assert [x.to for x in mail.outbox] == [["p0@example.com"], ["p1@example.com"]]
    assert "已撤回" in mail.outbox[0].body and "由候补递补" in mail.outbox[1].body
    detail = client.get(f"/api/v1/meetings/{m.pk}").json()
    assert (detail["registered"], detail["withdrawn"], detail["waitlist"]) == (2, 1, codes[2:])

    # A waiting registrant's withdrawal frees no seat; a second withdrawal of one code is refused.
    assert withdraw(client, m.pk, codes[2], "13800000002").json()["promoted"] is False
    assert withdraw(client, m.pk, codes[2], "13800000002").status_code == 400
    assert Registration.objects.get(code=codes[1]).state == RegistrationState.SELECTED


def test_lottery_a_withdrawal_promotes_by_the_published_lottery_order(agency, editor, client):
    m = meeting(editor, agency, Selection.LOTTERY, seats=2)
    phones = {}
    for i in range(6):
        code = register(client, m.pk, f"市民{i}", f"1390000000{i}", f"q{i}@example.com").json()["code"]
        phones[code] = f"1390000000{i}"
    # Withdrawn before the draw: out of the pot.
    first = next(iter(phones))
    services.meeting_withdraw(meeting=m, code=first, phone=phones.pop(first))
    later = m.registration_closes_at + timedelta(minutes=1)
    seed = "20261207-上证收盘3401.25"
    services.meeting_draw(actor=editor, meeting=m, seed=seed, now=later)
    order = rules.lottery_order(seed, phones)
    lottery = client.get(f"/api/v1/meetings/{m.pk}").json()
    assert sorted(lottery["lottery"]["codes"]) == sorted(phones) and first not in lottery["lottery"]["codes"]
    assert lottery["waitlist"] == order[2:]
    assert sum("按公布的抽签顺序列入候补" in x.body for x in mail.outbox) == 3
    mail.outbox.clear()

    after_draw = later + timedelta(hours=1)
    _, promoted = services.meeting_withdraw(meeting=m, code=order[1], phone=phones[order[1]], now=after_draw)
    assert promoted is not None and promoted.code == order[2]
    assert "由候补递补" in mail.outbox[-1].body
    detail = client.get(f"/api/v1/meetings/{m.pk}").json()
    # The published draw stays re-runnable; who holds a seat now is shown beside it.
    assert detail["lottery"]["selected"] == sorted(order[:2])
    assert detail["lottery"]["confirmed"] == sorted([order[0], order[2]])
    assert detail["waitlist"] == order[3:]


def test_no_withdrawal_once_the_meeting_has_started(agency, editor, client):
    m = meeting(editor, agency, Selection.FIRST_COME)
    code = register(client, m.pk, "王丽", "13600000000").json()["code"]
    with pytest.raises(Conflict):
        services.meeting_withdraw(
            meeting=m, code=code, phone="13600000000", now=m.starts_at + timedelta(minutes=1)
        )


def test_withdrawal_page_works_without_login(agency, editor, client):
    m = meeting(editor, agency, Selection.FIRST_COME, seats=1)
    code = register(client, m.pk, "王丽", "13600000000").json()["code"]
    page = client.get(f"/meetings/{m.pk}/").content.decode()
    assert f"/meetings/{m.pk}/withdraw/" in page
    data = {"code": code, "phone": "13600000000", "altcha": altcha_solved(client)}
    resp = client.post(f"/meetings/{m.pk}/withdraw/", data)
    assert resp.status_code == 200 and "报名已撤回" in resp.content.decode()
    assert Registration.objects.get(code=code).state == RegistrationState.WITHDRAWN
