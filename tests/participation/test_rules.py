"""Pure rules: month arithmetic, the three-month veto, masking of public text."""

from datetime import date

import pytest

from zwgk.participation import rules

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-05-31", 3, "2026-02-28"),  # no 31 February: the month's last day
        ("2024-05-31", 3, "2024-02-29"),
        ("2026-03-15", 3, "2025-12-15"),  # across the year
        ("2026-12-07", 12, "2025-12-07"),
        ("2026-01-31", -1, "2026-02-28"),
    ],
)
def test_months_before(day, months, expected):
    assert rules.months_before(D(day), months) == D(expected)


@pytest.mark.parametrize(
    ("received", "answered", "today", "late"),
    [
        ("2026-01-10", None, "2026-04-10", False),  # exactly three months: not yet more
        ("2026-01-10", None, "2026-04-11", True),
        ("2026-01-10", "2026-04-10", "2026-06-01", False),
        ("2026-01-10", "2026-04-20", "2026-06-01", True),  # answered, but after more than 3 months
        ("2025-11-30", None, "2026-02-28", False),  # 30 Nov + 3 months = 28 Feb
        ("2025-11-30", None, "2026-03-01", True),
    ],
)
def test_unanswered_for_more_than_three_months(received, answered, today, late):
    assert rules.unanswered_too_long(D(received), D(answered) if answered else None, D(today)) is late


def test_the_verdict_looks_back_one_year_but_never_forgets_an_open_message():
    today = D("2026-12-07")
    facts = [
        rules.MessageFacts("A", D("2025-10-01"), D("2026-03-01")),  # late, but outside the year
        rules.MessageFacts("B", D("2025-06-01"), None),  # still open: counts whatever its age
        rules.MessageFacts("C", D("2026-11-01"), None),  # open, only a month
        rules.MessageFacts("D", D("2026-02-01"), D("2026-02-10")),
    ]
    v = rules.interaction_verdict(hosted=True, consultation_channel=True, messages=facts, today=today)
    assert v.late == ("B",)
    assert v.veto and not v.flagged
    assert v.messages == 3
    assert v.oldest_unanswered_on == D("2025-06-01")


def test_a_site_without_a_consultation_column_is_flagged_not_vetoed():
    v = rules.interaction_verdict(hosted=True, consultation_channel=False, messages=[], today=D("2026-12-07"))
    assert v.flagged and not v.veto
    assert v.as_json()["flagged"] is True


def test_public_text_masks_personal_data_and_sensitive_words():
    text = (
        "我叫李华，电话13800001111，身份证210202198001010008，"
        "邮箱li@example.com，座机0411-83630000，反映某某问题。"
    )
    out = rules.public_text(text, ["某某"])
    for secret in ("13800001111", "210202198001010008", "li@example.com", "0411-83630000", "某某"):
        assert secret not in out
    assert "反映＊＊问题" in out


def test_a_short_comment_period_needs_a_reason():
    assert rules.period_too_short("normative", D("2026-03-01"), D("2026-03-30"))  # 29 days
    assert not rules.period_too_short("normative", D("2026-03-01"), D("2026-03-31"))
    assert not rules.period_too_short("other", D("2026-03-01"), D("2026-03-08"), {"other": 7})
