"""Emergency plans: the registry and its history, edited by the issuing unit; the
emergency-management office's view of published and overdue plans, and its to-do entry."""

from datetime import date

import pytest

from tests.catalog.factories import published
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.todos import sections_for
from zwgk.registries.emergency import (
    add_months,
    oversight,
    plan_record,
    plan_register,
    plan_statuses,
    plan_type_set_period,
)
from zwgk.registries.models import EmergencyPlan, EmergencyPlanType, PlanLevel, RevisionKind
from zwgk.registries.todos import plans_overdue


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2023, 3, 2), 36, date(2026, 3, 2)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February in 2025
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
    ],
)
def test_evaluation_falls_due_a_period_after_the_latest_review(start, months, due):
    assert add_months(start, months) == due


def test_the_issuing_unit_registers_and_revises_its_plans(types, agency, editor, other_agency, make_staff):
    doc = published(agency, on=date(2023, 3, 10), title="大连市司法局突发事件应急预案")
    plan = plan_register(
        actor=editor,
        organization=agency,
        title="大连市司法局突发事件应急预案",
        plan_type=types["departmental"],
        level=PlanLevel.CITY,
        issued_on=date(2023, 3, 2),
        document=doc,
    )
    with pytest.raises(ValidationFailed):
        plan_register(
            actor=editor,
            organization=agency,
            title="大连市司法局突发事件应急预案",
            plan_type=types["departmental"],
            level=PlanLevel.CITY,
            issued_on=date(2023, 3, 2),
        )
    with pytest.raises(NotPermitted):
        plan_record(
            actor=make_staff(other_agency, "editor"),
            plan=plan,
            kind=RevisionKind.EVALUATED,
            on=date(2026, 1, 5),
        )
    with pytest.raises(ValidationFailed):
        plan_record(actor=editor, plan=plan, kind=RevisionKind.EVALUATED, on=date(2023, 1, 5))
    [status] = plan_statuses(EmergencyPlan.objects.filter(pk=plan.pk))
    assert (status.due_on, status.published) == (date(2026, 3, 2), True)
    new_doc = published(agency, on=date(2026, 1, 20), title="大连市司法局突发事件应急预案（2026年修订）")
    plan_record(
        actor=editor,
        plan=plan,
        kind=RevisionKind.REVISED,
        on=date(2026, 1, 16),
        note="机构调整",
        document=new_doc,
    )
    plan.refresh_from_db()
    assert plan.document == new_doc
    assert [r.kind for r in plan.revisions.all()] == [RevisionKind.REVISED, RevisionKind.ISSUED]
    [status] = plan_statuses(EmergencyPlan.objects.filter(pk=plan.pk))
    assert status.due_on == date(2029, 1, 16)


def test_the_office_sees_missing_and_overdue_plans_and_sets_periods(
    types, city, agency, other_agency, yjj, office, editor, make_staff
):
    plan_register(
        actor=None,
        organization=agency,
        title="司法行政系统应急预案",
        plan_type=types["departmental"],
        level=PlanLevel.CITY,
        issued_on=date(2023, 3, 2),
        check_permission=False,
        document=published(agency, on=date(2023, 3, 10), title="司法行政系统应急预案"),
    )
    fresh = plan_register(
        actor=None,
        organization=other_agency,
        title="救灾物资调拨应急预案",
        plan_type=types["special"],
        level=PlanLevel.CITY,
        issued_on=date(2025, 6, 2),
        check_permission=False,
    )
    units, overdue = oversight(office, today=date(2026, 3, 3))
    by_code = {u.organization.code: (u.plans, u.published, u.overdue) for u in units}
    assert by_code == {"dl": (0, 0, 0), "dl-sfj": (1, 1, 1), "dl-mzj": (1, 0, 0), "dl-yjj": (0, 0, 0)}
    assert [s.plan.title for s in overdue] == ["司法行政系统应急预案"]
    assert oversight(office, today=date(2026, 3, 2))[1] == []  # the due day itself is not late
    # A shorter period for special plans makes the fresh one overdue too.
    with pytest.raises(NotPermitted):
        plan_type_set_period(actor=editor, plan_type=types["special"], months=6)
    plan_type_set_period(actor=office, plan_type=types["special"], months=6)
    assert [s.plan.title for s in oversight(office, today=date(2026, 3, 3))[1]] == [
        fresh.title,
        "司法行政系统应急预案",
    ]
    # The office's to-do list counts them.
    [entry] = plans_overdue(office, today=date(2026, 3, 3))
    assert (entry.count, entry.due_on, entry.overdue) == (2, date(2025, 12, 2), True)
    sections = [s for s in sections_for(office, {"emergency_office"}, today=date(2026, 3, 3)) if s.count]
    assert [s.provider.code for s in sections] == ["registries.plans_overdue"]
    # An agency's editor is not the office.
    assert plans_overdue(editor, today=date(2026, 3, 3)) == []


