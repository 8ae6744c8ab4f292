"""Columns and topic columns managed in the back office by the roles allowed to (decision 0020):
an agency's 审签人 and supervisors for its own columns, the city's 公开办 for topic columns."""

from datetime import date

import pytest

from zwgk.catalog.columns import standard_columns
from zwgk.catalog.inputs import ColumnInput
from zwgk.catalog.models import Column, ColumnKind, Subject
from zwgk.catalog.services.columns import column_create, column_deactivate, column_update
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_supervisor(make_staff, city):
    return make_staff(city, "supervisor", username="gkb")


def test_reviewer_creates_edits_and_deactivates_an_agency_column(client, reviewer, agency):
    client.force_login(reviewer)
    assert "栏目管理" in client.get("/staff/").content.decode()
    response = client.post(
        "/staff/catalog/columns/new/",
        {"organization": agency.pk, "code": "pufa", "name": "普法宣传", "sort_order": 50},
    )
    assert response.status_code == 302
    column = Column.objects.get(code="dl-sfj.pufa")
    assert (column.kind, column.organization, column.name) == (ColumnKind.CUSTOM, agency, "普法宣传")

    client.post(f"/staff/catalog/columns/{column.pk}/edit/", {"name": "普法宣传专栏", "sort_order": 60})
    column.refresh_from_db()
    assert (column.name, column.sort_order) == ("普法宣传专栏", 60)

    client.post(f"/staff/catalog/columns/{column.pk}/deactivate/")
    column.refresh_from_db()
    assert not column.is_active
    page = client.get("/staff/catalog/columns/", {"organization": "dl-sfj"}).content.decode()
    assert "普法宣传专栏" in page and "已停用" in page and "启用普法宣传专栏" in page
    assert list(
        AuditEntry.objects.filter(target_id=str(column.pk), verb__startswith="column.")
        .order_by("pk")
        .values_list("verb", flat=True)
    ) == ["column.create", "column.update", "column.deactivate"]

    client.post(f"/staff/catalog/columns/{column.pk}/activate/")
    column.refresh_from_db()
    assert column.is_active
    assert AuditEntry.objects.filter(target_id=str(column.pk), verb="column.activate").count() == 1


def test_city_office_creates_a_topic_column_with_its_working_day_rule(client, city_supervisor):
    client.force_login(city_supervisor)
    subject = Subject.objects.get(code="15.02")
    response = client.post(
        "/staff/catalog/columns/new/?topic=1",
        {
            "code": "fazhi",
            "name": "法治政府建设",
            "sort_order": 100,
            "deadline_workdays": 5,
            "rule_from": "2026-01-01",
            "qualifying_keywords": "法治政府，依法行政",
            "qualifying_subjects": [subject.pk],
        },
    )
    assert response.status_code == 302
    column = Column.objects.get(code="topic.fazhi")
    assert column.kind == ColumnKind.TOPIC and column.organization is None
    assert (column.deadline_workdays, column.rule_from) == (5, date(2026, 1, 1))
    assert column.qualifying_keywords == ["法治政府", "依法行政"]
    assert list(column.qualifying_subjects.all()) == [subject]
    listing = client.get("/staff/catalog/columns/").content.decode()
    assert "法治政府建设" in listing and "5个工作日" in listing


def test_a_deadline_without_a_condition_is_refused(client, city_supervisor):
    client.force_login(city_supervisor)
    response = client.post(
        "/staff/catalog/columns/new/?topic=1",
        {"code": "kong", "name": "空规则", "sort_order": 100, "deadline_workdays": 5},
    )
    assert response.status_code == 200
    assert "须写明适用关键词或主题分类" in response.content.decode()
    assert not Column.objects.filter(code="topic.kong").exists()


def test_editors_and_agency_supervisors_may_not_make_topic_columns(client, editor, agency, make_staff):
    client.force_login(editor)
    assert client.get("/staff/catalog/columns/").status_code == 200  # they see the columns
    assert client.get("/staff/catalog/columns/new/").status_code == 403
    assert client.get("/staff/catalog/columns/new/?topic=1").status_code == 403
    with pytest.raises(NotPermitted):
        column_create(actor=editor, data=ColumnInput(name="x", organization=agency), code="x")
    agency_supervisor = make_staff(agency, "supervisor")
    with pytest.raises(NotPermitted):
        column_create(
            actor=agency_supervisor, data=ColumnInput(name="专题", deadline_workdays=None), code="t"
        )


def test_another_agencys_column_and_standard_columns_are_not_editable(
    client, reviewer, agency, other_agency, make_staff
):
    other_reviewer = make_staff(other_agency, "reviewer")
    theirs = column_create(
        actor=other_reviewer, data=ColumnInput(name="民政专栏", organization=other_agency), code="mz"
    )
    client.force_login(reviewer)
    assert client.get(f"/staff/catalog/columns/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/staff/catalog/columns/{theirs.pk}/deactivate/").status_code == 403
    guide = standard_columns(agency)[ColumnKind.GUIDE]
    assert client.get(f"/staff/catalog/columns/{guide.pk}/edit/").status_code == 403
    with pytest.raises(NotPermitted):
        column_deactivate(actor=reviewer, column_id=guide.pk)
    assert Column.objects.get(pk=theirs.pk).is_active and Column.objects.get(pk=guide.pk).is_active


def test_parent_must_belong_to_the_same_agency(reviewer, agency, other_agency, make_staff):
    other_reviewer = make_staff(other_agency, "reviewer")
    theirs = column_create(
        actor=other_reviewer, data=ColumnInput(name="民政专栏", organization=other_agency), code="mz"
    )
    mine = column_create(actor=reviewer, data=ColumnInput(name="普法", organization=agency), code="pf")
    with pytest.raises(ValidationFailed) as exc:
        column_update(actor=reviewer, column_id=mine.pk, data=ColumnInput(name="普法", parent=theirs))
    assert "parent" in exc.value.fields


def test_deactivated_column_leaves_the_placement_choices(client, editor, agency, reviewer):
    from tests.catalog.factories import document_input
    from zwgk.catalog.services import document_create_draft

    column = column_create(
        actor=reviewer, data=ColumnInput(name="普法宣传", organization=agency), code="pufa"
    )
    doc = document_create_draft(actor=editor, data=document_input(agency))
    client.force_login(editor)
    assert "普法宣传" in client.get(f"/staff/catalog/documents/{doc.pk}/").content.decode()
    column_deactivate(actor=reviewer, column_id=column.pk)
    assert "普法宣传" not in client.get(f"/staff/catalog/documents/{doc.pk}/").content.decode()
