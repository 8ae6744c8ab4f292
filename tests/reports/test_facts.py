"""The report read from stored cases and catalogue items matches the numbers counted by hand."""

import pytest

from tests.reports.conftest import (
    EXPECTED_PART2,
    EXPECTED_PART3,
    EXPECTED_PART4,
    YEAR,
    full_part3,
    full_part4,
)
from zwgk.reports import facts, selectors

pytestmark = pytest.mark.django_db


def test_application_facts_are_the_cases_the_year_can_count(agency, sfj_cases):
    refs = {f.ref for f in facts.application_facts([agency], YEAR)}
    expected = {sfj_cases[k].tracking_code for k in "ACDEFGH"}
    assert refs == expected  # B was received and closed in 2024


def test_part3_matches_the_hand_count(agency, sfj_cases):
    report = selectors.own_report(agency, YEAR)
    assert report["part3"]["rows"] == full_part3(EXPECTED_PART3)


def test_the_balance_check_holds(agency, sfj_cases):
    report = selectors.own_report(agency, YEAR)
    assert report["checks"] == {"balanced": True, "problems": []}


def test_part4_counts_appeals_by_filing_year_with_their_result_at_year_end(agency, sfj_cases):
    assert selectors.own_report(agency, YEAR)["part4"] == full_part4(EXPECTED_PART4)


def test_appeal_facts_follow_the_timeline(agency, sfj_cases):
    by_ref = {(f.ref, f.kind): f for f in facts.appeal_facts([agency], YEAR)}
    d = sfj_cases["D"].tracking_code
    assert by_ref[d, "reconsideration"].result == "upheld"
    assert by_ref[d, "litigation_after_reconsideration"].decided_on is None


def test_part2_combines_the_catalogue_and_the_entered_figures(agency, sfj_catalogue, sfj_entry):
    assert selectors.own_report(agency, YEAR)["part2"] == EXPECTED_PART2


def test_part2_without_an_entry_is_zero(agency):
    part2 = selectors.own_report(agency, YEAR)["part2"]
    assert part2["licensing"] == {"decisions": 0}
    assert part2["fees"] == {"amount_wan_yuan": "0.00"}


def test_the_previous_year_carries_into_row_2(agency, sfj_cases):
    rows_2024 = selectors.own_report(agency, 2024)["part3"]["rows"]
    # A and G were still open on 31 December 2024; B was received and closed in 2024.
    assert rows_2024["4"]["total"] == 2
    assert rows_2024["4"]["total"] == selectors.own_report(agency, YEAR)["part3"]["rows"]["2"]["total"]


def test_an_application_of_another_agency_does_not_count(agency, other_agency, sfj_cases, make_case):
    make_case(other_agency, "natural_person", "2025-02-02", ("replied", "2025-02-10", {"outcome": "3.1"}))
    assert selectors.own_report(agency, YEAR)["part3"]["rows"] == full_part3(EXPECTED_PART3)


def test_on_time_rate_and_fees_collected(agency, sfj_cases):
    t = facts.timeliness([agency], YEAR)
    assert t.closed == 5 and t.on_time == 5
    assert facts.fees_collected_yuan([agency], YEAR) == 0


def test_an_imbalance_names_the_case_causing_it(agency, sfj_cases):
    from zwgk.foi.models import Application

    # A case closed without an outcome: only possible if data was changed behind the services.
    Application.objects.filter(pk=sfj_cases["C"].pk).update(outcome="")
    report = selectors.own_report(agency, YEAR)
    assert report["checks"]["balanced"] is False
    refs = {ref for p in report["checks"]["problems"] for ref in p["refs"]}
    assert refs == {sfj_cases["C"].tracking_code}
