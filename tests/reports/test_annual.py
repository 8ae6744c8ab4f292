"""The annual report's arithmetic (RULES §4), on cases counted by hand. Runs without Django."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.reports.annual import (
    APPEAL_COLUMN_LABELS,
    APPEAL_COLUMNS,
    APPEAL_GROUP_LABELS,
    APPEAL_KINDS,
    APPLICANT_TYPES,
    COLUMN_LABELS,
    COLUMNS,
    OUTCOME_CODES,
    PART2_SECTIONS,
    ROW_GROUP_LABELS,
    ROW_LABELS,
    ROWS,
    AppealFact,
    ApplicationFact,
    Part2Facts,
    annual_report,
    checks,
    consolidate,
    part3,
    part4,
)

NP, CE, RI = "natural_person", "commercial_enterprise", "research_institution"
PIO, LSI, OO = "public_interest_organization", "legal_service_institution", "other_organization"


def app(ref, kind, received, closed=None, outcome=None):
    return ApplicationFact(
        ref=ref,
        applicant_type=kind,
        received_on=date.fromisoformat(received),
        closed_on=date.fromisoformat(closed) if closed else None,
        outcome=outcome,
    )


# One agency's cases. The comment on each line says where it counts, worked out by hand.
CASES = [
    app("A01", NP, "2025-03-10", "2025-04-02", "3.1"),  # 2025: 1, 3.1
    app("A02", NP, "2025-11-20", "2026-01-15", "3.2"),  # 2025: 1, 4      2026: 2, 3.2
    app("A03", CE, "2025-12-22", "2026-02-10", "3.3.4"),  # 2025: 1, 4    2026: 2, 3.3.4
    app("A04", NP, "2025-12-30"),  # 2025: 1, 4                           2026: 2, 4
    app("A05", NP, "2026-01-05", "2026-01-28", "3.1"),  # 2026: 1, 3.1
    app("A06", NP, "2026-02-03", "2026-03-01", "3.4.1"),  # 2026: 1, 3.4.1
    app("A07", RI, "2026-04-01", "2026-04-20", "3.1"),  # 2026: 1, 3.1
    app("A08", LSI, "2026-05-06", "2026-05-30", "3.5.2"),  # 2026: 1, 3.5.2
    app("A09", PIO, "2026-06-01", "2026-06-12", "3.6.3"),  # 2026: 1, 3.6.3
    app("A10", OO, "2026-07-01", "2026-07-20", "3.3.6"),  # 2026: 1, 3.3.6
    app("A11", NP, "2026-12-15", "2027-01-10", "3.1"),  # 2026: 1, 4 (closed after year end)
    app("A12", CE, "2026-12-31"),  # 2026: 1, 4 (received on the last day)
    app("A13", NP, "2025-12-31", "2025-12-31", "3.6.1"),  # 2025: 1, 3.6.1 (closed on 31 Dec: not carried)
    app("A14", NP, "2026-01-01", "2026-12-31", "3.2"),  # 2026: 1, 3.2
    app("A15", NP, "2024-06-01", "2026-03-03", "3.4.2"),  # 2025: 2, 4    2026: 2, 3.4.2
    app("A16", NP, "2027-01-04"),  # neither year
]


def table(cells):
    """A full table from its non-zero cells: {row: {column: n}}; zeros everywhere else."""
    full = {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}
    for row, values in cells.items():
        full[row].update(values)
    return full


EXPECTED_2026 = table(
    {
        "1": {
            NP: 4,
            CE: 1,
            RI: 1,
            PIO: 1,
            LSI: 1,
            OO: 1,
            "total": 9,
        },  # A05 A06 A11 A14; A12; A07; A09; A08; A10
        "2": {NP: 3, CE: 1, "total": 4},  # A02 A04 A15; A03
        "3.1": {NP: 1, RI: 1, "total": 2},  # A05; A07
        "3.2": {NP: 2, "total": 2},  # A02 A14
        "3.3.4": {CE: 1, "total": 1},  # A03
        "3.3.6": {OO: 1, "total": 1},  # A10
        "3.4.1": {NP: 1, "total": 1},  # A06
        "3.4.2": {NP: 1, "total": 1},  # A15
        "3.5.2": {LSI: 1, "total": 1},  # A08
        "3.6.3": {PIO: 1, "total": 1},  # A09
        "3.7": {NP: 5, CE: 1, RI: 1, PIO: 1, LSI: 1, OO: 1, "total": 10},
        "4": {NP: 2, CE: 1, "total": 3},  # A04 A11; A12
    }
)

EXPECTED_2025 = table(
    {
        "1": {NP: 4, CE: 1, "total": 5},  # A01 A02 A04 A13; A03
        "2": {NP: 1, "total": 1},  # A15
        "3.1": {NP: 1, "total": 1},  # A01
        "3.6.1": {NP: 1, "total": 1},  # A13
        "3.7": {NP: 2, "total": 2},
        "4": {NP: 3, CE: 1, "total": 4},  # A02 A04 A15; A03
    }
)


@pytest.mark.parametrize("year, expected", [(2025, EXPECTED_2025), (2026, EXPECTED_2026)])
def test_part3_rows_match_the_hand_count(year, expected):
    assert part3(year, CASES) == expected


def test_carried_forward_of_one_year_is_carried_over_into_the_next():
    assert part3(2026, CASES)["2"] == part3(2025, CASES)["4"]


REC, DIRECT, AFTER = "reconsideration", "litigation_direct", "litigation_after_reconsideration"


def appeal(ref, kind, filed, decided=None, result=None):
    return AppealFact(
        ref=ref,
        kind=kind,
        filed_on=date.fromisoformat(filed),
        decided_on=date.fromisoformat(decided) if decided else None,
        result=result,
    )


APPEALS = [
    appeal("C01", REC, "2026-02-01", "2026-04-01", "upheld"),
    appeal("C02", REC, "2026-03-01", "2026-05-01", "corrected"),
    appeal("C03", REC, "2026-11-01", "2027-01-15", "upheld"),  # decided after the year end: pending
    appeal("C04", REC, "2025-10-01", "2026-01-20", "other"),  # 2025: pending; not counted again in 2026
    appeal("C05", DIRECT, "2026-01-10", "2026-06-30", "other"),
    appeal("C06", DIRECT, "2026-08-08"),
    appeal("C07", AFTER, "2026-05-20", "2026-12-31", "upheld"),  # decided on 31 Dec: known at the year end
]


def appeal_counts(upheld=0, corrected=0, other=0, pending=0):
    return {
        "upheld": upheld,
        "corrected": corrected,
        "other": other,
        "pending": pending,
        "total": upheld + corrected + other + pending,
    }


@pytest.mark.parametrize(
    "year, expected",
    [
        (
            2025,
            {
                "reconsideration": appeal_counts(pending=1),
                "litigation_direct": appeal_counts(),
                "litigation_after_reconsideration": appeal_counts(),
            },
        ),
        (
            2026,
            {
                "reconsideration": appeal_counts(upheld=1, corrected=1, pending=1),
                "litigation_direct": appeal_counts(other=1, pending=1),
                "litigation_after_reconsideration": appeal_counts(upheld=1),
            },
        ),
    ],
)
def test_part4_counts_appeals_by_filing_year_with_the_result_known_at_year_end(year, expected):
    assert part4(year, APPEALS) == expected


PART2 = Part2Facts(
    rules_issued=2,
    rules_repealed=1,
    rules_in_force=30,
    normative_documents_issued=12,
    normative_documents_repealed=3,
    normative_documents_in_force=140,
    licensing_decisions=5210,
    penalty_decisions=830,
    coercion_decisions=12,
    fees_amount_wan_yuan=Decimal("12.50"),
)


def report_2026(organization="dl-jyj", cases=CASES, appeals=APPEALS, part2=PART2):
    return annual_report(2026, organization, part2, cases, appeals)


def test_report_is_exactly_the_api_json():
    report = report_2026()
    assert report == {
        "year": 2026,
        "organization": "dl-jyj",
        "part2": {
            "rules": {"issued": 2, "repealed": 1, "in_force": 30},
            "normative_documents": {"issued": 12, "repealed": 3, "in_force": 140},
            "licensing": {"decisions": 5210},
            "penalty": {"decisions": 830},
            "coercion": {"decisions": 12},
            "fees": {"amount_wan_yuan": "12.50"},
        },
        "part3": {
            "columns": [NP, CE, RI, PIO, LSI, OO, "total"],
            "rows": EXPECTED_2026,
        },
        "part4": part4(2026, APPEALS),
        "checks": {"balanced": True, "problems": []},
    }
    assert list(report["part3"]["rows"]) == [
        "1", "2", "3.1", "3.2",
        "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5", "3.3.6", "3.3.7", "3.3.8",
        "3.4.1", "3.4.2", "3.4.3",
        "3.5.1", "3.5.2", "3.5.3", "3.5.4", "3.5.5",
        "3.6.1", "3.6.2", "3.6.3",
        "3.7", "4",
    ]  # fmt: skip
    assert all(list(cells) == list(COLUMNS) for cells in report["part3"]["rows"].values())
    assert json.loads(json.dumps(report, ensure_ascii=False)) == report


def test_an_empty_year_still_has_every_row_and_column_at_zero():
    report = annual_report(2026, "dl-new", Part2Facts(), [], [])
    assert report["part3"]["rows"] == table({})
    assert report["part2"]["fees"] == {"amount_wan_yuan": "0"}
    assert report["checks"] == {"balanced": True, "problems": []}


def test_an_integer_fee_is_written_without_decimals():
    assert Part2Facts(fees_amount_wan_yuan=5).as_json()["fees"] == {"amount_wan_yuan": "5"}  # type: ignore[arg-type]


# --- Problems ----------------------------------------------------------------------------------------

BROKEN = [
    app("B01", NP, "2026-02-02", "2026-03-03"),  # closed, no outcome: in row 1, in no 3.x row
    app("B02", CE, "2026-03-01", "2026-03-20", "3.9"),  # closed with a code that does not exist
    app("B03", RI, "2026-01-10", "2025-12-20", "3.1"),  # closed in 2025 before being received in 2026
    app("B04", PIO, "2026-05-05", "2026-04-04", "3.1"),  # same year: rows balance, the dates are still wrong
]


def problems_by_code(report):
    out = {}
    for p in report["checks"]["problems"]:
        out.setdefault(p["code"], []).append(p)
    return out


def test_an_injected_imbalance_is_reported_with_the_offending_refs():
    report = report_2026(cases=CASES + BROKEN)
    assert report["checks"]["balanced"] is False
    found = problems_by_code(report)

    unbalanced = {p["column"]: p for p in found["unbalanced"]}
    assert set(unbalanced) == {NP, CE, RI, "total"}
    assert unbalanced[NP]["refs"] == ["B01"]
    assert unbalanced[CE]["refs"] == ["B02"]
    assert unbalanced[RI]["refs"] == ["B03"]
    assert unbalanced["total"]["refs"] == ["B01", "B02", "B03"]
    assert unbalanced[NP]["message"] == "自然人列：第一项加第二项之和（8）不等于第三项加第四项之和（7）"
    assert unbalanced[NP]["part"] == "part3"
    assert unbalanced[NP]["organization"] == "dl-jyj"

    assert [(p["refs"], p["column"], p["row"]) for p in found["missing_outcome"]] == [(["B01"], NP, "3.7")]
    assert found["missing_outcome"][0]["message"] == "申请 B01 已于 2026-03-03 办结，但没有办理结果"
    assert [p["refs"] for p in found["invalid_outcome"]] == [["B02"]]
    assert "3.9" in found["invalid_outcome"][0]["message"]
    assert [(p["refs"], p["row"]) for p in found["closed_before_received"]] == [
        (["B03"], "1"),
        (["B04"], "1"),
    ]
    assert set(found) == {"unbalanced", "missing_outcome", "invalid_outcome", "closed_before_received"}


def test_a_wrong_fact_is_a_problem_only_of_the_year_it_distorts():
    late = [app("B05", NP, "2025-02-02", "2025-03-03")]  # no outcome, closed in 2025
    assert annual_report(2025, "x", PART2, late, [])["checks"]["balanced"] is False
    assert annual_report(2026, "x", PART2, late, [])["checks"] == {"balanced": True, "problems": []}


def test_an_outcome_on_an_open_case_is_ignored_until_it_closes():
    open_case = [app("B06", NP, "2026-02-02", None, "3.1")]
    report = annual_report(2026, "x", PART2, open_case, [])
    assert report["part3"]["rows"]["4"][NP] == 1
    assert report["checks"]["balanced"] is True


def test_wrong_appeal_facts_are_reported_and_counted_as_pending():
    appeals = [
        appeal("D01", REC, "2026-03-01", "2026-04-01"),  # decided, but with no result
        appeal("D02", DIRECT, "2026-03-01", None, "upheld"),  # a result, but no decision date
        appeal("D03", AFTER, "2026-03-01", "2026-02-01", "other"),  # decided before it was filed
    ]
    report = report_2026(appeals=appeals)
    assert report["part4"]["reconsideration"] == appeal_counts(pending=1)
    assert report["part4"]["litigation_direct"] == appeal_counts(pending=1)
    found = problems_by_code(report)
    assert [(p["refs"], p["row"], p["column"]) for p in found["appeal_missing_result"]] == [
        (["D01"], "reconsideration", "pending")
    ]
    assert [p["refs"] for p in found["appeal_result_without_decision"]] == [["D02"]]
    assert [p["refs"] for p in found["appeal_decided_before_filed"]] == [["D03"]]
    assert found["appeal_result_without_decision"][0]["message"].startswith(
        "行政诉讼（未经复议直接起诉） D02 "
    )
    assert report["checks"]["balanced"] is False


def test_checks_recompute_the_arithmetic_of_a_tampered_report():
    report = report_2026()
    report["part3"]["rows"]["3.1"][NP] += 1  # 3.7 and the row total no longer agree
    report["part4"]["litigation_direct"]["total"] = 9
    found = problems_by_code({"checks": checks(report)})
    assert "unbalanced" not in found  # 1 + 2 = 3.7 + 4 still holds: 3.7 was not touched
    assert [(p["row"], p["column"]) for p in found["outcome_total_mismatch"]] == [("3.7", NP)]
    assert [(p["row"], p["column"]) for p in found["row_total_mismatch"]] == [("3.1", "total")]
    assert [(p["row"], p["column"]) for p in found["appeal_total_mismatch"]] == [
        ("litigation_direct", "total")
    ]
    assert found["appeal_total_mismatch"][0]["message"] == (
        "行政诉讼（未经复议直接起诉）：总计（9）不等于结果维持、结果纠正、其他结果、尚未审结之和（2）"
    )


def test_checks_refuse_what_is_not_a_report():
    with pytest.raises(ValueError, match="not an annual report"):
        checks({"year": 2026, "organization": "x"})
    report = report_2026()
    report["part3"]["rows"]["4"][NP] = -1
    with pytest.raises(ValueError, match=r"part3\.rows\.4\.natural_person"):
        checks(report)


def test_facts_with_an_unknown_code_are_refused_at_once():
    with pytest.raises(ValueError, match="applicant type"):
        app("E01", "company", "2026-01-01")
    with pytest.raises(ValueError, match="appeal kind"):
        AppealFact(ref="E02", kind="petition", filed_on=date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rules_issued"):
        Part2Facts(rules_issued=-1)
    with pytest.raises(ValueError, match="fees_amount_wan_yuan"):
        Part2Facts(fees_amount_wan_yuan=Decimal("NaN"))


# --- Consolidation -----------------------------------------------------------------------------------

OTHER_CASES = [
    app("G01", NP, "2025-12-01", "2026-01-09", "3.3.5"),
    app("G02", LSI, "2026-03-03", "2026-03-30", "3.2"),
    app("G03", NP, "2026-11-11"),
]
OTHER_APPEALS = [appeal("H01", REC, "2026-04-04", "2026-06-06", "other")]
OTHER_PART2 = Part2Facts(
    normative_documents_issued=4, penalty_decisions=70, fees_amount_wan_yuan=Decimal("0.3")
)


def test_consolidation_is_the_sum_of_the_parts():
    a = report_2026()
    b = annual_report(2026, "dl-zjj", OTHER_PART2, OTHER_CASES, OTHER_APPEALS)
    total = consolidate([a, b], organization="dl-gov")

    assert total["year"] == 2026
    assert total["organization"] == "dl-gov"
    assert total["part3"]["columns"] == list(COLUMNS)
    for row in ROWS:
        for col in COLUMNS:
            assert (
                total["part3"]["rows"][row][col]
                == a["part3"]["rows"][row][col] + b["part3"]["rows"][row][col]
            )
    for kind in APPEAL_KINDS:
        for col in APPEAL_COLUMNS:
            assert total["part4"][kind][col] == a["part4"][kind][col] + b["part4"][kind][col]
    assert total["part2"]["normative_documents"] == {"issued": 16, "repealed": 3, "in_force": 140}
    assert total["part2"]["penalty"] == {"decisions": 900}
    assert total["part2"]["fees"] == {"amount_wan_yuan": "12.80"}
    assert total["checks"] == {"balanced": True, "problems": []}
    # One agency's report of all the cases says the same as the consolidation.
    assert total["part3"] == report_2026(cases=CASES + OTHER_CASES)["part3"]


def test_consolidation_reads_reports_back_from_json():
    a = json.loads(json.dumps(report_2026()))
    assert consolidate([a], organization="dl-gov")["part3"] == report_2026()["part3"]


def test_errors_that_cancel_out_in_the_sum_are_still_reported_per_agency():
    a, b = report_2026(organization="dl-a"), report_2026(organization="dl-b")
    a["part3"]["rows"]["1"][NP] += 1
    a["part3"]["rows"]["1"]["total"] += 1
    b["part3"]["rows"]["1"][NP] -= 1
    b["part3"]["rows"]["1"]["total"] -= 1
    total = consolidate([a, b], organization="dl-gov")
    assert total["part3"]["rows"] == table(
        {r: {c: 2 * n for c, n in cells.items()} for r, cells in EXPECTED_2026.items()}
    )
    assert total["checks"]["balanced"] is False
    assert sorted((p["organization"], p["column"]) for p in total["checks"]["problems"]) == [
        ("dl-a", NP), ("dl-a", "total"), ("dl-b", NP), ("dl-b", "total"),
    ]  # fmt: skip


def test_consolidation_keeps_the_wrong_facts_of_each_agency_with_their_refs():
    a = report_2026(organization="dl-a", cases=CASES + BROKEN[:1])
    district = consolidate([a, report_2026(organization="dl-b")], organization="dl-district")
    city = consolidate([district], organization="dl-city")
    for report in (district, city):
        found = problems_by_code(report)
        assert [(p["organization"], p["refs"]) for p in found["missing_outcome"]] == [("dl-a", ["B01"])]
        assert ("dl-a", NP) in [(p["organization"], p["column"]) for p in found["unbalanced"]]
        assert (report["organization"], NP) in [(p["organization"], p["column"]) for p in found["unbalanced"]]


def test_consolidation_refuses_reports_of_different_years():
    with pytest.raises(ValueError, match="years"):
        consolidate([report_2026(), annual_report(2025, "x", PART2, CASES, [])], organization="dl-gov")
    empty = consolidate([], organization="dl-gov", year=2026)
    assert empty["part3"]["rows"] == table({})
    assert empty["part2"]["fees"] == {"amount_wan_yuan": "0"}


# --- Labels ------------------------------------------------------------------------------------------


def test_every_row_and_column_has_its_national_label():
    assert list(ROW_LABELS) == list(ROWS)
    assert list(COLUMN_LABELS) == list(COLUMNS)
    assert list(APPEAL_GROUP_LABELS) == list(APPEAL_KINDS)
    assert list(APPEAL_COLUMN_LABELS) == list(APPEAL_COLUMNS)
    assert ROW_LABELS["1"] == "一、本年新收政府信息公开申请数量"
    assert ROW_LABELS["3.2"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert ROW_LABELS["3.3.3"] == "3.危及“三安全一稳定”"
    assert ROW_LABELS["4"] == "四、结转下年度继续办理"
    assert ROW_GROUP_LABELS["3"] == "三、本年度办理结果"
    assert all(any(row.startswith(group + ".") for row in OUTCOME_CODES) for group in ROW_GROUP_LABELS)


def test_part2_sections_name_every_part2facts_field():
    cells = [f"{key}_{field}" for s in PART2_SECTIONS for key, _ in s.rows for field in s.fields]
    assert cells == list(Part2Facts.__dataclass_fields__)
    assert all(len(s.headers) == len(s.fields) + 1 for s in PART2_SECTIONS)


# --- Properties --------------------------------------------------------------------------------------

YEARS = st.integers(min_value=2023, max_value=2028)


@st.composite
def valid_applications(draw):
    received = draw(st.dates(min_value=date(2022, 1, 1), max_value=date(2029, 12, 31)))
    closed = draw(
        st.none() | st.integers(min_value=0, max_value=800).map(lambda d: received + timedelta(days=d))
    )
    return ApplicationFact(
        ref=draw(st.text(alphabet="0123456789", min_size=4, max_size=4)),
        applicant_type=draw(st.sampled_from(APPLICANT_TYPES)),
        received_on=received,
        closed_on=closed,
        outcome=None if closed is None else draw(st.sampled_from(OUTCOME_CODES)),
    )


@settings(max_examples=200, deadline=None)
@given(year=YEARS, cases=st.lists(valid_applications(), max_size=40))
def test_valid_facts_always_balance_in_every_column(year, cases):
    rows = part3(year, cases)
    for col in COLUMNS:
        assert rows["1"][col] + rows["2"][col] == rows["3.7"][col] + rows["4"][col]
        assert rows["3.7"][col] == sum(rows[code][col] for code in OUTCOME_CODES)
    assert all(cells["total"] == sum(cells[c] for c in APPLICANT_TYPES) for cells in rows.values())
    assert rows["2"] == part3(year - 1, cases)["4"]
    assert annual_report(year, "x", Part2Facts(), cases, [])["checks"] == {"balanced": True, "problems": []}


@settings(max_examples=100, deadline=None)
@given(
    year=YEARS, cases=st.lists(valid_applications(), max_size=30), cut=st.integers(min_value=0, max_value=30)
)
def test_consolidating_any_split_equals_the_report_of_all(year, cases, cut):
    parts = [
        annual_report(year, org, Part2Facts(), chunk, [])
        for org, chunk in (("a", cases[:cut]), ("b", cases[cut:]))
    ]
    assert (
        consolidate(parts, organization="all")["part3"]
        == annual_report(year, "all", Part2Facts(), cases, [])["part3"]
    )