def test_overview_page_for_the_office_only(client, types, agency, editor, office):
    plan_register(
        actor=None,
        organization=agency,
        title="司法行政系统应急预案",
        plan_type=types["departmental"],
        level=PlanLevel.CITY,
        issued_on=date(2020, 3, 2),
        check_permission=False,
    )
    client.force_login(office)
    page = client.get("/staff/registries/emergency/").content.decode()
    assert "司法行政系统应急预案" in page and "未公开" in page
    r = client.post(
        "/staff/registries/emergency/", {"plan_type": types["major-event"].pk, "review_period_months": 6}
    )
    assert (
        r.status_code == 302 and EmergencyPlanType.objects.get(code="major-event").review_period_months == 6
    )
    client.force_login(editor)
    assert client.get("/staff/registries/emergency/").status_code == 403
    r = client.post(
        "/staff/registries/emergency/dl-sfj/",
        {
            "action": "plan",
            "title": "法律援助突发事件应急预案",
            "plan_type": types["special"].pk,
            "level": "city",
            "issued_on": "2026-03-02",
            "document": "",
        },
    )
    assert r.status_code == 302 and agency.emergency_plans.count() == 2


def test_plans_through_the_api_and_on_the_portal(api_client, client, types, agency, editor, office):
    doc = published(agency, on=date(2023, 3, 10), title="大连市司法局突发事件应急预案")
    staff = api_client(editor)
    r = staff.post(
        "/api/v1/staff/registries/emergency-plans",
        {
            "organization": "dl-sfj",
            "title": "大连市司法局突发事件应急预案",
            "plan_type": "departmental",
            "level": "city",
            "issued_on": "2023-03-02",
            "document": doc.index_no,
        },
    )
    assert r.status_code == 201, r.json()
    plan_id = r.json()["id"]
    staff.post(
        "/api/v1/staff/registries/emergency-plans",
        {
            "organization": "dl-sfj",
            "title": "未公开的预案",
            "plan_type": "special",
            "level": "city",
            "issued_on": "2024-01-02",
        },
    )
    public = api_client().get("/api/v1/registries/emergency-plans", level="city").json()
    assert [p["title"] for p in public["results"]] == ["大连市司法局突发事件应急预案"]
    assert public["results"][0]["document"]["index_no"] == doc.index_no
    assert api_client().get("/api/v1/registries/emergency-plans", level="galaxy").status_code == 400
    r = staff.post(
        f"/api/v1/staff/registries/emergency-plans/{plan_id}/revisions",
        {"kind": "evaluated", "on": "2026-02-02"},
    )
    assert [x["kind"] for x in r.json()["revisions"]] == ["evaluated", "issued"]
    assert staff.get("/api/v1/staff/registries/emergency-plans/overdue").status_code == 403
    body = api_client(office).get("/api/v1/staff/registries/emergency-plans/overdue").json()
    assert {u["organization"]: u["published"] for u in body["units"]}["dl-sfj"] == 1
    page = client.get("/registries/emergency-plans/").content.decode()
    assert "大连市司法局突发事件应急预案" in page and "部门应急预案" in page and "未公开的预案" not in page


# --- revisions and the issuing unit's to-do (decision 0035) -------------------------------------
def _plan(types, agency, editor, issued_on=date(2022, 3, 10)):
    doc = published(agency, on=issued_on, title="大连市司法局突发事件应急预案")
    return plan_register(
        actor=editor,
        organization=agency,
        title="大连市司法局突发事件应急预案",
        plan_type=types["departmental"],
        level=PlanLevel.CITY,
        issued_on=issued_on,
        document=doc,
    )


