"""Messages (政民互动): API.md's endpoints, working-day deadlines, answers, alerts in the worker."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.participation.conftest import submit
from zwgk.core import schedule
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.participation import services
from zwgk.participation.alerts import alerts_send
from zwgk.participation.models import ChannelKind, Message, MessageAlert, MessageChannel, MessageState

pytestmark = pytest.mark.django_db

D = date.fromisoformat
BODY = {
    "organization": "dl-sfj",
    "subject": "法律援助申请需要哪些材料",
    "body": "我想申请法律援助，请问需要准备哪些材料？我的电话13800001111。",
    "name": "李华",
    "phone": "13800001111",
    "email": "lihua@example.com",
    "publish_allowed": True,
}


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2025-09-26", "2025-10-16"),  # 国庆 1–8 Oct off; Sun 28 Sep and Sat 11 Oct are working days
        ("2025-12-31", "2026-01-15"),  # 元旦 1–3 Jan off; Sun 4 Jan works
        ("2026-02-12", "2026-03-04"),  # 春节 15–23 Feb off; Sat 14 and Sat 28 Feb work
        ("2026-06-15", "2026-06-30"),  # 端午 Fri 19 Jun off
    ],
)
def test_the_answer_is_due_ten_working_days_after_the_day_received(agency, channel, received, due):
    m = submit(agency, received)
    assert (m.received_on, m.due_on, m.due_provisional) == (D(received), D(due), False)


def test_the_reply_period_is_configured_per_channel(agency, channel):
    channel.reply_workdays = 5
    channel.save()
    assert submit(agency, "2025-09-26").due_on == D("2025-10-10")  # 28, 29, 30 Sep, 9, 10 Oct


def test_submit_track_and_the_public_list_through_the_api(agency, channel, api_client, staff, client):
    handler, _, _ = staff
    r = api_client().post("/api/v1/messages", BODY)
    assert r.status_code == 201, r.content
    code = r.json()["tracking_code"]
    assert set(r.json()) == {"tracking_code"}

    track = api_client().get(f"/api/v1/messages/track/{code.lower()}").json()
    assert track["state"] == "pending" and track["answer"] is None
    assert track["due_on"] == Message.objects.get().due_on.isoformat()
    assert "李华" not in str(track) and "13800001111" not in str(track)

    assert (
        api_client().get("/api/v1/messages", organization="dl-sfj").json()["count"] == 0
    )  # not answered yet
    message = Message.objects.get()
    services.message_answer(
        actor=handler,
        message=message,
        answer="您好，申请法律援助需携带身份证明和经济困难证明。",
        publish=True,
    )
    track = api_client().get(f"/api/v1/messages/track/{code}").json()
    assert track["state"] == "answered" and "经济困难证明" in track["answer"]["text"]

    listing = api_client().get("/api/v1/messages", organization="dl-sfj").json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert row["tracking_code"] == code and "经济困难证明" in row["answer"]
    text = str(listing)
    for personal in ("李华", "13800001111", "lihua@example.com"):
        assert personal not in text  # the phone number in the body is masked too
    assert api_client().get("/api/v1/messages", organization="dl-mzj").json()["count"] == 0
    page = client.get(row["url"])
    assert page.status_code == 200 and "经济困难证明" in page.content.decode()
    assert "李华" not in page.content.decode()


def test_the_proof_of_work_is_required(agency, channel, api_client):
    r = api_client().post("/api/v1/messages", BODY, altcha="")
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "challenge_failed"
    assert not Message.objects.exists()


def test_public_posts_are_rate_limited(agency, channel, api_client, settings):
    settings.ZWGK_RATE_LIMITS = {**settings.ZWGK_RATE_LIMITS, "public_form": (2, 3600)}
    from django.core.cache import cache

    cache.clear()
    assert api_client().post("/api/v1/messages", BODY).status_code == 201
    assert api_client().post("/api/v1/messages", BODY).status_code == 201
    r = api_client().post("/api/v1/messages", BODY)
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    assert Message.objects.count() == 2
    cache.clear()


def test_bad_input_saves_nothing(agency, channel, api_client):
    r = api_client().post("/api/v1/messages", {**BODY, "phone": "", "email": "not-an-address"})
    assert r.status_code == 400
    assert set(r.json()["error"]["fields"]) == {"phone", "email"}
    r = api_client().post("/api/v1/messages", {**BODY, "kind": "complaint"})  # no such column
    assert r.status_code == 400 and r.json()["error"]["fields"] == {"organization": "no_channel"}
    assert not Message.objects.exists()
    assert api_client().get("/api/v1/messages/track/0000-0000-0000").status_code == 404


def test_sensitive_words_are_recorded_and_masked_in_public(agency, channel, admin_user, staff, api_client):
    handler, _, _ = staff
    services.sensitive_word_add(actor=admin_user, word="某某")
    m = submit(agency, timezone.localdate(), body="反映某某小区噪音问题，请尽快处理。")
    assert m.screening_hits == ["某某"]
    services.message_answer(
        actor=handler, message=m, answer="已转交属地街道核查处理，感谢您的反映。", publish=True
    )
    row = api_client().get("/api/v1/messages").json()["results"][0]
    assert "某某" not in row["body"] and "＊＊" in row["body"]


def test_a_message_published_only_with_the_senders_consent(agency, channel, staff):
    handler, _, _ = staff
    m = submit(agency, timezone.localdate(), publish_allowed=False)
    with pytest.raises(ValidationFailed):
        services.message_answer(actor=handler, message=m, answer="已收到您的咨询，答复如下……", publish=True)
    m.refresh_from_db()
    assert m.state == MessageState.PENDING


def test_staff_actions_need_the_agency_and_are_audited(agency, other_agency, channel, staff, make_staff):
    handler, _, _ = staff
    outsider = make_staff(other_agency, "handler", username="outsider")
    m = submit(agency, timezone.localdate())
    with pytest.raises(NotPermitted):
        services.message_answer(actor=outsider, message=m, answer="这不是我们的留言。", publish=False)
    MessageChannel.objects.create(organization=other_agency, kind=ChannelKind.CONSULTATION, name="政务咨询")
    services.message_route(actor=handler, message=m, organization=other_agency)
    m.refresh_from_db()
    assert m.organization == other_agency
    services.message_mark_invalid(actor=outsider, message=m, reason="重复留言")
    verbs = list(AuditEntry.objects.filter(target_id=str(m.pk)).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "participation.message_submitted",
        "participation.message_routed",
        "participation.message_invalid",
    ]


def test_staff_api_lists_answers_and_counts_reply_times(agency, channel, staff, api_client):
    handler, _, supervisor = staff
    late = submit(agency, "2025-09-26")  # due 2025-10-16
    services.message_answer(
        actor=handler,
        message=late,
        answer="经核实，施工已取得夜间施工许可。",
        publish=False,
        on=D("2025-10-20"),
    )
    on_time = submit(agency, "2026-02-12")  # due 2026-03-04
    r = api_client(handler).post(
        f"/api/v1/staff/messages/{on_time.pk}/answer",
        {"answer": "您好，相关材料清单见附件说明。", "on": "2026-02-24"},
    )
    assert r.status_code == 200, r.content
    submit(agency, "2026-03-02")  # pending, long overdue today
    stats = api_client(supervisor).get("/api/v1/staff/messages/statistics").json()
    assert stats == [
        {
            "organization": "dl-sfj",
            "received": 3,
            "answered": 2,
            "pending": 1,
            "overdue": 1,
            "on_time": 1,
            "on_time_rate": 0.5,
            # 26 Sep → 20 Oct: 28, 29, 30 Sep, 9, 10, 11, 13–17, 20 Oct = 12; 12 Feb → 24 Feb: 13, 14, 24 = 3
            "average_workdays": 7.5,
        }
    ]
    assert api_client(handler).get("/api/v1/staff/messages", queue="overdue").json()["count"] == 1
    assert api_client().get("/api/v1/staff/messages").status_code == 401


# --- alerts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "today", "kinds"),
    [
        ("2025-09-26", "2025-10-10", set()),  # due 16 Oct: 11 (Sat, works), 13, 14, 15, 16 = 5 left
        ("2025-09-26", "2025-10-14", {"due_soon"}),  # 15, 16: 2 left
        ("2025-09-26", "2025-10-16", {"due_soon"}),  # due today
        ("2025-09-26", "2025-10-17", {"overdue"}),
        ("2026-02-12", "2026-02-27", set()),  # due 4 Mar: Sat 28 Feb works, 2, 3, 4 Mar = 4 left
        ("2026-02-12", "2026-03-02", {"due_soon"}),
        ("2026-02-12", "2026-03-05", {"overdue"}),
        ("2026-02-12", "2026-04-11", {"overdue"}),
        ("2026-02-12", "2026-04-12", {"overdue", "veto_risk"}),  # two months: a month before the veto
    ],
)
def test_alerts_by_working_days(agency, channel, staff, received, today, kinds):
    submit(agency, received)
    sent = alerts_send(today=D(today))
    assert set(sent) == kinds
    assert set(MessageAlert.objects.values_list("kind", flat=True)) == kinds


def test_overdue_alerts_go_to_the_agency_and_the_supervising_office_once(agency, channel, staff):
    m = submit(agency, "2026-02-12")
    assert alerts_send(today=D("2026-03-02")) == {"due_soon": 1}
    assert sorted(mail.outbox[0].to) == ["chen@sfj.dl.gov.cn", "zhao@sfj.dl.gov.cn"]  # the agency only
    assert m.tracking_code in mail.outbox[0].subject
    assert "李华" not in mail.outbox[0].body and "13800001111" not in mail.outbox[0].body
    assert alerts_send(today=D("2026-03-05")) == {"overdue": 1}
    assert sorted(mail.outbox[1].to) == ["chen@sfj.dl.gov.cn", "wang@gkb.dl.gov.cn", "zhao@sfj.dl.gov.cn"]
    assert alerts_send(today=D("2026-03-06")) == {}  # once
    assert alerts_send(today=D("2026-04-12")) == {"veto_risk": 1}
    assert "互动回应差" in mail.outbox[2].body and "wang@gkb.dl.gov.cn" in mail.outbox[2].to
    assert len(mail.outbox) == 3


def test_answered_messages_raise_no_alerts(agency, channel, staff):
    handler, _, _ = staff
    m = submit(agency, "2026-02-12")
    services.message_answer(
        actor=handler, message=m, answer="您好，已办理完毕，详见答复。", publish=False, on=D("2026-02-13")
    )
    assert alerts_send(today=D("2026-04-12")) == {}


def test_alerts_run_as_the_registered_periodic_task(agency, channel, staff):
    """The scheduler's job is this task; enqueued, it runs through django-tasks (the test
    settings' backend runs it at once) and the alerts go out."""
    from zwgk.participation.tasks import send_message_alerts

    assert schedule.JOBS["participation.message_alerts"].task is send_message_alerts
    m = submit(agency, timezone.localdate() - timedelta(days=70))  # two months and more: overdue
    result = send_message_alerts.enqueue()
    assert result.status == "SUCCESSFUL", result
    assert result.return_value == {"overdue": 1, "veto_risk": 1}
    assert set(MessageAlert.objects.filter(message=m).values_list("kind", flat=True)) == {
        "overdue",
        "veto_risk",
    }
    assert any(m.tracking_code in x.subject and "wang@gkb.dl.gov.cn" in x.to for x in mail.outbox)


