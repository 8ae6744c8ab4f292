"""Same-app templates compare with the values the view passes, never with a spelled-out literal
(issue 20 item 1: one name for one fact), and the case page's timeline reads its details from
the enums that own them."""

import re
from pathlib import Path

import pytest

from zwgk.foi.event_details import event_detail

TEMPLATES = Path(__file__).resolve().parents[2] / "zwgk" / "backoffice" / "templates" / "backoffice"
LITERAL_COMPARISON = re.compile(r"""(==|!=)\s*["']|["']\s*(==|!=)""")


@pytest.mark.parametrize(
    "name", ["foi/case.html", "catalog/review_queue.html", "catalog/document_detail.html"]
)
def test_no_comparison_with_a_literal(name):
    text = (TEMPLATES / name).read_text()
    found = [m.group(0) for m in LITERAL_COMPARISON.finditer(text)]
    assert found == [], f"{name}: {found}"


@pytest.mark.parametrize(
    ("event_type", "payload", "shown"),
    [
        (
            "consultation_started",
            {"consultation_id": 2, "party": "市统计局", "kind": "agency"},
            "：第2项，市统计局（其他机关）",
        ),
        (
            "consultation_started",
            {"consultation_id": 1, "party": "某公司", "kind": "third_party"},
            "：第1项，某公司（第三方）",
        ),
        ("consultation_ended", {"consultation_id": 1, "objected": True}, "：第1项，第三方不同意公开"),
        ("consultation_ended", {"consultation_id": 1, "objected": False}, "：第1项，第三方未表示反对"),
        ("consultation_ended", {"consultation_id": 2}, "：第2项"),
        ("delivered", {"notice": "fee_notice", "returned": True}, "：收费通知被退回，未送达"),
        ("delivered", {"notice": "correction_notice", "returned": False}, "：补正告知书已送达"),
        ("fee_notice_sent", {"basis": "per_item", "quantity": 3, "amount_yuan": "100"}, "：按件3，100元"),
        ("fee_notice_sent", {"basis": "per_page", "quantity": 120, "amount_yuan": "50"}, "：按量120，50元"),
        ("reconsideration_decided", {"result": "corrected"}, "：纠正"),
        ("litigation_decided", {"result": "other"}, "：其他结果"),
        ("reconsideration_accepted", {"procedure": "simplified"}, "：简易程序"),
        ("rereplied", {"outcome": "3.1"}, "：3.1"),
        ("litigation_filed", {"after_reconsideration": False}, "：直接起诉"),
        ("registered", {"backdated": True}, "（补登）"),
        ("registered", {}, ""),
        ("fee_paid", {}, ""),
    ],
)
def test_the_timeline_details(event_type, payload, shown):
    assert event_detail(event_type, payload) == shown