def test_a_revision_changes_the_plan_and_goes_into_its_history(
    types, agency, editor, other_agency, make_staff
):
    from zwgk.core.models import AuditEntry
    from zwgk.registries.emergency import plan_revise

    plan = _plan(types, agency, editor)
    new_doc = published(agency, on=date(2026, 3, 2), title="大连市司法行政系统突发事件应急预案（2026年修订）")
    revision = plan_revise(
        actor=editor,
        plan=plan,
        on=date(2026, 3, 2),
        note="",
        title="大连市司法行政系统突发事件应急预案",
        plan_type=types["special"],
        level=PlanLevel.CITY,
        document=new_doc,
    )
    plan.refresh_from_db()
    assert (plan.title, plan.plan_type.code, plan.document_id) == (
        "大连市司法行政系统突发事件应急预案",
        "special",
        new_doc.pk,
    )
    assert (revision.kind, revision.note, revision.document_id) == (
        RevisionKind.REVISED,
        "修改了预案名称、预案类型、预案文件",
        new_doc.pk,
    )
    assert [r.kind for r in plan.revisions.all()] == ["revised", "issued"]
    entry = AuditEntry.objects.get(verb="registries.plan_revise")
    assert entry.before == {
        "title": "大连市司法局突发事件应急预案",
        "plan_type": types["departmental"].pk,
        "document": plan.revisions.last().document_id,
    }
    assert plan_statuses(EmergencyPlan.objects.filter(pk=plan.pk))[0].due_on == date(2029, 3, 2)
    with pytest.raises(ValidationFailed) as exc:  # nothing changed and nothing said
        plan_revise(
            actor=editor,
            plan=plan,
            on=date(2026, 4, 1),
            note="",
            title=plan.title,
            plan_type=plan.plan_type,
            level=plan.level,
            document=new_doc,
        )
    assert "note" in exc.value.fields
    with pytest.raises(NotPermitted):
        plan_revise(
            actor=make_staff(other_agency, "editor"),
            plan=plan,
            on=date(2026, 4, 1),
            note="改",
            title=plan.title,
            plan_type=plan.plan_type,
            level=plan.level,
            document=new_doc,
        )


def test_the_issuing_unit_gets_a_to_do_for_its_overdue_plan(
    client, types, agency, editor, other_agency, make_staff
):
    from django.urls import reverse

    from zwgk.registries.todos import own_plans_overdue

    plan = _plan(types, agency, editor, issued_on=date(2022, 3, 10))  # due 2025-03-10
    today = date(2026, 3, 2)
    [entry] = own_plans_overdue(editor, today=today)
    url = reverse("backoffice:registries_plan", args=["dl-sfj", plan.pk])
    assert (entry.title, entry.count, entry.url, entry.due_on, entry.overdue) == (
        "应急预案逾期未评估或修订：大连市司法局突发事件应急预案",
        1,
        url,
        date(2025, 3, 10),
        True,
    )
    assert own_plans_overdue(make_staff(other_agency, "editor"), today=today) == []
    sections = {s.provider.code: s for s in sections_for(editor, {"editor"}, today=today)}
    assert sections["registries.own_plans_overdue"].count == 1
    # Recording the evaluation on the plan's page clears it.
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "2025-03-10（已逾期）" in page
    r = client.post(url, {"action": "evaluate", "on": "2026-03-01", "note": "评估认为无需修订"})
    assert r.status_code == 302
    assert own_plans_overdue(editor, today=today) == []


def test_the_plan_page_revises_the_plan(client, types, agency, editor, other_agency, make_staff):
    from django.urls import reverse

    plan = _plan(types, agency, editor)
    url = reverse("backoffice:registries_plan", args=["dl-sfj", plan.pk])
    client.force_login(editor)
    r = client.post(
        url,
        {
            "action": "revise",
            "on": "2026-03-02",
            "title": "大连市司法行政系统突发事件应急预案",
            "plan_type": types["departmental"].pk,
            "level": "city",
            "document": plan.document.index_no,
            "note": "",
        },
    )
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "大连市司法行政系统突发事件应急预案" in page and "修改了预案名称" in page
    r = client.post(
        url,
        {
            "action": "revise",
            "on": "2020-01-01",
            "title": "x",
            "plan_type": types["departmental"].pk,
            "level": "city",
        },
    )
    assert r.status_code == 200 and "不能早于预案印发日期" in r.content.decode()
    client.force_login(make_staff(other_agency, "editor"))
    assert client.get(url).status_code == 404
