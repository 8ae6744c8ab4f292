"""Online interviews (questions in advance and live, moderated, transcript published) and the
annual list of major decisions with the stages of 国务院令第713号."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.catalog.factories import published
from tests.factories import altcha_solved
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.participation import services
from zwgk.participation.models import Question

pytestmark = pytest.mark.django_db


def ask(client, pk, body):
    return client.post(
        f"/api/v1/interviews/{pk}/questions",
        json.dumps({"body": body, "nickname": "热心市民"}),
        content_type="application/json",
        HTTP_X_ALTCHA=altcha_solved(client),
    )


def test_an_interview_from_questions_in_advance_to_the_transcript(agency, editor, client, api_client):
    policy = published(agency, on=date(2026, 11, 2), title="大连市法律援助办法")
    reading = published(agency, on=date(2026, 11, 2), title="《大连市法律援助办法》政策解读")
    interview = services.interview_create(
        actor=editor,
        organization=agency,
        data=services.InterviewData(
            title="解读《大连市法律援助办法》",
            guests="市司法局副局长 刘洋",
            starts_at=timezone.now() + timedelta(days=2),
            summary="就法律援助范围、申请条件与网友在线交流。",
            policy=policy,
            interpretation=reading,
        ),
    )
    assert ask(client, interview.pk, "经济困难的标准是什么？我的电话13800001111").status_code == 201
    assert ask(client, interview.pk, "无关广告").status_code == 201
    good, spam = Question.objects.order_by("pk")
    assert good.live is False  # asked in advance
    assert client.get(f"/api/v1/interviews/{interview.pk}").json()["questions"] == []  # moderated first
    staff = api_client(editor)
    assert (
        staff.post(f"/api/v1/staff/interviews/questions/{spam.pk}/moderate", {"accept": False}).status_code
        == 400
    )
    staff.post(
        f"/api/v1/staff/interviews/questions/{spam.pk}/moderate", {"accept": False, "reason": "与主题无关"}
    )
    staff.post(
        f"/api/v1/staff/interviews/questions/{good.pk}/moderate",
        {"accept": True, "answer": "以本市最低生活保障标准的2倍为准。"},
    )
    with pytest.raises(Conflict):  # not held yet
        services.interview_publish_transcript(actor=editor, interview=interview, transcript="实录")
    held = timezone.localdate() + timedelta(days=3)
    services.interview_publish_transcript(
        actor=editor,
        interview=interview,
        transcript="主持人：各位网友大家好……",
        media_url="https://www.dl.gov.cn/ft/2026/video.mp4",
        today=held,
    )
    detail = client.get(f"/api/v1/interviews/{interview.pk}").json()
    assert detail["policy"]["id"] == policy.pk and detail["interpretation"]["id"] == reading.pk
    assert [q["answer"] for q in detail["questions"]] == ["以本市最低生活保障标准的2倍为准。"]
    assert "13800001111" not in detail["questions"][0]["body"]
    assert detail["transcript"].startswith("主持人") and detail["finished"] is True
    assert ask(client, interview.pk, "还能提问吗").status_code == 409


def test_an_interview_links_only_published_documents(agency, editor):
    from tests.catalog.factories import DocumentFactory

    draft = DocumentFactory(organization=agency)
    with pytest.raises(ValidationFailed) as err:
        services.interview_create(
            actor=editor,
            organization=agency,
            data=services.InterviewData(
                title="t", guests="g", starts_at=timezone.now(), summary="s", policy=draft
            ),
        )
    assert err.value.fields == {"policy": "not_published"}


def test_major_decision_stages_in_the_order_of_order_713(agency, city, make_staff, client, api_client):
    head = make_staff(agency, "office_head", username="sfj_head")
    d = services.decision_add(
        actor=head,
        organization=agency,
        year=2026,
        title="制定《大连市法律援助办法》",
        responsible_unit="市司法局法律援助处",
        planned="2026年12月",
    )
    staff = api_client(head)
    r = staff.post(f"/api/v1/staff/decisions/{d.pk}/stages", {"stage": "legality_review", "on": "2026-09-01"})
    assert r.status_code == 400 and r.json()["error"]["fields"] == {"stage": "out_of_order"}
    notice = published(
        agency, on=date(2026, 7, 1), title="关于《大连市法律援助办法（草案）》公开征求意见的公告"
    )
    assert (
        staff.post(
            f"/api/v1/staff/decisions/{d.pk}/stages",
            {
                "stage": "public_participation",
                "on": "2026-07-01",
                "note": "征求意见30日",
                "document": notice.pk,
            },
        ).status_code
        == 200
    )
    # Expert argument and risk assessment only where required: legality review may follow directly.
    assert (
        staff.post(
            f"/api/v1/staff/decisions/{d.pk}/stages",
            {"stage": "legality_review", "on": "2026-09-01", "note": "内部意见"},
        ).status_code
        == 200
    )
    assert (
        staff.post(
            f"/api/v1/staff/decisions/{d.pk}/stages", {"stage": "legality_review", "on": "2026-09-02"}
        ).status_code
        == 409
    )
    listing = client.get("/api/v1/decisions", {"organization": "dl-sfj", "year": 2026}).json()["results"][0]
    stages = {s["stage"]: s for s in listing["stages"]}
    assert stages["public_participation"]["document"]["id"] == notice.pk
    assert stages["legality_review"] == {
        "stage": "legality_review",
        "label": "合法性审查",
        "done": True,
        "on": "2026-09-01",
        "note": "",
        "document": None,
    }  # internal: only its date is public
    assert stages["publication"]["done"] is False
    page = client.get("/decisions/").content.decode()
    assert "制定《大连市法律援助办法》" in page and "内部意见" not in page
