"""A year of cases whose report rows are counted by hand (the expected numbers are in `EXPECTED`).

Applications go through the FOI service (`application_register` with the case's history), so
the report reads exactly what the platform stores; catalogue items are plain rows, as the
report only reads them.
"""

from datetime import date
from decimal import Decimal

import pytest

YEAR = 2025

# table 三 of dl-sfj for 2025, counted by hand from `sfj_cases` (zero cells omitted)
EXPECTED_PART3 = {
    "1": {"natural_person": 3, "commercial_enterprise": 1, "research_institution": 1, "total": 5},
    "2": {"natural_person": 1, "legal_service_institution": 1, "total": 2},
    "3.1": {"natural_person": 1, "total": 1},
    "3.2": {"natural_person": 1, "total": 1},
    "3.3.4": {"commercial_enterprise": 1, "total": 1},
    "3.4.1": {"natural_person": 1, "total": 1},
    "3.6.3": {"natural_person": 1, "total": 1},
    "3.7": {"natural_person": 4, "commercial_enterprise": 1, "total": 5},
    "4": {"research_institution": 1, "legal_service_institution": 1, "total": 2},
}
EXPECTED_PART4 = {
    "reconsideration": {"upheld": 1, "total": 1},
    "litigation_direct": {"corrected": 1, "total": 1},
    "litigation_after_reconsideration": {"pending": 1, "total": 1},
}
EXPECTED_PART2 = {
    "rules": {"issued": 1, "repealed": 0, "in_force": 1},
    "normative_documents": {"issued": 2, "repealed": 1, "in_force": 3},
    "licensing": {"decisions": 120},
    "penalty": {"decisions": 35},
    "coercion": {"decisions": 4},
    "fees": {"amount_wan_yuan": "1.25"},
}


def full_part3(expected):
    from zwgk.reports.annual import COLUMNS, ROWS

    return {row: {col: expected.get(row, {}).get(col, 0) for col in COLUMNS} for row in ROWS}


def full_part4(expected):
    from zwgk.reports.annual import APPEAL_COLUMNS, APPEAL_KINDS

    return {
        kind: {col: expected.get(kind, {}).get(col, 0) for col in APPEAL_COLUMNS} for kind in APPEAL_KINDS
    }


@pytest.fixture
def make_case(db):
    """make_case(org, applicant_type, received, *events) → Application; events are (type, on, extra)."""
    from zwgk.foi.services import ApplicantData, NewEvent, RequestData, application_register

    def make(org, applicant_type, received, *events):
        history = [NewEvent(type=t, on=date.fromisoformat(on), **extra) for t, on, extra in events]
        return application_register(
            actor=None,
            organization=org,
            applicant=ApplicantData(type=applicant_type, name="王小明", phone="0411-88886666"),
            request=RequestData(description="2024年度本市法律援助经费使用情况"),
            channel="in_person",
            received_on=date.fromisoformat(received),
            history=history,
            check_permission=False,
        )

    return make


def replied(on, outcome):
    return ("replied", on, {"outcome": outcome})


