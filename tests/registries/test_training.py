"""Training: sessions with participants by agency and role, the year's figures, and the
assessment indicator "training held / staff trained" a scheme can use."""

import re
from datetime import date
from decimal import Decimal

import pytest

from tests.catalog.factories import published
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.registries.models import ParticipantRole, TrainingSession
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


# --- any number of participant rows; the public page; the default scheme (decision 0035) -------
def _post(**rows):
    data = {
        "topic": "依申请公开实务培训",
        "held_on": "2026-05-06",
        "trainer": "刘洋",
        "material": "",
        "material_note": "",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "200",
    }
    data.update(rows)
    return data


def test_the_form_starts_with_one_row_and_adds_rows_without_scripts(client, agency, other_agency, editor):
    client.force_login(editor)
    url = "/staff/registries/training/dl-sfj/"
    page = client.get(url).content.decode()
    assert 'name="p-0-organization"' in page and 'name="p-1-organization"' not in page
    assert 'name="p-TOTAL_FORMS" value="1"' in page
    assert "添加一行" in page and "formset-rows.js" in page
    # Without scripts "添加一行" posts the form: it comes back as typed, one row longer, unsaved.
    typed = _post(
        **{"p-TOTAL_FORMS": "1", "p-0-organization": "dl-sfj", "p-0-role": "frontline", "p-0-count": "9"}
    )
    r = client.post(url, {**typed, "add_row": "1"})
    page = r.content.decode()
    assert r.status_code == 200 and not TrainingSession.objects.exists()
    assert 'name="p-1-organization"' in page and 'name="p-2-organization"' not in page
    assert 'name="p-TOTAL_FORMS" value="2"' in page
    assert 'value="依申请公开实务培训"' in page and 'name="p-0-count" value="9"' in page
    assert "errorlist" not in page


def test_five_participant_rows_are_recorded(client, agency, other_agency, city, editor):
    client.force_login(editor)
    rows = {"p-TOTAL_FORMS": "5"}
    for n, (code, role, count) in enumerate(
        [
            ("dl-sfj", "frontline", 9),
            ("dl-sfj", "leader", 1),
            ("dl-sfj", "disclosure_staff", 3),
            ("dl-mzj", "frontline", 4),
            ("dl", "other", 2),
        ]
    ):
        rows.update({f"p-{n}-organization": code, f"p-{n}-role": role, f"p-{n}-count": str(count)})
    r = client.post("/staff/registries/training/dl-sfj/", _post(**rows))
    assert r.status_code == 302
    session = TrainingSession.objects.get()
    assert session.participants.count() == 5 and sum(p.count for p in session.participants.all()) == 19


def test_the_public_page_shows_figures_per_agency_and_nothing_personal(
    client, sessions, city, agency, other_agency
):
    page = client.get("/registries/training/", {"year": 2026}).content.decode()
    assert "2026年政务公开培训" in page
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>', page)
    assert rows == [
        ("大连市人民政府", "1", "0", "0"),
        ("大连市民政局", "0", "30", "30"),
        ("大连市司法局", "1", "39", "12"),
    ]
    assert "王芳" not in page and "李强" not in page  # trainers are people: not on the public page
    assert "依申请公开办理实务" not in page  # a 2025 session
    assert '<a href="?year=2025">2025年</a>' in page
    assert client.get("/registries/training/", {"year": 2019}).status_code == 404


def test_the_default_scheme_scores_training(sessions, city, agency, other_agency, make_staff):
    from zwgk.reports.assessments import DEFAULT_INDICATORS

    weights = {code: Decimal(weight) for code, _t, _c, weight, _p, _s, _v in DEFAULT_INDICATORS}
    assert sum(weights.values()) == 100
    assert weights[IndicatorCode.TRAINING_HELD] == weights[IndicatorCode.STAFF_TRAINED] == 5
    supervisor = make_staff(city, "supervisor")
    result = assessment_for(supervisor, year=2026, today=date(2026, 12, 31))
    lines = {s.organization.code: {ln.indicator.code: ln.missed for ln in s.lines} for s in result.scores}
    assert (lines["dl-sfj"]["training_held"], lines["dl-sfj"]["staff_trained"]) == (False, False)
    assert (lines["dl-mzj"]["training_held"], lines["dl-mzj"]["staff_trained"]) == (True, False)
