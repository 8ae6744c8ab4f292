"""The assessment (考核评估) of agencies from the supervision data: scheme, scores, evidence, export."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.foi.factories import ev, register_case
from zwgk.organizations.models import ResponsibleLeader
from zwgk.reports.assessments import DEFAULT_INDICATORS, assessment_for, default_scheme_create, scheme_for
from zwgk.reports.models import AssessmentScheme, SchemeIndicator

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
OVERDUE_LINK = "/staff/foi/?organization=dl-sfj&view=overdue"


@pytest.fixture
def cases(agency, other_agency, admin_user):
    """市司法局: one case replied on time, one open past its due date, its leader filed.
    市民政局: no cases, no leader filed."""
    register_case(
        agency, admin_user, received_on="2026-03-02", today="2026-03-20",
        history=[ev("replied", "2026-03-20", outcome="3.1")],
    )  # fmt: skip
    register_case(agency, admin_user, received_on="2026-09-24", today="2026-09-24")  # due 10-29
    ResponsibleLeader.objects.create(
        organization=agency, name="张三", post="副局长", filed_on=date(2026, 1, 5)
    )


@pytest.fixture
def trained(city, agency, other_agency):
    """Each agency held a session its staff attended: the default scheme's training indicators
    (decision 0035) are met, so the tests below see only what they are about."""
    from zwgk.registries.models import ParticipantRole
    from zwgk.registries.training import ParticipantInput, training_record

    for org in (city, agency, other_agency):
        training_record(
            actor=None,
            organization=org,
            topic="政府信息公开条例培训",
            held_on=date(2026, 6, 3),
            trainer="李强",
            participants=[ParticipantInput(org, ParticipantRole.DISCLOSURE_STAFF, 5)],
            check_permission=False,
        )


@pytest.fixture
def supervisor(make_staff, city):
    return make_staff(city, "supervisor")


def by_code(result):
    return {s.organization.code: s for s in result.scores}


def test_default_scheme_scores_the_overdue_case_with_its_evidence(cases, trained, supervisor):
    result = assessment_for(supervisor, year=2026, today=TODAY)
    assert result.choice.scheme is None  # nothing configured: the built-in default applies
    scores = by_code(result)
    sfj = scores["dl-sfj"]
    # overdue 1 at 5 points a case; on time 100%, median 14 workdays ≤ 15, leader filed
    assert sfj.assessment.score == Decimal(95) and sfj.assessment.passed
    (deduction,) = sfj.assessment.deductions
    assert deduction.indicator == "overdue" and deduction.points == 5 and deduction.measured == 1
    assert deduction.evidence == (OVERDUE_LINK,)
    assert [line.evidence for line in sfj.missed] == [OVERDUE_LINK]
    assert sfj.rank == 1


def test_an_unfiled_leader_vetoes_whatever_the_score(cases, trained, supervisor):
    mzj = by_code(assessment_for(supervisor, year=2026, today=TODAY))["dl-mzj"]
    assert mzj.assessment.score == 100 and not mzj.assessment.passed
    assert [d.indicator for d in mzj.assessment.vetoes] == ["leader_filed"]
    assert mzj.assessment.vetoes[0].evidence == ("/staff/leaders/",)
    # no closed case: the on-time rate is not missed, and the page says why
    on_time = next(line for line in mzj.lines if line.indicator.code == "on_time_rate")
    assert (on_time.measured, on_time.note, on_time.missed) == (100, "本年无办结申请", False)
    # failed agencies rank after passed ones; equal results share a rank
    ranks = {s.organization.code: s.rank for s in assessment_for(supervisor, year=2026, today=TODAY).scores}
    assert ranks == {"dl-sfj": 1, "dl": 2, "dl-mzj": 2}


def test_a_configured_scheme_replaces_the_default(cases, supervisor):
    AssessmentScheme.objects.create(name="停用方案", year=2026, active=False)
    scheme = AssessmentScheme.objects.create(name="2025年考核方案", year=2025, fail_at_or_below=Decimal(75))
    for code, threshold, comparison, weight, veto in (
        ("overdue", "0", "at_most", "30", False),
        ("on_time_rate", "90", "at_least", "20", False),
        ("leader_filed", "1", "at_least", "10", False),
    ):
        SchemeIndicator.objects.create(
            scheme=scheme, code=code, name=code, threshold=Decimal(threshold), comparison=comparison,
            weight=Decimal(weight), veto=veto,
        )  # fmt: skip
    result = assessment_for(supervisor, year=2026, today=TODAY)  # the latest active scheme up to 2026
    assert result.choice.scheme == scheme
    scores = by_code(result)
    assert (scores["dl-sfj"].assessment.score, scores["dl-sfj"].assessment.passed) == (70, False)
    assert (scores["dl-mzj"].assessment.score, scores["dl-mzj"].assessment.passed) == (90, True)
    assert result.scores[0].organization.code in {"dl", "dl-mzj"}


def test_the_default_scheme_is_created_once_and_weighs_100(db):
    scheme = default_scheme_create(year=2026)
    assert default_scheme_create(year=2026) == scheme
    assert scheme.indicators.count() == len(DEFAULT_INDICATORS)
    assert sum(i.weight for i in scheme.indicators.all()) == 100
    assert scheme_for(2027).scheme == scheme and scheme_for(2025).scheme is None


def test_the_demo_loader_creates_the_default_schemes(db):
    from zwgk.reports import demo

    demo.load(stdout=None)
    assert set(AssessmentScheme.objects.values_list("year", flat=True)) == {2025, timezone.localdate().year}


def test_page_and_export_are_for_supervisors_only(cases, client, make_staff, agency):
    client.force_login(make_staff(agency, "editor"))
    assert client.get("/staff/assessment/").status_code == 403
    assert client.get("/staff/assessment/export.xlsx").status_code == 403


def test_page_shows_scores_and_deductions_with_evidence(
    cases, client, supervisor, django_assert_max_num_queries
):
    default_scheme_create(year=2026)
    client.force_login(supervisor)
    with django_assert_max_num_queries(40):
        response = client.get("/staff/assessment/?year=2026")
    page = response.content.decode()
    assert response.status_code == 200
    assert "考核评估" in page and "政务公开工作考核评估方案" in page
    assert OVERDUE_LINK.replace("&", "&amp;") in page
    assert "不合格（单项否决）" in page and "/staff/leaders/" in page


def test_export_has_the_same_numbers_as_the_page(cases, client, supervisor):
    client.force_login(supervisor)
    response = client.get("/staff/assessment/export.xlsx?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["得分排名", "扣分明细", "考核方案"]
    result = assessment_for(supervisor, year=2026, today=timezone.localdate())
    rows = list(book["得分排名"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[2], Decimal(str(r[3])), r[5]) for r in rows] == [
        (
            s.rank,
            s.organization.code,
            s.assessment.score,
            "合格" if s.assessment.passed else "不合格（单项否决）",
        )
        for s in result.scores
    ]
    details = list(book["扣分明细"].iter_rows(min_row=2, values_only=True))
    overdue = next(r for r in details if r[1] == "dl-sfj")
    assert (overdue[3], overdue[5]) == (1, 5)
    assert overdue[8] == "http://testserver" + OVERDUE_LINK
    assert sum(1 for r in details if r[6] == "是") == 2  # the two unfiled leaders
    assert len(list(book["考核方案"].iter_rows(min_row=2))) == len(DEFAULT_INDICATORS)


def test_administrators_edit_the_scheme_in_the_admin(client, admin_user):
    scheme = default_scheme_create(year=2026)
    client.force_login(admin_user)
    assert "在管理后台配置考核方案" in client.get("/staff/assessment/?year=2026").content.decode()
    change = client.get(reverse("admin:reports_assessmentscheme_change", args=[scheme.pk]))
    assert change.status_code == 200 and "超期未答复申请" in change.content.decode()
