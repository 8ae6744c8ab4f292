"""The assessment reads the work plan, a past year's facts as at 31 December, and each deduction
links to the items it counts (issue 26 item 5)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.foi.factories import register_case
from zwgk.monitoring.models import InspectionRound, Site
from zwgk.organizations.models import ResponsibleLeader
from zwgk.reports.assessments import assessment_for, result_from_json
from zwgk.reports.models import IndicatorCode, PublishedAssessment
from zwgk.workplan.models import ProgressStatus, TaskUnit, UnitRole, WorkPlan, WorkTask
from zwgk.workplan.services import progress_report_submit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


@pytest.fixture
def supervisor(make_staff, city):
    return make_staff(city, "supervisor")


@pytest.fixture
def plan_2025(city, agency, other_agency):
    """市司法局: one task completed late, one never completed; 市民政局 completed both on time."""
    plan = WorkPlan.objects.create(
        title="2025年工作安排", year=2025, organization=city, doc_no="测〔2025〕1号"
    )
    tasks = []
    for i, (section, deadline) in enumerate(
        (("二、(一)", date(2025, 6, 30)), ("二、(二)", date(2025, 9, 30)))
    ):
        task = WorkTask.objects.create(
            plan=plan, section=section, section_title="甲", title=f"任务{i + 1}", text="…", position=i + 1,
            deadline=deadline,
        )  # fmt: skip
        for org in (agency, other_agency):
            TaskUnit.objects.create(
                task=task, organization=org, role=UnitRole.RESPONSIBLE, phrase="市政府各部门"
            )
        tasks.append(task)

    def done(task, org, on):
        progress_report_submit(
            actor=None, task_id=task.pk, organization=org, status=ProgressStatus.DONE, text="已完成。",
            reported_on=on, links=["https://www.dl.gov.cn/a.html"], check_permission=False,
        )  # fmt: skip

    done(tasks[0], agency, date(2025, 7, 20))  # late
    done(tasks[0], other_agency, date(2025, 6, 1))
    done(tasks[1], other_agency, date(2025, 9, 1))
    return tasks


def line(result, code, indicator):
    score = next(s for s in result.scores if s.organization.code == code)
    return next(ln for ln in score.lines if ln.indicator.code == indicator)


def test_tasks_overdue_or_completed_late_are_deducted_with_links_to_each_task(client, plan_2025, supervisor):
    result = assessment_for(supervisor, year=2025, today=TODAY)
    sfj = line(result, "dl-sfj", IndicatorCode.WORKPLAN_LATE)
    assert sfj.measured == 2 and sfj.missed and sfj.points == 4
    assert [label for label, _ in sfj.items] == ["二、(二)（逾期未完成）", "二、(一)（逾期完成）"]
    assert not line(result, "dl-mzj", IndicatorCode.WORKPLAN_LATE).missed
    client.force_login(supervisor)
    for (_, url), task in zip(sfj.items, reversed(plan_2025), strict=True):
        page = client.get(url)
        assert page.status_code == 200 and task.title in page.content.decode()


def test_a_task_completed_after_the_year_end_was_overdue_in_that_year(plan_2025, agency, supervisor):
    before = line(assessment_for(supervisor, year=2025, today=TODAY), "dl-sfj", IndicatorCode.WORKPLAN_LATE)
    progress_report_submit(
        actor=None, task_id=plan_2025[1].pk, organization=agency, status=ProgressStatus.DONE, text="补报。",
        reported_on=TODAY, links=["https://www.dl.gov.cn/b.html"], check_permission=False,
    )  # fmt: skip
    after = line(assessment_for(supervisor, year=2025, today=TODAY), "dl-sfj", IndicatorCode.WORKPLAN_LATE)
    assert (after.measured, after.points, after.items) == (before.measured, before.points, before.items)


def snapshot(result):
    return [
        (
            s.organization.code,
            s.rank,
            s.assessment.score,
            s.assessment.passed,
            [(ln.indicator.code, ln.measured, ln.points, ln.items) for ln in s.lines],
        )
        for s in result.scores
    ]


def test_a_past_year_is_identical_before_and_after_a_leader_is_filed_today(
    plan_2025, agency, other_agency, supervisor
):
    ResponsibleLeader.objects.create(
        organization=agency, name="张三", post="副局长", filed_on=date(2025, 3, 1)
    )
    site = Site.objects.create(
        organization=other_agency, name="市民政局网站", home_url="https://mzj.dl.gov.cn/"
    )
    year_end = timezone.make_aware(datetime(2025, 12, 20, 10, 0))
    InspectionRound.objects.create(
        site=site, status="done", trigger="schedule", queued_at=year_end, finished_at=year_end, passed=False,
        depth2_ratio=0.5, depth3_ratio=0.5, score=40,
    )  # fmt: skip
    before = assessment_for(supervisor, year=2025, today=TODAY)
    assert line(before, "dl-mzj", IndicatorCode.LEADER_FILED).missed  # vetoed: not filed in 2025
    assert line(before, "dl-mzj", IndicatorCode.SITE_OK).missed

    # Today 市民政局 files its leader and its site passes a new round.
    ResponsibleLeader.objects.create(organization=other_agency, name="李四", post="副局长", filed_on=TODAY)
    now = timezone.make_aware(datetime(2026, 12, 7, 9, 0))
    InspectionRound.objects.create(
        site=site, status="done", trigger="manual", queued_at=now, finished_at=now, passed=True,
        depth2_ratio=1.0, depth3_ratio=1.0, score=98,
    )  # fmt: skip
    after = assessment_for(supervisor, year=2025, today=TODAY)
    assert snapshot(after) == snapshot(before)
    # The current year reads today's facts.
    current = assessment_for(supervisor, year=2026, today=TODAY)
    assert not line(current, "dl-mzj", IndicatorCode.LEADER_FILED).missed
    assert not line(current, "dl-mzj", IndicatorCode.SITE_OK).missed


def test_deductions_link_to_the_case_and_the_round_and_the_links_open_them(
    client, agency, other_agency, admin_user, supervisor
):
    case = register_case(agency, admin_user, received_on="2026-09-24", today="2026-09-24")  # due 10-29
    site = Site.objects.create(
        organization=other_agency, name="市民政局网站", home_url="https://mzj.dl.gov.cn/"
    )
    when = timezone.make_aware(datetime(2026, 11, 1, 10, 0))
    rnd = InspectionRound.objects.create(
        site=site, status="done", trigger="schedule", queued_at=when, finished_at=when + timedelta(minutes=5),
        passed=False, depth2_ratio=0.5, depth3_ratio=0.5, score=40,
    )  # fmt: skip
    result = assessment_for(supervisor, year=2026, today=TODAY)
    overdue = line(result, "dl-sfj", IndicatorCode.OVERDUE)
    assert overdue.missed and [label for label, _ in overdue.items] == [f"申请 {case.tracking_code}"]
    site_line = line(result, "dl-mzj", IndicatorCode.SITE_OK)
    assert site_line.items == [("市民政局网站 巡检", f"/staff/monitoring/rounds/{rnd.pk}/")]
    client.force_login(supervisor)
    page = client.get(overdue.items[0][1])
    assert page.status_code == 200 and case.tracking_code in page.content.decode()
    assert client.get(site_line.items[0][1]).status_code == 200
    # And the page shows the links beside each deduction.
    html = client.get("/staff/assessment/?year=2026").content.decode()
    assert overdue.items[0][1] in html and site_line.items[0][1] in html


def test_a_published_assessment_does_not_change_afterwards(
    client, plan_2025, agency, other_agency, supervisor
):
    client.force_login(supervisor)
    assert client.get("/staff/assessment/?year=2026").context["may_publish"] is False  # year not over
    before = snapshot(assessment_for(supervisor, year=2025, today=TODAY))
    response = client.post("/staff/assessment/publish/", {"year": "2025"})
    assert response.status_code == 302
    published = PublishedAssessment.objects.get()
    assert snapshot(result_from_json(published.snapshot)) == before
    # Afterwards: a leader filed and a task completed with back-dated reports, the scheme edited.
    ResponsibleLeader.objects.create(
        organization=other_agency, name="李四", post="副局长", filed_on=date(2025, 6, 1)
    )
    progress_report_submit(
        actor=None, task_id=plan_2025[1].pk, organization=agency, status=ProgressStatus.DONE, text="补报。",
        reported_on=date(2025, 9, 1), links=["https://www.dl.gov.cn/b.html"], check_permission=False,
    )  # fmt: skip
    assert snapshot(assessment_for(supervisor, year=2025, today=TODAY)) != before  # the live figures moved
    page = client.get("/staff/assessment/?year=2025")
    assert snapshot(page.context["result"]) == before and page.context["published"] == published
    assert "不再随数据变化" in page.content.decode()
    # Published once: a second publication is refused.
    client.post("/staff/assessment/publish/", {"year": "2025"})
    assert PublishedAssessment.objects.count() == 1
    export = client.get("/staff/assessment/export.xlsx?year=2025")
    assert export.status_code == 200


def test_only_the_supervising_office_publishes(client, agency, make_staff):
    client.force_login(make_staff(agency, "office_head"))
    client.post("/staff/assessment/publish/", {"year": "2025"})
    assert not PublishedAssessment.objects.exists()


def test_a_compliance_deduction_links_to_each_document_and_the_link_opens_it(
    client, sfj_catalogue, supervisor
):
    result = assessment_for(supervisor, year=2025, today=TODAY)
    score = next(s for s in result.scores if s.organization.code == "dl-sfj")
    documents = [ln for ln in score.missed if ln.items and "/catalog/documents/" in ln.items[0][1]]
    assert documents, [ln.indicator.code for ln in score.missed]
    client.force_login(supervisor)
    for ln in documents:
        assert len(ln.items) == ln.measured
        for title, url in ln.items:
            page = client.get(url)
            assert page.status_code == 200 and title in page.content.decode()
