"""Fee amounts at the service level (RULES §2.6): per item across the applicant's calendar month at
the agency, per page by band; the quote equals what the notice charges."""

import pytest

from tests.casework.steps import D, new_case, step
from tests.foi.factories import ApplicantFactory, resident_id
from zwgk.casework.fees import fee_quote
from zwgk.foi.models import ApplicationEvent

pytestmark = pytest.mark.django_db

SAME = {
    "name": "李华",
    "id_number": resident_id("21020319850512001"),
}  # one applicant: same type, name, number


def applications_this_month(agency, handler, n, *, day="2026-03-02", **applicant):
    return [
        new_case(agency, handler, received_on=day, applicant=ApplicantFactory(**applicant)) for _ in range(n)
    ]


@pytest.mark.parametrize(
    ("earlier", "quantity", "amount"),
    [
        # items 1–10 free: no notice at all (RULES §2.6; tests/foi/test_clock_order_delivery.py)
        (9, 2, "100.00"),  # item 10 free, item 11 ¥100
        (10, 20, "2000.00"),  # items 11–30 at ¥100
        (29, 3, "500.00"),  # 30 → ¥100; 31, 32 → ¥200 each
        (30, 10, "2000.00"),  # 31–40 at ¥200
        (35, 10, "2500.00"),  # 36–40 at ¥200, 41–45 at ¥300
        (45, 10, "3500.00"),  # 46–50 at ¥300, 51–55 at ¥400
    ],
)
def test_per_item_fees_count_the_applicants_month_at_the_agency(agency, handler, earlier, quantity, amount):
    applications_this_month(agency, handler, earlier, **SAME)
    case = new_case(agency, handler, received_on="2026-03-20", applicant=ApplicantFactory(**SAME))
    quote = fee_quote(application=case, basis="per_item", quantity=quantity)
    assert quote.already_counted == earlier
    assert str(quote.amount) == amount
    step(case, handler, "fee_notice_sent", "2026-03-23", basis="per_item", quantity=quantity)
    notice = ApplicationEvent.objects.get(application=case, type="fee_notice_sent")
    assert notice.payload["amount_yuan"] == amount  # the notice charges exactly the quote


def test_per_item_counts_ignore_other_months_other_agencies_and_other_applicants(
    agency, other_agency, handler, other_handler
):
    applications_this_month(agency, handler, 12, day="2026-02-27", **SAME)  # last month
    applications_this_month(other_agency, other_handler, 12, **SAME)  # another agency
    applications_this_month(
        agency, handler, 12, name="王秀英", id_number=resident_id("21020419620303002")
    )  # someone else
    case = new_case(agency, handler, received_on="2026-03-20", applicant=ApplicantFactory(**SAME))
    quote = fee_quote(application=case, basis="per_item", quantity=10)
    assert (quote.already_counted, str(quote.amount)) == (0, "0.00")


def test_an_earlier_per_item_notice_counts_its_items(agency, handler):
    first = new_case(agency, handler, received_on="2026-03-02", applicant=ApplicantFactory(**SAME))
    step(first, handler, "fee_notice_sent", "2026-03-04", basis="per_item", quantity=25)
    case = new_case(agency, handler, received_on="2026-03-20", applicant=ApplicantFactory(**SAME))
    quote = fee_quote(application=case, basis="per_item", quantity=5)
    assert quote.already_counted == 25
    assert [line.text for line in quote.lines] == ["第11—30件：5件 × 100元 = 500.00元"]


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (31, "10.00"),
        (100, "700.00"),
        (101, "720.00"),
        (200, "2700.00"),
        (201, "2740.00"),
        (250, "4700.00"),
    ],
)
def test_per_page_fees_by_band(agency, handler, pages, amount):
    case = new_case(agency, handler)
    quote = fee_quote(application=case, basis="per_page", quantity=pages)
    assert str(quote.amount) == amount
    letter = step(case, handler, "fee_notice_sent", "2026-03-05", basis="per_page", quantity=pages)
    assert f"应缴金额：人民币{amount}元" in letter.body


def test_per_page_is_per_application_not_per_month(agency, handler):
    earlier = new_case(agency, handler, applicant=ApplicantFactory(**SAME))
    step(earlier, handler, "fee_notice_sent", "2026-03-04", basis="per_page", quantity=80)
    case = new_case(agency, handler, received_on="2026-03-20", applicant=ApplicantFactory(**SAME))
    assert str(fee_quote(application=case, basis="per_page", quantity=31).amount) == "10.00"


def test_the_fee_notice_gives_the_payment_date_and_the_case_page_proposes_3_6_2_after_it(agency, handler):
    from zwgk.casework.panel import case_panel
    from zwgk.core.calendars import calendar_current

    case = new_case(agency, handler)
    letter = step(case, handler, "fee_notice_sent", "2026-03-05", basis="per_page", quantity=120)
    assert "2026年4月2日前" in letter.body
    case.refresh_from_db()
    before = case_panel(handler, case, today=D("2026-04-02"), cal=calendar_current())
    after = case_panel(handler, case, today=D("2026-04-03"), cal=calendar_current())
    assert before.proposals == []
    assert "3.6.2" in after.proposals[0]
