"""The portal's public forms: CSRF-protected, proof of work, nothing saved from an invalid or
unverified post; a comment anchored to a paragraph from the draft's own link."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import altcha_solved
from tests.participation.conftest import submit
from zwgk.participation import services
from zwgk.participation.models import Comment, Message

pytestmark = pytest.mark.django_db

FORM = {
    "organization": "dl-sfj",
    "kind": "consultation",
    "subject": "公证收费标准咨询",
    "body": "办理继承公证怎么收费？",
    "name": "李华",
    "phone": "13800001111",
    "publish_allowed": "on",
}


def test_the_message_form_saves_only_a_verified_complete_post(agency, channel, client):
    assert client.get("/interaction/write/?organization=dl-sfj").status_code == 200
    r = client.post("/interaction/write/", FORM)  # no proof of work
    assert r.status_code == 400 and not Message.objects.exists()
    r = client.post("/interaction/write/", {**FORM, "phone": "", "altcha": altcha_solved(client)})
    assert r.status_code == 400 and not Message.objects.exists()
    r = client.post("/interaction/write/", {**FORM, "altcha": altcha_solved(client)})
    assert r.status_code == 302 and r["Location"] == "/interaction/submitted/"
    m = Message.objects.get()
    assert (m.publish_allowed, m.channel, m.name) == (True, channel, "李华")
    page = client.get("/interaction/submitted/").content.decode()
    assert m.tracking_code in page


def test_the_forms_refuse_a_post_without_the_csrf_token(agency, channel):
    strict = Client(enforce_csrf_checks=True)
    r = strict.post("/interaction/write/", {**FORM, "altcha": altcha_solved(strict)})
    assert r.status_code == 403 and not Message.objects.exists()


def test_a_comment_on_a_paragraph_from_the_portal(agency, editor, client):
    today = timezone.localdate()
    c = services.consultation_create(
        actor=editor,
        organization=agency,
        data=services.ConsultationData(
            title="大连市人民调解工作规定（征求意见稿）",
            kind="normative",
            draft_text="第一条 为规范人民调解工作，制定本规定。\n第二条 人民调解不收取任何费用。",
            explanation="起草说明",
            opens_on=today,
            closes_on=today + timedelta(days=30),
        ),
    )
    services.consultation_publish(actor=editor, consultation=c)
    page = client.get(f"/consultations/{c.pk}/?paragraph=2").content.decode()
    assert 'id="p-2"' in page and '<option value="2" selected>第2段</option>' in page
    r = client.post(
        f"/consultations/{c.pk}/", {"paragraph": "2", "body": "", "altcha": altcha_solved(client)}
    )
    assert r.status_code == 400 and not Comment.objects.exists()
    r = client.post(
        f"/consultations/{c.pk}/",
        {"paragraph": "2", "body": "建议写明调解协议可申请司法确认。", "altcha": altcha_solved(client)},
    )
    assert r.status_code == 302
    comment = Comment.objects.get()
    assert (comment.paragraph, comment.state) == (2, "pending")
    assert "意见已提交" in client.get(r["Location"]).content.decode()


def test_the_tracking_form_shows_state_and_answer_but_nothing_personal(agency, channel, staff, client):
    handler, _, _ = staff
    m = submit(agency, timezone.localdate())
    services.message_answer(
        actor=handler, message=m, answer="继承公证按财产价值分段收费，困难群众可申请减免。", publish=False
    )
    r = client.post("/interaction/track/", {"code": m.tracking_code, "altcha": altcha_solved(client)})
    text = r.content.decode()
    assert r.status_code == 200 and "可申请减免" in text
    assert "李华" not in text and "13800001111" not in text
    r = client.post("/interaction/track/", {"code": "0000-0000-0000", "altcha": altcha_solved(client)})
    assert r.status_code == 404
