"""Participation's public pages in the page cache (decisions 0029, 0037): pages without a form
are rendered once per change of what they show, and each kind of change shows at once; pages
with a form are never stored."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.participation.conftest import submit
from zwgk.participation import services
from zwgk.participation.models import ChannelKind, MessageChannel

pytestmark = pytest.mark.django_db


def state(client, url):
    return client.get(url).get("X-Page-Cache", "")


def cached_twice(client, url):
    """Rendered once, then served without a query."""
    assert state(client, url) == "miss", url
    with CaptureQueriesContext(connection) as queries:
        assert state(client, url) == "hit", url
    assert len(queries) == 0, url


def text(client, url):
    return client.get(url).content.decode()


def test_published_messages_show_at_once_after_an_answer_a_word_or_a_channel(client, agency, channel, staff):
    handler, _, _ = staff
    message = submit(agency, timezone.localdate() - timedelta(days=2), subject="关于夜间施工噪声的咨询")
    cached_twice(client, "/interaction/")
    assert "夜间施工噪声" not in text(client, "/interaction/")

    services.message_answer(
        actor=handler, message=message, answer="经核实，该工地已办理夜间施工许可。", publish=True
    )
    assert "夜间施工噪声" in text(client, "/interaction/")
    cached_twice(client, f"/interaction/{message.pk}/")

    services.sensitive_word_add(actor=_admin(), word="噪声")
    assert "夜间施工＊＊" in text(client, f"/interaction/{message.pk}/")

    MessageChannel.objects.create(organization=_other(agency), kind=ChannelKind.CONSULTATION, name="政务咨询")
    assert "大连市民政局" in text(client, "/interaction/")


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root-pc", "root@example.test", "x")


def _other(agency):
    from tests.factories import OrganizationFactory

    return OrganizationFactory(
        code="dl-mzj", name="大连市民政局", short_name="市民政局", parent=agency.parent
    )


def test_a_published_consultation_and_its_feedback_show_at_once(client, agency, editor):
    cached_twice(client, "/consultations/")
    today = timezone.localdate()
    c = services.consultation_create(
        actor=editor,
        organization=agency,
        data=services.ConsultationData(
            title="大连市法律援助办法（征求意见稿）",
            kind="normative",
            draft_text="第一条 为了规范法律援助工作，制定本办法。",
            explanation="起草说明。",
            opens_on=today,
            closes_on=today + timedelta(days=30),
        ),
    )
    assert "法律援助办法（征求意见稿）" not in text(client, "/consultations/")  # a draft
    services.consultation_publish(actor=editor, consultation=c)
    assert "法律援助办法（征求意见稿）" in text(client, "/consultations/")


def test_interviews_live_state_and_answers_show_at_once(client, agency, editor):
    i = services.interview_create(
        actor=editor,
        organization=agency,
        data=services.InterviewData(
            title="解读《大连市法律援助办法》",
            guests="市司法局副局长 刘洋",
            starts_at=timezone.now() + timedelta(hours=1),
            summary="在线交流。",
        ),
    )
    cached_twice(client, "/interviews/")
    cached_twice(client, f"/interviews/{i.pk}/answers/")
    services.interview_live(actor=editor, interview=i, live=True)
    assert "正在直播" in text(client, "/interviews/")
    q = services.question_submit(interview=i, body="申请法律援助要带什么材料？")
    assert "申请法律援助要带什么材料" not in text(client, f"/interviews/{i.pk}/answers/")  # not moderated
    services.question_moderate(actor=editor, question=q, accept=True, answer="身份证明和经济困难证明。")
    assert "经济困难证明" in text(client, f"/interviews/{i.pk}/answers/")


def test_the_list_of_major_decisions_shows_new_items_and_stages_at_once(client, agency, staff):
    _, head, _ = staff
    cached_twice(client, "/decisions/")
    d = services.decision_add(
        actor=head,
        organization=agency,
        year=2026,
        title="大连市法律援助办法",
        responsible_unit="市司法局",
        planned="2026年",
    )
    assert "大连市法律援助办法" in text(client, "/decisions/")
    before = text(client, "/decisions/")
    services.decision_stage_record(
        actor=head, decision=d, stage="public_participation", on=timezone.localdate()
    )
    assert text(client, "/decisions/") != before


def test_pages_with_a_form_are_never_stored(client, agency, editor):
    m = services.meeting_create(
        actor=editor,
        organization=agency,
        data=services.MeetingData(
            title="局务会议",
            topics="议题",
            starts_at=timezone.now() + timedelta(days=7),
            place="三楼",
            seats=2,
            registration_closes_at=timezone.now() + timedelta(days=3),
            selection="first_come",
        ),
    )
    for url in ["/meetings/", f"/meetings/{m.pk}/", f"/meetings/{m.pk}/withdraw/", "/interaction/write/"]:
        assert state(client, url) == "" and state(client, url) == "", url
