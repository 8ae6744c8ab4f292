"""Issue 20 item 1: a value one app writes and another reads is the writer's enum. The catalogue
writes the compliance flags; the supervision dashboard, the assessment and the supervision API
read them. Built here through the catalogue's services and read through every consumer: with the
readers' old names (`missing_interpretation` / `late_interpretation`) each of them counted 0."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from tests.catalog.factories import genre, published
from zwgk.catalog.compliance import FlagKind
from zwgk.catalog.selectors import compliance_flags_for
from zwgk.reports.assessments import assessment_for
from zwgk.reports.models import IndicatorCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts(agency):
    """One policy without an interpretation, one whose interpretation came a day late."""
    policy_on = timezone.localdate() - timedelta(days=1)
    published(agency, on=policy_on, kind="policy", genre=genre("yijian"), title="缺解读的实施意见")
    late = published(agency, on=policy_on, kind="policy", genre=genre("banfa"), title="解读晚的管理办法")
    published(agency, on=policy_on + timedelta(days=1), interprets=late, title="《管理办法》政策解读")
    return policy_on.year


def test_the_catalogue_writes_both_interpretation_flags(facts, make_staff, city):
    flags = compliance_flags_for(make_staff(city, "supervisor"), today=timezone.localdate(), year=facts)
    assert sorted(f.kind for f in flags) == [FlagKind.INTERPRETATION_LATE, FlagKind.INTERPRETATION_MISSING]


def test_the_dashboard_counts_them(facts, client, make_staff, city):
    client.force_login(make_staff(city, "supervisor"))
    response = client.get(f"/staff/supervision/?year={facts}")
    assert (
        response.context["totals"]["interpretations_missing"],
        response.context["totals"]["interpretations_late"],
    ) == (1, 1)
    row = lxml_html.fromstring(response.content).xpath('//tr[@data-organization="dl-sfj"]')[0]
    shown = {cell.get("data-figure"): cell.text_content().strip() for cell in row.xpath(".//*[@data-figure]")}
    assert (shown["interpretations_missing"], shown["interpretations_late"]) == ("1", "1")
    assert "1 / 1" in response.content.decode()  # the card of the overview


def test_the_assessment_deducts_them(facts, make_staff, city):
    result = assessment_for(make_staff(city, "supervisor"), year=facts, today=timezone.localdate())
    sfj = next(s for s in result.scores if s.organization.code == "dl-sfj")
    lines = {line.indicator.code: line for line in sfj.lines}
    for code in (IndicatorCode.INTERPRETATION_MISSING, IndicatorCode.INTERPRETATION_LATE):
        assert lines[code].measured == 1 and lines[code].missed and lines[code].points > 0


def test_the_supervision_api_reports_them(facts, api_client, make_staff, city):
    body = api_client(make_staff(city, "supervisor")).get(f"/api/v1/staff/supervision/{facts}").json()
    sfj = next(a for a in body["agencies"] if a["organization"] == "dl-sfj")
    assert (sfj["interpretations_missing"], sfj["interpretations_late"]) == (1, 1)
    assert (body["totals"]["interpretations_missing"], body["totals"]["interpretations_late"]) == (1, 1)


def test_indicator_codes_are_the_flag_kinds_they_count():
    assert IndicatorCode.INTERPRETATION_MISSING.value == FlagKind.INTERPRETATION_MISSING.value
    assert IndicatorCode.INTERPRETATION_LATE.value == FlagKind.INTERPRETATION_LATE.value


@pytest.mark.django_db(transaction=True)
def test_stored_schemes_are_migrated_to_the_new_codes():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("reports", "0002_assessmentscheme_schemeindicator")])
    old = executor.loader.project_state([("reports", "0002_assessmentscheme_schemeindicator")]).apps
    scheme = old.get_model("reports", "AssessmentScheme").objects.create(name="旧方案", year=2025)
    for i, code in enumerate(["missing_interpretation", "late_interpretation", "overdue"]):
        old.get_model("reports", "SchemeIndicator").objects.create(
            scheme=scheme, code=code, name=code, threshold=0, weight=10, sort_order=i
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from zwgk.reports.models import SchemeIndicator

    codes = list(
        SchemeIndicator.objects.filter(scheme_id=scheme.pk)
        .order_by("sort_order")
        .values_list("code", flat=True)
    )
    assert codes == ["interpretation_missing", "interpretation_late", "overdue"]
