"""Training: sessions with participants by agency and role, the year's figures, and the
assessment indicator "training held / staff trained" a scheme can use."""

from datetime import date
from decimal import Decimal

import pytest

from tests.catalog.factories import published
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.registries.models import ParticipantRole
from zwgk.registries.training import ParticipantInput, training_figures, training_record
from zwgk.reports.assessments import assessment_for
from zwgk.reports.models import AssessmentScheme, IndicatorCode, SchemeIndicator


@pytest.fixture
def sessions(city, agency, other_agency):
    """2026: the city held an economic-policy session for both agencies' front-line staff;
    市司法局 held its own; 2025: one session of 市民政局."""
    training_record(
        actor=None,
        organization=city,
        topic="减税降费政策解读培训",
        held_on=date(2026, 4, 8),
        trainer="市税务局 王芳",
        economic_policy=True,
        check_permission=False,
        participants=[
            ParticipantInput(agency, ParticipantRole.FRONTLINE, 12),
            ParticipantInput(agency, ParticipantRole.DISCLOSURE_STAFF, 2),
            ParticipantInput(other_agency, ParticipantRole.FRONTLINE, 30),
        ],
    )
    training_record(
        actor=None,
        organization=agency,
        topic="政府信息公开条例培训",
        held_on=date(2026, 6, 3),
        trainer="李强",
        material=published(agency, on=date(2026, 6, 1), title="政府信息公开条例培训讲义"),
        check_permission=False,
        participants=[ParticipantInput(agency, ParticipantRole.DISCLOSURE_STAFF, 25)],
    )
    training_record(
        actor=None,
        organization=other_agency,
        topic="依申请公开办理实务",
        held_on=date(2025, 11, 20),
        trainer="张伟",
        check_permission=False,
        participants=[ParticipantInput(other_agency, ParticipantRole.DISCLOSURE_STAFF, 8)],
    )


def test_figures_per_agency_and_year(sessions, city, agency, other_agency):
    figures = training_figures([city.pk, agency.pk, other_agency.pk], year=2026)
    assert (figures[city.pk].held, figures[city.pk].trained) == (1, 0)
    assert (figures[agency.pk].held, figures[agency.pk].trained, figures[agency.pk].frontline_economic) == (
        1,
        39,
        12,
    )
    assert (figures[other_agency.pk].held, figures[other_agency.pk].trained) == (0, 30)
    assert training_figures([other_agency.pk], year=2025)[other_agency.pk].held == 1


def test_recording_rules(agency, other_agency, editor, make_staff):
    with pytest.raises(ValidationFailed) as exc:
        training_record(
            actor=editor,
            organization=agency,
            topic="",
            held_on=date(2026, 6, 3),
            trainer="李强",
            participants=[ParticipantInput(agency, "frontline", 3), ParticipantInput(agency, "frontline", 4)],
        )
    assert set(exc.value.fields) == {"topic", "participants"}
    with pytest.raises(NotPermitted):
        training_record(
            actor=make_staff(other_agency, "editor"),
            organization=agency,
            topic="培训",
            held_on=date(2026, 6, 3),
            trainer="李强",
            participants=[ParticipantInput(agency, "frontline", 3)],
        )


def test_a_scheme_scores_training(sessions, city, agency, other_agency, make_staff):
    scheme = AssessmentScheme.objects.create(year=2026, name="含培训指标的方案")
    SchemeIndicator.objects.create(
        scheme=scheme,
        code=IndicatorCode.TRAINING_HELD,
        name="举办培训",
        threshold=1,
        comparison="at_least",
        weight=5,
    )
    SchemeIndicator.objects.create(
        scheme=scheme,
        code=IndicatorCode.STAFF_TRAINED,
        name="参训人次",
        threshold=20,
        comparison="at_least",
        weight=5,
    )
    supervisor = make_staff(city, "supervisor")
    result = assessment_for(supervisor, year=2026, today=date(2026, 12, 31))
    by_code = {s.organization.code: s for s in result.scores}
    sfj = {line.indicator.code: (line.measured, line.missed) for line in by_code["dl-sfj"].lines}
    mzj = {line.indicator.code: (line.measured, line.missed) for line in by_code["dl-mzj"].lines}
    assert sfj == {"training_held": (Decimal(1), False), "staff_trained": (Decimal(39), False)}
    assert mzj == {"training_held": (Decimal(0), True), "staff_trained": (Decimal(30), False)}
    assert by_code["dl-mzj"].lines[0].evidence == "/staff/registries/training/dl-mzj/?year=2026"


def test_training_through_the_page_and_the_api(client, api_client, agency, other_agency, editor):
    client.force_login(editor)
    r = client.post(
        "/staff/registries/training/dl-sfj/",
        {
            "topic": "政策解读培训",
            "held_on": "2026-05-06",
            "trainer": "刘洋",
            "material": "",
            "material_note": "讲义",
            "economic_policy": "on",
            "p-TOTAL_FORMS": "3",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "0",
            "p-MAX_NUM_FORMS": "1000",
            "p-0-organization": "dl-sfj",
            "p-0-role": "frontline",
            "p-0-count": "9",
            "p-1-organization": "dl-mzj",
            "p-1-role": "frontline",
            "p-1-count": "4",
        },
    )
    assert r.status_code == 302
    body = (
        api_client(editor).get("/api/v1/staff/registries/trainings", organization="dl-sfj", year=2026).json()
    )
    assert body["figures"] == {"held": 1, "trained": 9, "frontline_economic": 9}
    assert body["sessions"][0]["participants"] == [
        {"organization": "dl-mzj", "role": "frontline", "count": 4},
        {"organization": "dl-sfj", "role": "frontline", "count": 9},
    ]
    r = api_client(editor).post(
        "/api/v1/staff/registries/trainings",
        {
            "organization": "dl-sfj",
            "topic": "培训",
            "held_on": "2026-07-01",
            "trainer": "陈静",
            "participants": [{"organization": "dl-nowhere", "role": "leader", "count": 1}],
        },
    )
    assert r.status_code == 400 and r.json()["error"]["fields"] == {"participants": "未知单位"}
    page = client.get("/staff/registries/training/dl-sfj/").content.decode()
    assert "政策解读培训" in page and "市民政局 基层一线政策执行人员 4人" in page
