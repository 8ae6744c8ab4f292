"""Overdue selection by date, completion by unit, and who sees which tasks."""

from datetime import date

import pytest

from zwgk.workplan import selectors
from zwgk.workplan.models import ProgressStatus, TaskUnit, UnitRole, WorkTask
from zwgk.workplan.services import progress_report_submit

pytestmark = pytest.mark.django_db


def complete(task, org, day=date(2020, 9, 30)):
    progress_report_submit(
        actor=None,
        task_id=task.pk,
        organization=org,
        status=ProgressStatus.DONE,
        text="已完成。",
        reported_on=day,
        links=["https://www.dl.gov.cn/a.html"],
        check_permission=False,
    )


@pytest.fixture
def supervisor(dalian, make_staff):
    return make_staff(dalian["dl"], "supervisor", username="gkb")


@pytest.fixture
def six_three(plan):
    return plan.tasks.get(section="六、(三)")


def responsible_orgs(task):
    return [
        a.organization
        for a in task.assignments.filter(role=UnitRole.RESPONSIBLE).select_related("organization")
    ]


@pytest.mark.parametrize(
    "on, overdue",
    [
        ("2020-09-15", set()),  # the day of the earliest deadline: not yet late
        ("2020-09-16", {"三、(三)"}),
        ("2020-09-30", {"三、(三)"}),
        ("2020-10-01", {"三、(三)", "六、(三)", "七、(三)"}),
        ("2020-12-31", {"三、(三)", "六、(三)", "七、(三)"}),
    ],
)
def test_overdue_tasks_by_date(plan, on, overdue):
    tasks = WorkTask.objects.filter(plan=plan).overdue(on=date.fromisoformat(on))
    assert set(tasks.values_list("section", flat=True)) == overdue


def test_2021_everything_unfinished_is_overdue_but_the_annual_report_item(plan):
    # 八、(四) is due with the 2020 annual report, on 31 January 2021.
    assert WorkTask.objects.filter(plan=plan).overdue(on=date(2021, 1, 1)).count() == 22
    assert WorkTask.objects.filter(plan=plan).overdue(on=date(2021, 2, 1)).count() == 23


def test_a_task_stops_being_overdue_only_when_every_responsible_unit_completed(six_three):
    orgs = responsible_orgs(six_three)
    for org in orgs[:-1]:
        complete(six_three, org)
    late = date(2020, 10, 8)
    assert WorkTask.objects.overdue(on=late).filter(pk=six_three.pk).exists()
    complete(six_three, orgs[-1], day=date(2020, 10, 9))
    # As at 8 October the last unit had not completed: the task was overdue then, and stays so
    # in any view "as at" that day; from 9 October it is completed, late.
    assert WorkTask.objects.overdue(on=late).filter(pk=six_three.pk).exists()
    assert not WorkTask.objects.overdue(on=date(2020, 10, 10)).filter(pk=six_three.pk).exists()
    assert WorkTask.objects.completed().filter(pk=six_three.pk).exists()
    assert not WorkTask.objects.completed(on=late).filter(pk=six_three.pk).exists()
    assert WorkTask.objects.completed_late(on=date(2020, 10, 9)).filter(pk=six_three.pk).exists()
    assert not WorkTask.objects.completed_late(on=late).filter(pk=six_three.pk).exists()


def test_lead_units_do_not_count_toward_completion(six_three):
    for org in responsible_orgs(six_three):
        complete(six_three, org)
    assert (
        TaskUnit.objects.filter(task=six_three, role=UnitRole.LEAD, status=ProgressStatus.NOT_STARTED).count()
        == 2
    )
    assert WorkTask.objects.completed().filter(pk=six_three.pk).exists()


