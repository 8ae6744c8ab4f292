"""The information-processing fee (RULES §2.6; 国办函〔2020〕109号), worked out by hand. Runs without
Django."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.calendars import calendar_2025_2026
from zwgk.foi.domain.fees import (
    FeeBasis,
    FeeLine,
    calculate_fee,
    fee_payment_due_on,
    per_item_fee,
    per_page_fee,
)

CAL = calendar_2025_2026()


@pytest.mark.parametrize(
    "already, quantity, amount",
    [
        (0, 10, 0),  # items 1–10 are free
        (0, 11, 100),  # the 11th costs ¥100
        (0, 30, 2_000),  # 20 × 100
        (0, 31, 2_200),  # + the 31st at ¥200
        (0, 40, 4_000),  # 2,000 + 10 × 200
        (0, 41, 4_300),  # + the 41st at ¥300
        (0, 50, 7_000),  # 4,000 + 10 × 300
        (0, 55, 9_000),  # 7,000 + 5 × 400 (51–60)
        (25, 10, 1_500),  # items 26–35 this month: 5 × 100 + 5 × 200
        (10, 1, 100),  # the month's 11th item
        (9, 2, 100),  # the 10th is still free, the 11th is not
        (40, 1, 300),  # the month's 41st item
        (99, 2, 1_700),  # 100th in 91–100 (¥800), 101st in 101–110 (¥900)
    ],
)
def test_per_item_is_cumulative_per_month(already, quantity, amount):
    calc = per_item_fee(quantity, already_counted=already)
    assert calc.amount == Decimal(amount)
    assert calc.basis is FeeBasis.PER_ITEM
    assert sum(line.count for line in calc.lines) == quantity


def test_per_item_lines_for_the_fee_notice():
    calc = per_item_fee(10, already_counted=25)
    assert calc.lines == (
        FeeLine(11, 30, "件", 5, Decimal(100), Decimal(500)),
        FeeLine(31, 40, "件", 5, Decimal(200), Decimal(1000)),
    )
    assert [line.text for line in calc.lines] == [
        "第11—30件：5件 × 100元 = 500.00元",
        "第31—40件：5件 × 200元 = 1000.00元",
    ]
    assert str(calc.amount) == "1500.00"


@pytest.mark.parametrize(
    "pages, amount",
    [
        (1, 0),
        (30, 0),  # pages 1–30 free
        (31, 10),  # the 31st page at ¥10
        (100, 700),  # 70 × 10
        (101, 720),  # + one page at ¥20
        (200, 2_700),  # 700 + 100 × 20
        (201, 2_740),  # + one page at ¥40
        (250, 4_700),  # 2,700 + 50 × 40
    ],
)
def test_per_page_is_progressive(pages, amount):
    calc = per_page_fee(pages)
    assert calc.amount == Decimal(amount)
    assert calc.basis is FeeBasis.PER_PAGE


def test_per_page_lines_for_the_fee_notice():
    lines = per_page_fee(250).lines
    assert [(line.band, line.count, line.rate, line.subtotal) for line in lines] == [
        ("第1—30页", 30, Decimal(0), Decimal(0)),
        ("第31—100页", 70, Decimal(10), Decimal(700)),
        ("第101—200页", 100, Decimal(20), Decimal(2000)),
        ("第201页及以上", 50, Decimal(40), Decimal(2000)),
    ]
    assert lines[0].text == "第1—30页：30页，不收费"


def test_calculate_fee_dispatches_on_the_api_basis():
    assert calculate_fee("per_item", 5, already_counted=8).amount == Decimal(300)  # items 9–13: 3 × 100
    assert calculate_fee(FeeBasis.PER_PAGE, 31).amount == Decimal(10)
    assert (FeeBasis.PER_ITEM.label, FeeBasis.PER_PAGE.label) == ("按件计收", "按量计收")


@pytest.mark.parametrize(
    "call",
    [
        lambda: per_item_fee(0),  # nothing to charge
        lambda: per_item_fee(3, already_counted=-1),
        lambda: per_page_fee(-5),
        lambda: calculate_fee("per_page", 40, already_counted=3),  # pages do not accumulate per month
        lambda: calculate_fee("per_kilo", 3),
    ],
)
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(
    "sent, due",
    [
        ("2026-03-20", "2026-04-20"),  # 清明 2026 04-04..04-06 skipped
        ("2026-02-10", "2026-03-16"),  # 春节 2026: Sat 02-14 and 02-28 count
        ("2025-09-26", "2025-10-30"),  # 国庆+中秋 2025: Sun 09-28 and Sat 10-11 count
    ],
)
def test_fee_payment_due_on(sent, due):
    assert fee_payment_due_on(CAL, date.fromisoformat(sent)) == date.fromisoformat(due)


@settings(deadline=None)  # timing varies on a loaded machine; the property is what counts
@given(
    already=st.integers(min_value=0, max_value=200),
    first=st.integers(min_value=1, max_value=100),
    second=st.integers(min_value=1, max_value=100),
)
def test_per_item_does_not_depend_on_how_the_month_is_split(already, first, second):
    together = per_item_fee(first + second, already_counted=already).amount
    apart = (
        per_item_fee(first, already_counted=already).amount
        + per_item_fee(second, already_counted=already + first).amount
    )
    assert together == apart


@settings(deadline=None)  # timing varies on a loaded machine; the property is what counts
@given(pages=st.integers(min_value=1, max_value=2_000))
def test_one_more_page_costs_that_pages_band_rate(pages):
    rate = 0 if pages < 30 else 10 if pages < 100 else 20 if pages < 200 else 40
    assert per_page_fee(pages + 1).amount - per_page_fee(pages).amount == rate
