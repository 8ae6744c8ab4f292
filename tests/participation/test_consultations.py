"""A draft from publication through comments, moderation and assessment to the published feedback
report linked to the final document (issue 23 item 2), through the API."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.catalog.factories import published
from tests.factories import altcha_solved
from zwgk.core.errors import Conflict, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.participation import services
from zwgk.participation.models import Comment, Consultation, ConsultationState

pytestmark = pytest.mark.django_db

DRAFT = (
    "第一条 为规范城市道路夜间施工管理，制定本办法。\n"
    "第二条 夜间施工应当于施工前3日向社会公告。\n"
    "第三条 本办法自发布之日起施行。"
)


def draft(api_client, editor, *, opens_on, closes_on, **kw):
    body = {
        "organization": "dl-sfj",
        "title": "大连市城市道路夜间施工管理办法（征求意见稿）",
        "kind": "normative",
        "draft_text": DRAFT,
        "explanation": "为回应群众对夜间施工噪声的关切，起草了本办法。",
        "opens_on": opens_on.isoformat(),
        "closes_on": closes_on.isoformat(),
        **kw,
    }
    return api_client(editor).post("/api/v1/staff/consultations", body)


def comment(client, pk, body, paragraph=None):
    payload = {"body": body, "paragraph": paragraph, "name": "张伟", "phone": "13900002222"}
    return client.post(
        f"/api/v1/consultations/{pk}/comments",
        json.dumps(payload),
        content_type="application/json",
        HTTP_X_ALTCHA=altcha_solved(client),
    )


def test_a_period_shorter_than_the_minimum_needs_its_reason(agency, editor, api_client):
    today = timezone.localdate()
    r = draft(api_client, editor, opens_on=today, closes_on=today + timedelta(days=20))
    assert r.status_code == 400 and r.json()["error"]["fields"]["short_period_reason"] == "required"
    assert not Consultation.objects.exists()
    r = draft(
        api_client,
        editor,
        opens_on=today,
        closes_on=today + timedelta(days=20),
        short_period_reason="汛期前须完成",
    )
    assert r.status_code == 201


def test_from_draft_to_the_feedback_report_linked_to_the_final_document(agency, editor, api_client, client):
    today = timezone.localdate()
    r = draft(api_client, editor, opens_on=today, closes_on=today + timedelta(days=30))
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert api_client().get(f"/api/v1/consultations/{pk}").status_code == 404  # not published yet
    assert comment(client, pk, "草稿阶段不应接受意见").status_code == 404

    assert api_client(editor).post(f"/api/v1/staff/consultations/{pk}/publish").json()["state"] == "open"
    detail = api_client().get(f"/api/v1/consultations/{pk}").json()
    assert [p["number"] for p in detail["paragraphs"]] == [1, 2, 3]
    assert detail["phase"] == "正在征集"

    whole = comment(client, pk, "建议明确夜间施工的时段为22时至次日6时。")
    on_two = comment(client, pk, "公告期3日太短，建议改为7日，联系我13900002222。", paragraph=2)
    spam = comment(client, pk, "广告：低价出售建材", paragraph=1)
    assert [x.status_code for x in (whole, on_two, spam)] == [201, 201, 201]
    assert on_two.json()["state"] == "pending"  # moderated before publication by default
    assert comment(client, pk, "越界段落", paragraph=9).status_code == 400
    assert api_client().get(f"/api/v1/consultations/{pk}").json()["comments"] == []

    ids = [whole.json()["id"], on_two.json()["id"], spam.json()["id"]]
    staff = api_client(editor)
    assert (
        staff.post(f"/api/v1/staff/consultations/comments/{ids[2]}/moderate", {"publish": False}).status_code
        == 400
    )
    assert (
        staff.post(
            f"/api/v1/staff/consultations/comments/{ids[2]}/moderate", {"publish": False, "reason": "广告"}
        ).status_code
        == 200
    )
    for i in ids[:2]:
        assert (
            staff.post(f"/api/v1/staff/consultations/comments/{i}/moderate", {"publish": True}).status_code
            == 200
        )
    shown = api_client().get(f"/api/v1/consultations/{pk}").json()
    assert [c["paragraph"] for c in shown["comments"]] == [None, 2]
    assert "13900002222" not in json.dumps(shown, ensure_ascii=False) and "张伟" not in json.dumps(
        shown, ensure_ascii=False
    )
    assert shown["statistics"]["by_paragraph"] == {"1": 1, "2": 1} and shown["statistics"]["received"] == 3

    # Assessment waits for the period's end.
    assess = {"topic": "公告期限", "adoption": "adopted"}
    assert staff.post(f"/api/v1/staff/consultations/comments/{ids[1]}/assess", assess).status_code == 409

    c = Consultation.objects.get(pk=pk)
    after = c.closes_on + timedelta(days=1)
    final = published(agency, on=today, title="大连市城市道路夜间施工管理办法")
    with pytest.raises(ValidationFailed) as unassessed:
        services.consultation_report_publish(
            actor=editor, consultation=c, final_document=final, summary="共收到意见3条。", today=after
        )
    assert unassessed.value.fields["comments"] == "unassessed"
    comments = {x.pk: x for x in Comment.objects.all()}
    with pytest.raises(ValidationFailed):  # not adopted needs its reason
        services.comment_assess(
            actor=editor, comment=comments[ids[0]], topic="施工时段", adoption="not_adopted", today=after
        )
    services.comment_assess(
        actor=editor,
        comment=comments[ids[0]],
        topic="施工时段",
        adoption="partly",
        reason="时段以环境噪声污染防治法的规定为准。",
        today=after,
    )
    services.comment_assess(
        actor=editor, comment=comments[ids[1]], topic="公告期限", adoption="adopted", today=after
    )
    with pytest.raises(Conflict):
        services.comment_assess(
            actor=editor, comment=comments[ids[2]], topic="其他", adoption="adopted", today=after
        )
    services.consultation_report_publish(
        actor=editor,
        consultation=c,
        final_document=final,
        summary="共收到意见3条，采纳1条，部分采纳1条。",
        today=after,
    )

    report = api_client().get(f"/api/v1/consultations/{pk}").json()
    assert report["state"] == ConsultationState.REPORTED
    assert report["final_document"]["id"] == final.pk
    groups = {g["topic"]: [x["adoption"] for x in g["comments"]] for g in report["feedback"]["groups"]}
    assert groups == {"施工时段": ["partly"], "公告期限": ["adopted"]}
    assert report["feedback"]["groups"][0]["comments"][0]["reason"].startswith("时段以")
    assert report["statistics"]["adoption"] == {"adopted": 1, "partly": 1}
    listed = api_client().get("/api/v1/consultations", organization="dl-sfj").json()["results"][0]
    assert listed["final_document"]["url"] == final.get_absolute_url()
    verbs = set(AuditEntry.objects.filter(verb__startswith="participation.").values_list("verb", flat=True))
    assert {
        "participation.consultation_published",
        "participation.comment_moderated",
        "participation.feedback_published",
    } <= verbs

    page = client.get(f"/consultations/{pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "意见采纳情况反馈" in text and final.get_absolute_url() in text


def test_moderation_after_publication_shows_comments_at_once(agency, editor, api_client, client):
    today = timezone.localdate()
    pk = draft(
        api_client, editor, opens_on=today, closes_on=today + timedelta(days=30), moderation="after"
    ).json()["id"]
    api_client(editor).post(f"/api/v1/staff/consultations/{pk}/publish")
    assert comment(client, pk, "支持出台本办法。").json()["state"] == "published"
    assert len(api_client().get(f"/api/v1/consultations/{pk}").json()["comments"]) == 1


def test_staff_of_another_agency_cannot_run_the_consultation(
    agency, other_agency, editor, make_staff, api_client
):
    today = timezone.localdate()
    pk = draft(api_client, editor, opens_on=today, closes_on=today + timedelta(days=30)).json()["id"]
    outsider = make_staff(other_agency, "editor", username="mzj_editor")
    assert api_client(outsider).post(f"/api/v1/staff/consultations/{pk}/publish").status_code == 404
    assert Consultation.objects.get(pk=pk).state == "draft"


def test_comments_outside_the_period_are_refused(agency, editor, api_client, client):
    start = timezone.localdate() + timedelta(days=3)
    pk = draft(api_client, editor, opens_on=start, closes_on=start + timedelta(days=30)).json()["id"]
    api_client(editor).post(f"/api/v1/staff/consultations/{pk}/publish")
    r = comment(client, pk, "还没开始")
    assert r.status_code == 409 and not Comment.objects.exists()
    assert date.fromisoformat(api_client().get(f"/api/v1/consultations/{pk}").json()["opens_on"]) == start