def test_completion_by_unit_counts_statuses_and_overdue(plan, dalian, supervisor, six_three):
    complete(six_three, dalian["dl-jyj"])
    complete(plan.tasks.get(section="三、(三)"), dalian["dl-jyj"], day=date(2020, 9, 12))
    rows = {
        u.organization.code: u for u in selectors.completion_by_unit(supervisor, plan, on=date(2020, 10, 1))
    }
    jyj = rows["dl-jyj"]
    assert (jyj.total, jyj.done, jyj.in_progress, jyj.not_started) == (22, 2, 0, 20)
    assert jyj.overdue == 1  # 七、(三) (9月底前) not done; the year-end tasks are not yet due
    assert rows["dl-swjt"].total == 1  # 市水务集团: only 六、(三)
    assert rows["dl-swjt"].overdue == 1
    assert "dl-zsq-mzj" not in rows  # district departments have no task in the city's plan
    assert "dl-bb" not in rows  # 市委编办, a Party organ, only leads 三、(二) where it is named
    assert len(rows) == 35


def test_completion_by_unit_takes_a_fixed_number_of_queries(plan, supervisor, django_assert_num_queries):
    selectors.supervises_all(supervisor, plan)  # the role cache, as on a page
    with django_assert_num_queries(4):
        selectors.completion_by_unit(supervisor, plan, on=date(2020, 10, 1))


def test_supervisors_see_every_unit_and_task(plan, supervisor):
    assert selectors.task_list_for(supervisor, plan).count() == 23
    assert len(selectors.completion_by_unit(supervisor, plan, on=date(2020, 10, 1))) == 35


def test_a_unit_sees_its_own_tasks_and_only_its_own_row(plan, dalian, make_staff):
    editor = make_staff(dalian["dl-jyj"], "editor")
    tasks = selectors.task_list_for(editor, plan)
    assert tasks.count() == 22  # all but 五、(二), which is 金普新区管委会's and 市民政局's
    assert not tasks.filter(section="五、(二)").exists()
    rows = selectors.completion_by_unit(editor, plan, on=date(2020, 10, 1))
    assert [u.organization.code for u in rows] == ["dl-jyj"]


def test_a_unit_sees_only_its_own_reports_but_a_lead_unit_sees_all(plan, dalian, make_staff, six_three):
    complete(six_three, dalian["dl-jyj"])
    complete(six_three, dalian["dl-wjw"])
    jyj = make_staff(dalian["dl-jyj"], "editor")
    dsjzx = make_staff(dalian["dl-dsjzx"], "editor")  # a lead unit of 六、(三)
    assert [r.organization.code for r in selectors.reports_for(jyj, six_three)] == ["dl-jyj"]
    assert selectors.reports_for(dsjzx, six_three).count() == 2


def test_a_unit_cannot_open_a_task_it_has_no_part_in(plan, dalian, make_staff):
    task = plan.tasks.get(section="五、(二)")
    with pytest.raises(WorkTask.DoesNotExist):
        selectors.access_task(make_staff(dalian["dl-jyj"], "editor"), task.pk)
    assert selectors.access_task(make_staff(dalian["dl-mzj"], "editor"), task.pk) == task


def test_staff_of_an_agency_with_no_task_see_no_plan(plan, dalian, make_staff):
    assert not selectors.plan_list_for(make_staff(dalian["dl-zsq-mzj"], "editor")).exists()


def test_completion_as_at_a_date_uses_the_status_then_and_counts_late_completions(
    plan, dalian, supervisor, six_three
):
    jyj = dalian["dl-jyj"]
    complete(six_three, jyj, day=date(2020, 10, 20))  # due 30 September: late
    before = {
        u.organization.code: u for u in selectors.completion_by_unit(supervisor, plan, on=date(2020, 10, 1))
    }
    after = {
        u.organization.code: u for u in selectors.completion_by_unit(supervisor, plan, on=date(2020, 10, 31))
    }
    # 三、(三), 六、(三) and 七、(三) were overdue on 1 October; 六、(三) was then done, late.
    assert (before["dl-jyj"].done, before["dl-jyj"].overdue, before["dl-jyj"].late) == (0, 3, 0)
    assert (after["dl-jyj"].done, after["dl-jyj"].overdue, after["dl-jyj"].late) == (1, 2, 1)
    assert TaskUnit.objects.get(task=six_three, organization=jyj, role=UnitRole.RESPONSIBLE).completed_late
    summary = selectors.plan_summary(supervisor, plan, on=date(2020, 10, 31), completion=[])
    assert summary.completed_late == 1