@pytest.mark.django_db(transaction=True)
def test_alerts_run_in_the_database_worker(agency, channel, staff, settings):
    """Done-when of issue 23: the alert fires in the worker process's own loop (db_worker)."""
    from django.core.management import call_command

    from zwgk.participation.tasks import send_message_alerts

    m = submit(agency, timezone.localdate() - timedelta(days=70))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_message_alerts.enqueue()
    assert type(send_message_alerts.get_backend()).__name__ == "DatabaseBackend"
    assert not MessageAlert.objects.exists()  # only queued so far
    call_command("db_worker", "--batch", "--no-startup-delay")
    result.refresh()
    assert result.status == "SUCCESSFUL", result
    assert set(MessageAlert.objects.filter(message=m).values_list("kind", flat=True)) == {
        "overdue",
        "veto_risk",
    }


def test_the_workbench_lists_overdue_and_pending_messages(agency, channel, staff, make_staff, other_agency):
    from zwgk.participation.todos import messages_to_answer

    handler, _, _ = staff
    submit(agency, "2026-02-12")  # due 2026-03-04
    submit(agency, "2026-03-02")  # due 2026-03-16
    entries = messages_to_answer(handler, today=D("2026-03-10"))
    assert [(e.title, e.count, e.due_on, e.overdue) for e in entries] == [
        ("已超过答复期限的留言", 1, D("2026-03-04"), True),
        ("待答复的留言", 1, D("2026-03-16"), False),
    ]
    assert (
        messages_to_answer(make_staff(other_agency, "handler", username="mzj_h"), today=D("2026-03-10")) == []
    )
