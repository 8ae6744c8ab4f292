"""The back-office workbench: queues with counts, the case page, registration, visibility."""

import pytest
from django.urls import reverse

from tests.backoffice import NAV_TODO_QUERIES
from tests.foi.factories import register_case
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(agency, handler, on_day):
    on_day("2026-03-26")
    return {
        "due_soon": register_case(agency, handler, received_on="2026-03-02", today="2026-03-26"),
        "overdue": register_case(agency, handler, received_on="2026-02-02", today="2026-03-26"),
        "fresh": register_case(agency, handler, received_on="2026-03-20", today="2026-03-26"),
    }


def test_workbench_shows_queues_with_counts(client, handler, cases):
    client.force_login(handler)
    response = client.get(reverse("backoffice:foi_workbench"), {"queue": "overdue"})
    assert response.status_code == 200
    text = response.content.decode()
    assert '已逾期<span class="count">1</span>' in text
    assert '3个工作日内到期<span class="count">1</span>' in text
    assert cases["overdue"].tracking_code in text
    assert cases["fresh"].tracking_code not in text
    assert "逾期" in text


def test_workbench_list_query_count_does_not_grow_with_cases(
    client, handler, agency, cases, django_assert_max_num_queries
):
    client.force_login(handler)
    url = reverse("backoffice:foi_workbench")
    client.get(url)  # warm the calendar cache
    with django_assert_max_num_queries(12 + NAV_TODO_QUERIES):
        client.get(url)
    for day in range(2, 20):
        register_case(agency, handler, received_on=f"2026-03-{day:02d}", today="2026-03-26")
    with django_assert_max_num_queries(12 + NAV_TODO_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("/staff/foi/") >= 21


def test_case_page_shows_deadlines_and_only_allowed_actions(client, handler, cases):
    client.force_login(handler)
    response = client.get(reverse("backoffice:foi_case", args=[cases["due_soon"].pk]))
    text = response.content.decode()
    assert "2026-03-30" in text and "剩2个工作日" in text
    assert "告知补正期限" in text
    for label in (
        "征求意见</summary>",
        "发出收费通知</summary>",
        "答复</summary>",
        "申请人撤回申请</summary>",
    ):
        assert label in text
    # Past the 7 working days: no correction request; no extension for a handler; nothing impossible.
    for label in (
        "告知补正</summary>",
        "延长答复期限</summary>",
        "缴纳信息处理费</summary>",
        "行政复议决定</summary>",
    ):
        assert label not in text


def test_office_head_is_offered_the_extension(client, office_head, cases):
    client.force_login(office_head)
    text = client.get(reverse("backoffice:foi_case", args=[cases["due_soon"].pk])).content.decode()
    assert "延长答复期限</summary>" in text


def test_case_page_marks_provisional_deadlines(client, handler, office_head, agency, on_day):
    on_day("2026-11-27")
    case = register_case(agency, handler, received_on="2026-11-20", today="2026-11-27")
    client.force_login(office_head)
    url = reverse("backoffice:foi_event", args=[case.pk, "extended"])
    response = client.post(
        url, {"extended-on": "2026-11-27", "extended-workdays": "20", "extended-reason": "档案较多"}
    )
    assert response.status_code == 302
    text = client.get(reverse("backoffice:foi_case", args=[case.pk])).content.decode()
    assert "2027-01-18（暂定）" in text  # 元旦 2027 off on the provisional calendar


def test_posting_an_event_form_appends_it(client, handler, cases):
    client.force_login(handler)
    case = cases["fresh"]
    url = reverse("backoffice:foi_event", args=[case.pk, "replied"])
    response = client.post(
        url, {"replied-on": "2026-03-26", "replied-outcome": "3.1", "replied-note": "已邮寄"}
    )
    # The reply letter goes for sign-off; the case closes when it is issued (decision 0016).
    letter = case.letters.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/letters/{letter.pk}/")
    assert (letter.kind, letter.variant, letter.state) == ("reply", "3.1", "submitted")
    assert Application.objects.get(pk=case.pk).outcome == ""


def test_a_refused_event_shows_the_reason_on_the_page(client, handler, cases):
    client.force_login(handler)
    case = cases["overdue"]
    url = reverse("backoffice:foi_event", args=[case.pk, "correction_requested"])
    response = client.post(
        url,
        {"correction_requested-on": "2026-03-26", "correction_requested-period_workdays": "10",
         "correction_requested-note": "请补充文号"},
    )  # fmt: skip
    assert response.status_code == 409
    assert "7个工作日内" in response.content.decode()
    assert case.events.count() == 1


def test_registration_form_for_paper_channels(client, handler, agency, on_day):
    on_day("2026-03-26")
    client.force_login(handler)
    data = {
        "organization": agency.pk,
        "channel": "letter",
        "received_on": "2026-03-20",
        "applicant_type": "natural_person",
        "applicant_name": "刘建国",
        "id_type": "resident_id",
        "id_number": "",
        "phone": "0411-83630000",
        "address": "辽宁省大连市西岗区长江路2号",
        "description": "请提供本局2025年行政复议案件数量。",
        "info_form": "paper",
        "delivery": "post",
    }
    response = client.post(reverse("backoffice:foi_register"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Application.objects.get()
    assert (case.channel, str(case.received_on), str(case.due_on)) == ("letter", "2026-03-20", "2026-04-20")


def test_supervisor_sees_all_agencies_under_them(
    client, supervisor, cases, other_agency, other_handler, on_day
):
    other = register_case(other_agency, other_handler, received_on="2026-03-20", today="2026-03-26")
    client.force_login(supervisor)
    text = client.get(reverse("backoffice:foi_workbench")).content.decode()
    assert other.tracking_code in text and cases["fresh"].tracking_code in text
    page = client.get(reverse("backoffice:foi_case", args=[other.pk])).content.decode()
    assert "</summary>" not in page  # no actions for the supervisor


def test_nobody_sees_other_agencies_cases(client, other_handler, cases):
    client.force_login(other_handler)
    assert client.get(reverse("backoffice:foi_case", args=[cases["fresh"].pk])).status_code == 404
    text = client.get(reverse("backoffice:foi_workbench")).content.decode()
    assert cases["fresh"].tracking_code not in text


def test_the_menu_shows_the_workbench_to_handlers(client, handler):
    client.force_login(handler)
    assert "依申请公开" in client.get(reverse("backoffice:dashboard")).content.decode()


def test_fee_form_shows_the_quote_before_the_notice_is_sent(client, handler, cases):
    client.force_login(handler)
    case = cases["fresh"]
    url = reverse("backoffice:foi_event", args=[case.pk, "fee_notice_sent"])
    form = {
        "fee_notice_sent-on": "2026-03-26",
        "fee_notice_sent-basis": "per_item",
        "fee_notice_sent-quantity": "25",
    }
    assert "试算费用" in client.get(reverse("backoffice:foi_case", args=[case.pk])).content.decode()
    response = client.post(url, {**form, "preview": "1"})
    assert response.status_code == 200
    text = response.content.decode()
    # Measures Art. 4: items 1–10 free, 11–30 at ¥100 each: 15 × 100.
    assert "第1–10件" in text and "第11–30件" in text and "1500.00" in text
    assert "尚未发出通知" in text
    assert not case.events.filter(type="fee_notice_sent").exists()
    assert client.post(url, form).status_code == 302
    assert case.events.filter(type="fee_notice_sent").count() == 1
