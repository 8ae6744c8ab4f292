"""Art. 20 completeness: which applicable categories an agency has published nothing under, or
nothing current, for the agency (back office, guide) and the supervising office."""

from datetime import date

import pytest

from tests.catalog.factories import published
from tests.factories import OrganizationFactory
from zwgk.catalog.completeness import Standing, agency_completeness, completeness, matrix_set
from zwgk.catalog.models import Art20Applicability, Art20Category
from zwgk.catalog.services.links import document_record_lifecycle
from zwgk.core.errors import NotPermitted

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


def _cat(code):
    return Art20Category.objects.get(code=code)


def _standings(org):
    return {c.category.code: c.standing for c in agency_completeness(org, today=TODAY).categories}


def test_the_default_matrix(agency, city):
    # Departments: normative documents, functions, plans, budgets, procurement; governments all.
    assert set(_standings(agency)) == {"20.1", "20.2", "20.3", "20.7", "20.9"}
    assert set(_standings(city)) == set(Art20Category.objects.values_list("code", flat=True))
    unit = OrganizationFactory(code="dl-unit", kind="public_enterprise", parent=agency)
    assert _standings(unit) == {}


def test_missing_stale_and_complete(agency, make_staff):
    editor = make_staff(agency, "editor")
    # 20.1: in force → complete. 20.3: the only item repealed → stale.
    published(agency, on=date(2026, 3, 2), art20_categories=[_cat("20.1")])
    plan = published(agency, on=date(2021, 3, 2), title="十四五规划", art20_categories=[_cat("20.3")])
    document_record_lifecycle(actor=editor, document_id=plan.pk, kind="repealed", on=date(2026, 1, 1))
    # 20.7 must be current within 400 days: last year's budget is, the one before is not.
    published(agency, on=date(2025, 7, 1), title="2025年部门预算", art20_categories=[_cat("20.7")])
    standings = _standings(agency)
    assert standings == {
        "20.1": Standing.COMPLETE,
        "20.2": Standing.MISSING,
        "20.3": Standing.STALE,
        "20.7": Standing.COMPLETE,
        "20.9": Standing.MISSING,
    }
    assert agency_completeness(agency, today=date(2026, 8, 10)).categories[3].standing == Standing.STALE
    report = agency_completeness(agency, today=TODAY)
    assert [g.category.code for g in report.gaps] == ["20.2", "20.3", "20.9"]
    # Another agency's items count for nobody else.
    other = OrganizationFactory(code="dl-other", parent=agency.parent)
    assert all(s == Standing.MISSING for s in _standings(other).values())


def test_the_report_costs_a_fixed_number_of_queries(
    agency, other_agency, city, django_assert_max_num_queries
):
    published(agency, on=date(2026, 3, 2), art20_categories=[_cat("20.1")])
    with django_assert_max_num_queries(5):
        report = completeness([city, agency, other_agency], today=TODAY)
    # The city has published nothing it must; 市司法局 lacks 4 of its 5; 市民政局 all 5.
    assert [len(r.gaps) for r in report] == [len(report[0].categories), 4, 5]


def test_only_administrators_change_the_matrix(agency, make_staff, admin_user):
    with pytest.raises(NotPermitted):
        matrix_set(actor=make_staff(agency, "supervisor"), cells=set(), current_within_days={})
    matrix_set(
        actor=admin_user,
        cells={("20.1", "department"), ("20.5", "department")},
        current_within_days={"20.5": 30},
    )
    assert set(_standings(agency)) == {"20.1", "20.5"}
    assert _cat("20.5").current_within_days == 30
    assert Art20Applicability.objects.count() == 2


def test_pages_for_the_agency_the_supervisor_and_the_public(client, agency, city, make_staff):
    published(agency, on=date(2026, 3, 2), art20_categories=[_cat("20.1")])
    client.force_login(make_staff(agency, "editor"))
    page = client.get("/staff/completeness/").content.decode()
    assert "20.2" in page and "未公开" in page and "法定公开完整性" in page
    client.force_login(make_staff(city, "supervisor"))
    page = client.get("/staff/completeness/").content.decode()
    assert "市司法局" in page and "存在缺项" in page
    matrix = client.get("/staff/completeness/matrix/").content.decode()
    assert "仅平台管理员可以修改" in matrix
    guide = client.get(f"/org/{agency.code}/guide/").content.decode()
    assert "应公开，暂无" in guide and "其中 4 类尚未公开" in guide


def test_a_published_profile_fulfils_item_2(agency, make_staff):
    from zwgk.organizations.profiles import ProfileInput, agency_profile_save

    assert _standings(agency)["20.2"] == Standing.MISSING
    agency_profile_save(
        actor=make_staff(agency, "editor"),
        organization=agency,
        data=ProfileInput(functions="负责全市法治建设。"),
    )
    assert _standings(agency)["20.2"] == Standing.COMPLETE


def test_the_staff_api(api_client, agency, other_agency, city, make_staff):
    published(agency, on=date(2026, 3, 2), art20_categories=[_cat("20.1")])
    rows = api_client(make_staff(agency, "editor")).get("/api/v1/staff/completeness").json()
    assert [r["organization"] for r in rows] == ["dl-sfj"]
    assert rows[0]["gaps"] == 4
    assert {c["code"]: c["standing"] for c in rows[0]["categories"]}["20.1"] == "complete"
    supervised = api_client(make_staff(city, "supervisor")).get("/api/v1/staff/completeness").json()
    assert {r["organization"] for r in supervised} == {"dl", "dl-sfj", "dl-mzj"}
    assert api_client().get("/api/v1/staff/completeness").status_code == 401
