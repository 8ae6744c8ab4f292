"""Consolidation, entered figures, texts, publishing and reminders, on the database."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from openpyxl import Workbook

from tests.factories import OrganizationFactory
from tests.reports.conftest import EXPECTED_PART3, YEAR, full_part3
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.reports import selectors, services
from zwgk.reports.annual import APPEAL_COLUMNS, APPEAL_KINDS, COLUMNS, ROWS
from zwgk.reports.models import ReminderSent

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _sum_part3(*reports):
    return {row: {col: sum(r["part3"]["rows"][row][col] for r in reports) for col in COLUMNS} for row in ROWS}


def _sum_part4(*reports):
    return {k: {c: sum(r["part4"][k][c] for r in reports) for c in APPEAL_COLUMNS} for k in APPEAL_KINDS}


@pytest.fixture
def district(city):
    return OrganizationFactory(code="dl-zsq", name="大连市中山区人民政府", kind="district", parent=city)


@pytest.fixture
def spread_cases(city, agency, other_agency, district, make_case, sfj_cases):
    """One case each at the city itself, the other department and the district."""
    ok = ("replied", "2025-02-10", {"outcome": "3.1"})
    make_case(city, "natural_person", "2025-02-02", ok)
    make_case(
        other_agency, "commercial_enterprise", "2025-03-02", ("replied", "2025-03-10", {"outcome": "3.5.2"})
    )
    make_case(district, "natural_person", "2025-04-01")


# --- Consolidation ------------------------------------------------------------------------------


def test_the_consolidated_report_is_the_sum_of_its_parts(city, agency, other_agency, spread_cases):
    parts = [selectors.own_report(o, YEAR) for o in (city, agency, other_agency)]
    consolidated = selectors.live_report(city, YEAR)
    assert consolidated["organization"] == "dl"
    assert consolidated["part3"]["rows"] == _sum_part3(*parts)
    assert consolidated["part4"] == _sum_part4(*parts)
    assert consolidated["checks"]["balanced"] is True


def test_districts_are_summed_only_when_the_government_says_so(city, district, spread_cases, admin_user):
    without = selectors.live_report(city, YEAR)["part3"]["rows"]["1"]["total"]
    services.consolidation_scope_set(actor=admin_user, government=city, include_districts=True)
    with_districts = selectors.live_report(city, YEAR)["part3"]["rows"]["1"]["total"]
    assert with_districts == without + 1
    assert selectors.live_report(district, YEAR)["part3"]["rows"]["4"]["total"] == 1


def test_vertically_managed_units_are_not_summed(city, make_case):
    vertical = OrganizationFactory(code="dl-yzglj", kind="department", parent=city, vertically_managed=True)
    make_case(vertical, "natural_person", "2025-04-01")
    assert selectors.live_report(city, YEAR)["part3"]["rows"]["1"]["total"] == 0
    assert selectors.live_report(vertical, YEAR)["part3"]["rows"]["1"]["total"] == 1


def test_a_departments_problem_is_kept_in_the_consolidation(city, agency, sfj_cases):
    from zwgk.foi.models import Application

    Application.objects.filter(pk=sfj_cases["C"].pk).update(outcome="")
    problems = selectors.live_report(city, YEAR)["checks"]["problems"]
    assert any(p["organization"] == "dl-sfj" and sfj_cases["C"].tracking_code in p["refs"] for p in problems)


# --- Entered figures and texts -----------------------------------------------------------------------


def test_part2_entry_save_is_audited_and_updates_in_place(agency, make_staff):
    editor = make_staff(agency, "editor")
    data = services.Part2Input(
        licensing_decisions=1,
        penalty_decisions=2,
        coercion_decisions=3,
        fees_amount_wan_yuan=Decimal("0.0150"),
    )
    services.part2_entry_save(actor=editor, organization=agency, year=YEAR, data=data)
    services.part2_entry_save(actor=editor, organization=agency, year=YEAR, data=data)
    assert AuditEntry.objects.filter(verb="report.part2_entry_save").count() == 2
    assert selectors.own_report(agency, YEAR)["part2"]["fees"] == {"amount_wan_yuan": "0.015"}


def test_staff_of_another_agency_cannot_enter_figures(agency, other_agency, make_staff):
    outsider = make_staff(other_agency, "editor", "office_head")
    data, _ = services.clean_part2({"licensing_decisions": "5"})
    with pytest.raises(NotPermitted):
        services.part2_entry_save(actor=outsider, organization=agency, year=YEAR, data=data)


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"licensing_decisions": "-1"}, "licensing_decisions"),
        ({"penalty_decisions": "2.5"}, "penalty_decisions"),
        ({"fees_amount_wan_yuan": "abc"}, "fees_amount_wan_yuan"),
        ({"fees_amount_wan_yuan": "0.00001"}, "fees_amount_wan_yuan"),
    ],
)
def test_bad_figures_are_refused_by_field(raw, field):
    data, errors = services.clean_part2(raw)
    assert data is None and field in errors


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(list(services.IMPORT_HEADERS))
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_import_saves_every_row(agency, other_agency, make_staff, city):
    supervisor = make_staff(city, "supervisor")
    sheet = _sheet([["dl-sfj", 2025, 10, 2, 0, 0.5, "审批系统"], ["dl-mzj", 2025, 3, 0, 1, "1.2", ""]])
    result = services.part2_entries_import(actor=supervisor, fileobj=sheet)
    assert result.saved == 2 and result.errors == {}
    assert selectors.own_report(other_agency, YEAR)["part2"]["coercion"] == {"decisions": 1}


def test_import_with_a_bad_row_saves_nothing_and_names_the_row(agency, make_staff, city):
    supervisor = make_staff(city, "supervisor")
    sheet = _sheet([["dl-sfj", 2025, 10, 2, 0, 0.5, ""], ["nope", 2025, 1, 1, 1, 1, ""]])
    result = services.part2_entries_import(actor=supervisor, fileobj=sheet)
    assert result.saved == 0 and list(result.errors) == ["第3行"]
    assert selectors.own_report(agency, YEAR)["part2"]["licensing"] == {"decisions": 0}


def test_import_of_something_not_a_workbook_is_refused(make_staff, city):
    with pytest.raises(ValidationFailed):
        services.part2_entries_import(actor=make_staff(city, "supervisor"), fileobj=io.BytesIO(b"not excel"))


# --- Publishing ---------------------------------------------------------------------------------------


def _publish(org, actor=None, **kw):
    return services.report_publish(
        actor=actor, organization=org, year=YEAR, now=NOW, check_permission=actor is not None, **kw
    )


def test_a_published_report_does_not_change_when_the_data_does(agency, sfj_year, make_case):
    published = _publish(agency)
    frozen = published.snapshot["report"]["part3"]["rows"]
    assert frozen == full_part3(EXPECTED_PART3)
    make_case(agency, "natural_person", "2025-06-01", ("replied", "2025-06-10", {"outcome": "3.1"}))
    agency.name = "大连市司法局（更名）"
    agency.save()
    published.refresh_from_db()
    assert published.snapshot["report"]["part3"]["rows"] == frozen
    assert published.snapshot["title"] == "大连市司法局2025年政府信息公开工作年度报告"
    assert selectors.live_report(agency, YEAR)["part3"]["rows"]["1"]["total"] == 6


def test_a_correction_is_a_new_version_with_its_reason(agency, sfj_year, make_case):
    first = _publish(agency)
    make_case(agency, "natural_person", "2025-06-01", ("replied", "2025-06-10", {"outcome": "3.1"}))
    with pytest.raises(ValidationFailed) as exc:
        _publish(agency)
    assert exc.value.code == "correction_reason_required"
    second = _publish(agency, correction_reason="补录一件漏登记的申请")
    assert (first.version, second.version) == (1, 2)
    assert selectors.public_report("dl-sfj", YEAR).pk == second.pk
    assert (
        selectors.public_report("dl-sfj", YEAR, version=1).snapshot["report"]["part3"]["rows"]["1"]["total"]
        == 5
    )
    assert second.snapshot["correction_reason"] == "补录一件漏登记的申请"
    assert AuditEntry.objects.filter(verb="report.publish").count() == 2


def test_a_published_version_cannot_be_edited(agency, sfj_year):
    published = _publish(agency)
    published.correction_reason = "改"
    with pytest.raises(TypeError):
        published.save()


def test_publishing_needs_the_three_texts(agency, sfj_cases):
    with pytest.raises(Conflict) as exc:
        _publish(agency)
    assert exc.value.code == "texts_missing"


def test_an_unbalanced_report_is_published_only_when_its_problems_are_accepted(agency, sfj_year):
    from zwgk.foi.models import Application

    Application.objects.filter(pk=sfj_year["C"].pk).update(outcome="")
    with pytest.raises(Conflict) as exc:
        _publish(agency)
    assert exc.value.code == "report_unbalanced"
    published = _publish(agency, accept_problems=True)
    assert published.snapshot["report"]["checks"]["balanced"] is False


def test_a_year_not_over_cannot_be_published(agency, sfj_texts):
    with pytest.raises(ValidationFailed):
        services.report_publish(actor=None, organization=agency, year=2026, now=NOW, check_permission=False)


def test_who_may_publish(agency, other_agency, city, sfj_year, make_staff):
    with pytest.raises(NotPermitted):
        _publish(agency, actor=make_staff(agency, "editor"))
    with pytest.raises(NotPermitted):
        _publish(agency, actor=make_staff(other_agency, "office_head", "supervisor"))
    assert _publish(agency, actor=make_staff(agency, "office_head")).version == 1
    assert _publish(agency, actor=make_staff(city, "supervisor"), correction_reason="复核").version == 2


def test_the_public_list_shows_only_the_latest_version(agency, sfj_year):
    _publish(agency)
    _publish(agency, correction_reason="更正")
    assert [(r.organization.code, r.version) for r in selectors.public_report_list()] == [("dl-sfj", 2)]


# --- Reminders ------------------------------------------------------------------------------------------


@pytest.fixture
def reachable(city, agency, other_agency, make_staff):
    for org in (city, agency, other_agency):
        org.office_email = f"{org.code}@dl.gov.cn"
        org.save()
    head = make_staff(agency, "office_head")
    head.email = "head@sfj.dl.gov.cn"
    head.save()


def test_reminders_go_before_the_deadline_once_per_agency(
    reachable, agency, other_agency, sfj_year, django_capture_on_commit_callbacks
):
    from zwgk.reports.reminders import send_due_reminders

    assert send_due_reminders(today=date(2026, 1, 5)) == []  # before the window (10 working days)
    _publish(agency)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_due_reminders(today=date(2026, 1, 20))
    assert sent == ["dl-mzj"]  # dl-sfj has published; the city is due only in March
    assert mail.outbox[-1].to == ["dl-mzj@dl.gov.cn"]
    assert "2025年政府信息公开工作年度报告" in mail.outbox[-1].subject
    assert send_due_reminders(today=date(2026, 1, 21)) == []
    assert ReminderSent.objects.filter(year=2025).count() == 1


def test_governments_are_reminded_before_31_march(reachable, city):
    from zwgk.reports.reminders import send_due_reminders

    assert "dl" not in send_due_reminders(today=date(2026, 1, 20))
    assert "dl" in send_due_reminders(today=date(2026, 3, 25))


def test_the_reminder_job_is_registered():
    from zwgk.core.schedule import JOBS

    assert "reports.annual_report_reminders" in JOBS


def test_the_reminder_window_counts_working_days():
    from tests.calendars import calendar_2025_2026
    from zwgk.reports.deadlines import reminder_window

    start, due = reminder_window(calendar_2025_2026(), 2025, government=False)
    assert due == date(2026, 1, 31)
    assert start == date(2026, 1, 19)  # the 10th working day before Sat 31 January
