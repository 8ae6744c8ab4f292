"""RULES §2.6 and §2.7 items 6–9 through the service, the API and the back office, with their
letters. Real 2026 dates (RULES §1): received Mon 03-02, due Mon 03-30; counted by hand.
"""

from datetime import date

import pytest
from django.urls import reverse

from tests.casework.steps import close, new_case, step
from tests.foi.factories import RequestFactory, ev
from zwgk.casework.letters import issued_letters_public
from zwgk.casework.models import Letter
from zwgk.core.errors import Conflict, NotPermitted, OutOfOrder, ValidationFailed
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.foi.services import application_append_event as append

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def add(case, actor, type_, on, today=None, **fields):
    return append(actor=actor, application_id=case.pk, event=ev(type_, on, **fields), today=D(today or on))


def refreshed(case):
    return Application.objects.get(pk=case.pk)


@pytest.fixture
def case(agency, handler):
    return new_case(agency, handler)  # delivery by e-mail


@pytest.fixture
def posted_case(agency, handler):
    return new_case(agency, handler, request=RequestFactory(delivery="post"))


# --- Item 6: order, in the service, the API and the back office ----------------------------------


def corrected(case, handler):
    add(case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    add(case, handler, "correction_received", "2026-03-10")


def test_the_service_refuses_a_reply_before_the_corrected_application(case, handler):
    corrected(case, handler)
    with pytest.raises(OutOfOrder) as caught:
        add(case, handler, "replied", "2026-03-09", today="2026-03-20", outcome="3.1")
    assert (caught.value.status, caught.value.code) == (422, "date_out_of_order")
    assert "2026-03-09" in caught.value.message and "2026-03-10" in caught.value.message
    assert refreshed(case).state == "in_progress" and case.events.count() == 3


def test_the_api_answers_422_in_the_api_format_naming_both_dates(api_client, case, handler, on_day):
    on_day("2026-03-20")
    add(case, handler, "fee_notice_sent", "2026-03-05", basis="per_page", quantity=50)
    add(case, handler, "fee_paid", "2026-03-12")
    response = api_client(handler).post(
        f"/api/v1/staff/applications/{case.pk}/events",
        {"type": "replied", "on": "2026-03-11", "outcome": "3.1"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "date_out_of_order"
    assert "2026-03-11" in error["message"] and "2026-03-12" in error["message"]
    assert "缴纳信息处理费" in error["message"]
    assert set(error["fields"]) == {"on"}


def test_the_api_answers_422_for_a_date_after_today(api_client, case, handler, on_day):
    on_day("2026-03-19")
    body = {"type": "replied", "on": "2026-03-20", "outcome": "3.1"}
    response = api_client(handler).post(f"/api/v1/staff/applications/{case.pk}/events", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "date_in_future"
    assert "2026-03-20" in error["message"] and "2026-03-19" in error["message"]


def test_the_back_office_form_shows_the_refusal_naming_both_dates(client, case, handler, on_day):
    on_day("2026-03-20")
    add(case, handler, "consultation_started", "2026-03-04", party="大连市统计局", kind="agency")
    add(case, handler, "consultation_ended", "2026-03-12", consultation_id=1)
    client.force_login(handler)
    url = reverse("backoffice:foi_event", args=[case.pk, "replied"])
    response = client.post(url, {"replied-on": "2026-03-11", "replied-outcome": "3.1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "2026-03-11" in page and "2026-03-12" in page and "征求意见结束" in page
    assert case.events.count() == 3


# --- Item 7: delivery ----------------------------------------------------------------------------


def test_an_emailed_correction_notice_prints_the_date_counted_from_its_delivery(case, handler):
    letter = step(case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    event = ApplicationEvent.objects.get(application=case, type="correction_requested")
    assert event.payload["channel"] == "email" and event.payload["period_ends_on"] == "2026-03-18"
    assert "请您自收到本告知书之日起10个工作日内（2026年3月18日前）提交" in letter.body


def test_a_posted_correction_notice_prints_no_date_and_waits_for_the_signature(
    posted_case, handler, office_head
):
    case = posted_case
    letter = step(case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    event = ApplicationEvent.objects.get(application=case, type="correction_requested")
    assert event.payload["channel"] == "post" and event.payload["period_ends_on"] is None
    assert "10个工作日内（自您签收本告知书之日起计算）提交" in letter.body
    assert "2026年3月18日" not in letter.body
    with pytest.raises(Conflict) as caught:
        add(case, handler, "replied", "2026-03-30", outcome="3.6.1")
    assert caught.value.code == "delivery_not_recorded"
    add(case, handler, "delivered", "2026-03-09", today="2026-03-30", notice="correction_notice")
    with pytest.raises(Conflict) as caught:
        add(case, handler, "replied", "2026-03-23", today="2026-03-30", outcome="3.6.1")
    assert caught.value.code == "correction_period_not_over"
    reply = close(case, "2026-03-24", "3.6.1")
    # The reply names the delivery and the date counted from it (signed Mon 03-09 → Mon 03-23).
    assert "补正告知书于2026年3月9日送达" in reply.body
    assert "自收到补正告知书之日起10个工作日（至2026年3月23日）" in reply.body


def test_a_returned_notice_and_its_redelivery_are_recorded(posted_case, handler, api_client, on_day):
    case = posted_case
    add(case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    add(case, handler, "delivered", "2026-03-10", notice="correction_notice", returned=True)
    with pytest.raises(ValidationFailed) as caught:
        add(case, handler, "delivered", "2026-03-12", notice="correction_notice", channel="post")
    assert caught.value.code == "redelivery_same_channel"
    add(case, handler, "delivered", "2026-03-12", notice="correction_notice", channel="email")
    on_day("2026-03-13")
    body = api_client(handler).get(f"/api/v1/staff/applications/{case.pk}").json()
    assert body["notices"] == [
        {
            "notice": "correction_notice",
            "sent_on": "2026-03-04",
            "sent_by": "post",
            "delivered_on": "2026-03-12",
            "returned_on": "2026-03-10",
            "delivery": "delivered",
            "period_ends_on": "2026-03-26",  # 13 (1), 16–20 (6), 23–26 (10)
        }
    ]
    payloads = list(case.events.filter(type="delivered").values_list("payload", flat=True))
    assert payloads == [
        {"notice": "correction_notice", "returned": True, "channel": "post"},
        {"notice": "correction_notice", "returned": False, "channel": "email"},
    ]


def test_a_posted_fee_notice_counts_its_20_days_from_the_signature(posted_case, handler):
    case = posted_case
    letter = step(case, handler, "fee_notice_sent", "2026-03-05", basis="per_page", quantity=120)
    assert "20个工作日内（自您签收本通知之日起计算）缴纳" in letter.body
    add(case, handler, "delivered", "2026-03-09", today="2026-03-10", notice="fee_notice")
    # Signed Mon 03-09 → Tue 04-07 (清明 04-04..06); 3.6.2 from Wed 04-08.
    with pytest.raises(Conflict):
        add(case, handler, "replied", "2026-04-07", outcome="3.6.2")
    reply = close(case, "2026-04-08", "3.6.2")
    assert "收费通知于2026年3月9日送达" in reply.body and "至2026年4月7日" in reply.body


# --- §2.6: fees ------------------------------------------------------------------------------------


def test_no_fee_notice_within_the_free_pages(case, handler):
    with pytest.raises(ValidationFailed) as caught:
        add(case, handler, "fee_notice_sent", "2026-03-05", basis="per_page", quantity=30)
    assert (caught.value.code, set(caught.value.fields)) == ("fee_zero", {"quantity"})
    app = refreshed(case)
    assert (app.state, app.paused, app.due_on) == ("in_progress", False, D("2026-03-30"))
    assert not Letter.objects.filter(application=case).exists()


def test_one_basis_and_no_notice_after_the_deadline(case, handler):
    add(case, handler, "fee_notice_sent", "2026-03-05", basis="per_page", quantity=50)
    add(case, handler, "fee_paid", "2026-03-06")
    with pytest.raises(ValidationFailed) as caught:
        add(case, handler, "fee_notice_sent", "2026-03-09", basis="per_item", quantity=20)
    assert caught.value.code == "fee_basis_differs"
    # Paused 03-06 (1 working day): due Tue 03-31; a notice on 04-01 comes too late.
    assert refreshed(case).due_on == D("2026-03-31")
    with pytest.raises(Conflict) as caught:
        add(case, handler, "fee_notice_sent", "2026-04-01", basis="per_page", quantity=50)
    assert caught.value.code == "fee_notice_too_late"


# --- Item 8: Art. 35 -------------------------------------------------------------------------------


def asked(case, handler):
    letter = step(
        case,
        handler,
        "reasons_requested",
        "2026-03-04",
        period_workdays=5,
        note="本月第31次申请，涉及十年全部会议纪要",
    )
    add(case, handler, "reasons_received", "2026-03-09")
    return letter


def test_the_reasons_notice_has_its_own_period(case, handler):
    letter = asked(case, handler)
    assert letter.kind == "reasons_notice" and letter.title == "政府信息公开申请说明理由告知书"
    assert "第三十五条" in letter.body and "本月第31次申请" in letter.body
    assert "请您自收到本告知书之日起5个工作日内（2026年3月11日前）向本机关说明申请理由" in letter.body


def test_only_the_office_head_sets_the_longer_deadline_and_it_replaces_the_computed_one(
    case, handler, office_head
):
    asked(case, handler)
    with pytest.raises(NotPermitted) as caught:
        add(case, handler, "deadline_set", "2026-03-16", due_on=D("2026-05-29"), reason="需调取十年档案")
    assert caught.value.code == "deadline_needs_office_head"
    with pytest.raises(ValidationFailed) as caught:
        add(case, office_head, "deadline_set", "2026-03-16", due_on=D("2026-05-29"))
    assert caught.value.code == "reason_required"
    letter = step(
        case, office_head, "deadline_set", "2026-03-16", due_on=D("2026-05-29"), reason="需调取十年档案"
    )
    assert refreshed(case).due_on == D("2026-05-29")
    assert letter.kind == "deadline_notice"
    assert "确定本申请的答复期限为2026年5月29日" in letter.body and "因需调取十年档案" in letter.body
    assert "您于2026年3月9日作出了说明" in letter.body


def test_3_5_4_after_the_reasons_with_its_reply_letter(case, handler):
    asked(case, handler)
    letter = close(case, "2026-03-12", "3.5.4")
    assert refreshed(case).outcome == "3.5.4" and "第三十五条" in letter.body


# --- Item 9: the third party -----------------------------------------------------------------------


def test_3_3_4_without_a_third_party_consultation_is_refused(case, handler):
    with pytest.raises(Conflict) as caught:
        add(case, handler, "replied", "2026-03-20", outcome="3.3.4")
    assert caught.value.code == "outcome_needs_third_party_consultation"


def test_disclosing_over_an_objection_produces_the_notice_to_the_third_party(case, handler, office_head):
    add(case, handler, "consultation_started", "2026-03-04", party="大连某医药有限公司", kind="third_party")
    with pytest.raises(ValidationFailed) as caught:
        add(case, handler, "consultation_ended", "2026-03-12", consultation_id=1)
    assert caught.value.code == "objected_required"
    add(case, handler, "consultation_ended", "2026-03-12", consultation_id=1, objected=True)
    with pytest.raises(Conflict) as caught:
        add(case, handler, "replied", "2026-03-20", outcome="3.1")
    assert caught.value.code == "third_party_not_notified"
    with pytest.raises(ValidationFailed) as caught:
        add(case, handler, "third_party_notified", "2026-03-16", consultation_id=1)
    assert caught.value.code == "reason_required"
    notice = step(
        case,
        handler,
        "third_party_notified",
        "2026-03-16",
        consultation_id=1,
        reason="涉及药品抽检结果，关系公众健康",
    )
    assert notice.kind == "third_party_notice" and notice.body.startswith("大连某医药有限公司：")
    assert "2026年3月4日" in notice.body and "涉及药品抽检结果，关系公众健康" in notice.body
    assert "第三十二条" in notice.body and "行政复议" in notice.body
    close(case, "2026-03-20", "3.1")
    # The notice goes to the third party, never to the applicant's tracking page.
    assert not notice.kind_enum.to_applicant
    assert all(item["kind"] != "third_party_notice" for item in issued_letters_public(case))


# --- The back office offers the new steps ----------------------------------------------------------


def test_the_case_page_shows_a_posted_notice_as_provisional_and_offers_its_delivery(
    client, posted_case, handler, office_head, on_day
):
    on_day("2026-03-06")
    add(posted_case, handler, "correction_requested", "2026-03-04", period_workdays=10, note="请写明文号")
    client.force_login(handler)
    page = client.get(reverse("backoffice:foi_case", args=[posted_case.pk])).content.decode()
    assert "邮寄未登记签收，暂按发出日计算" in page
    assert "确认登记送达" in page
    url = reverse("backoffice:foi_event", args=[posted_case.pk, "delivered"])
    response = client.post(url, {"delivered-on": "2026-03-05", "delivered-notice": "correction_notice"})
    assert response.status_code == 302
    page = client.get(reverse("backoffice:foi_case", args=[posted_case.pk])).content.decode()
    assert "暂按发出日计算" not in page and "补正告知书已送达" in page


def test_the_deadline_form_is_for_the_office_head_only(client, case, handler, office_head, on_day):
    on_day("2026-03-10")
    asked(case, handler)
    client.force_login(handler)
    assert (
        "确认确定延迟答复期限"
        not in client.get(reverse("backoffice:foi_case", args=[case.pk])).content.decode()
    )
    client.force_login(office_head)
    assert (
        "确认确定延迟答复期限" in client.get(reverse("backoffice:foi_case", args=[case.pk])).content.decode()
    )
    url = reverse("backoffice:foi_event", args=[case.pk, "deadline_set"])
    response = client.post(
        url,
        {
            "deadline_set-on": "2026-03-10",
            "deadline_set-due_on": "2026-03-27",
            "deadline_set-reason": "档案多",
        },
    )
    assert response.status_code == 400
    assert "应晚于当前的答复期限（2026-03-30）" in response.content.decode()


def test_a_delivery_counted_date_in_a_provisional_year_says_so(agency, handler):
    # Received Tue 2026-12-01; the fee notice (e-mail) of Thu 12-10 runs 20 working days into
    # 2027, a year with no loaded schedule: 12-11 (1), 14–18 (6), 21–25 (11), 28–31 (15), 元旦
    # Fri 01-01 off (RULES §1), 01-04..08 (20) → Fri 2027-01-08, provisional.
    case = new_case(agency, handler, received_on="2026-12-01")
    letter = step(case, handler, "fee_notice_sent", "2026-12-10", basis="per_page", quantity=40)
    assert "20个工作日内（2027年1月8日（暂定）前）缴纳" in letter.body