@pytest.fixture
def sfj_cases(agency, make_case):
    """Nine cases of dl-sfj; the comment on each says where it counts in 2025."""
    return {
        "A": make_case(agency, "natural_person", "2024-12-20", replied("2025-01-10", "3.1")),  # 2, 3.1
        "B": make_case(agency, "natural_person", "2024-11-01", replied("2024-11-20", "3.1")),  # not in 2025
        "C": make_case(agency, "natural_person", "2025-03-03", replied("2025-03-20", "3.2")),  # 1, 3.2
        # 1, 3.3.4; reconsideration upheld; then a lawsuit after it, pending at the year end
        "D": make_case(
            agency,
            "commercial_enterprise",
            "2025-05-06",
            # Art. 32: 3.3.4 only with the third party asked (RULES §2.7 item 9).
            ("consultation_started", "2025-05-07", {"party": "大连某科技公司", "kind": "third_party"}),
            ("consultation_ended", "2025-05-12", {"consultation_id": 1, "objected": True}),
            replied("2025-05-20", "3.3.4"),
            ("reconsideration_filed", "2025-06-10", {}),
            ("reconsideration_decided", "2025-08-01", {"result": "upheld"}),
            ("litigation_filed", "2025-08-10", {"after_reconsideration": True}),
        ),
        "E": make_case(agency, "research_institution", "2025-12-22"),  # 1, 4
        "F": make_case(agency, "natural_person", "2025-07-01", ("withdrawn", "2025-07-03", {})),  # 1, 3.6.3
        "G": make_case(agency, "legal_service_institution", "2024-12-30"),  # 2, 4
        # 1, 3.4.1; a direct lawsuit, decided (corrected) in the year
        "H": make_case(
            agency,
            "natural_person",
            "2025-09-01",
            replied("2025-09-15", "3.4.1"),
            ("litigation_filed", "2025-10-01", {"after_reconsideration": False}),
            ("litigation_decided", "2025-12-01", {"result": "corrected"}),
        ),
    }


@pytest.fixture
def sfj_catalogue(agency):
    """Rules and normative documents of dl-sfj, with their lifecycle (see EXPECTED_PART2)."""
    from zwgk.catalog.models import Document, LifecycleEvent

    def doc(title, kind, signed_on=None, published_on=None, state="published"):
        return Document.objects.create(
            organization=agency,
            title=title,
            kind=kind,
            state=state,
            signed_on=signed_on and date.fromisoformat(signed_on),
            published_on=published_on and date.fromisoformat(published_on),
        )

    doc("大连市法律援助办法", "rule", "2025-03-01", "2025-03-05")  # issued, in force
    n1 = doc("关于规范律师执业的通知", "normative", "2023-05-01", "2023-05-03")
    LifecycleEvent.objects.create(document=n1, kind="repealed", on=date(2025, 6, 30))  # repealed in 2025
    n2 = doc("人民调解工作规范", "normative", "2024-01-10", "2024-01-12")
    LifecycleEvent.objects.create(document=n2, kind="amended", on=date(2025, 2, 1))  # still in force
    doc("公证服务收费管理规定", "normative", "2025-11-01", "2025-11-05")  # issued, in force
    doc("2026年普法工作要点", "normative", "2026-01-05", "2026-01-06")  # next year
    doc("社区矫正工作细则（草稿）", "normative", "2025-06-01", state="draft")  # never published
    n6 = doc("法治宣传教育实施意见", "normative", None, "2025-04-01")  # issued (by publication date)
    LifecycleEvent.objects.create(document=n6, kind="expired", on=date(2026, 3, 1))  # in force at 2025 end


@pytest.fixture
def sfj_entry(agency):
    from zwgk.reports.services import Part2Input, part2_entry_save

    return part2_entry_save(
        actor=None,
        organization=agency,
        year=YEAR,
        data=Part2Input(
            licensing_decisions=120,
            penalty_decisions=35,
            coercion_decisions=4,
            fees_amount_wan_yuan=Decimal("1.25"),
            source_note="行政审批系统、执法办案系统统计",
        ),
        check_permission=False,
    )


@pytest.fixture
def sfj_texts(agency):
    from zwgk.reports.services import report_text_save

    return report_text_save(
        actor=None,
        organization=agency,
        year=YEAR,
        overview="2025年，市司法局认真贯彻落实《中华人民共和国政府信息公开条例》。\n主动公开政府信息312条。",
        problems="依申请公开答复的规范性有待提高。",
        other="本年度未收取信息处理费。",
        check_permission=False,
    )


@pytest.fixture
def sfj_year(sfj_cases, sfj_catalogue, sfj_entry, sfj_texts):
    """Everything of dl-sfj's 2025 report."""
    return sfj_cases
