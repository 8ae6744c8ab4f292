"""Reminders before work-plan deadlines (real 2025/2026 holidays) and the lead unit's to-do list."""

from datetime import date

import pytest
from django.core import mail

from zwgk.core.calendars import calendar_current
from zwgk.core.todos import providers
from zwgk.workplan.models import DeadlineReminder, ProgressStatus, TaskUnit, UnitRole, WorkPlan
from zwgk.workplan.reminders import reminder_day, send_deadline_reminders
from zwgk.workplan.services import progress_report_submit
from zwgk.workplan.todos import units_behind_on_led_tasks


@pytest.mark.parametrize(
    "deadline, first_day",
    [
        # National Day 2025: 1–8 October off, Sunday 28 September worked.
        ("2025-10-09", "2025-09-25"),
        # Labour Day 2025: 1–5 May off, Sunday 27 April worked.
        ("2025-05-06", "2025-04-25"),
        # Spring Festival 2026: 15–23 February off, Saturday 14 February worked.
        ("2026-02-24", "2026-02-10"),
        # An ordinary week in 2026 (Dragon Boat, 19 June, is before it).
        ("2026-06-30", "2026-06-23"),
        # National Day 2026: 1–7 October off; Mid-Autumn: Friday 25 September off.
        ("2026-10-09", "2026-09-24"),
    ],
)
def test_the_first_reminder_day_is_the_fifth_working_day_before(db, deadline, first_day):
    assert reminder_day(calendar_current(), date.fromisoformat(deadline)) == date.fromisoformat(first_day)


@pytest.fixture
def task_2025(plan):
    """The seed's 三、(三) moved to 2025, due the day after the National Day holiday."""
    WorkPlan.objects.filter(pk=plan.pk).update(year=2025)
    task = plan.tasks.get(section="三、(三)")
    task.deadline = date(2025, 10, 9)
    task.save(update_fields=["deadline"])
    return task


def test_units_are_reminded_once_from_the_fifth_working_day_while_open(
    task_2025, dalian, make_staff, django_capture_on_commit_callbacks
):
    sfj, mzj = dalian["dl-sfj"], dalian["dl-mzj"]
    editor = make_staff(sfj, "editor")
    head = make_staff(sfj, "office_head")
    for user, email in ((editor, "li@sfj.example"), (head, "chen@sfj.example")):
        user.email = email
        user.save(update_fields=["email"])
    handler = make_staff(sfj, "handler")  # not a reporter: not reminded
    handler.email = "zhao@sfj.example"
    handler.save(update_fields=["email"])
    progress_report_submit(
        actor=None,
        task_id=task_2025.pk,
        organization=mzj,
        status=ProgressStatus.DONE,
        text="已完成。",
        reported_on=date(2025, 9, 20),
        links=["https://www.dl.gov.cn/mzj/a.html"],
        check_permission=False,
    )
    assert send_deadline_reminders(today=date(2025, 9, 24)) == []
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_deadline_reminders(today=date(2025, 9, 25))
    reminded = set(TaskUnit.objects.filter(pk__in=sent).values_list("organization__code", flat=True))
    assert reminded == {"dl-sfj"}  # 民政局 completed; other units have nobody to remind
    assert sorted(mail.outbox[-1].to) == ["chen@sfj.example", "li@sfj.example"]
    assert "2025年10月9日" in mail.outbox[-1].subject
    assert send_deadline_reminders(today=date(2025, 9, 26)) == []  # once
    assert DeadlineReminder.objects.count() == 1
    # The day after the deadline is no longer "before" it.
    jyj = make_staff(dalian["dl-jyj"], "editor")
    jyj.email = "he@jyj.example"
    jyj.save(update_fields=["email"])
    assert send_deadline_reminders(today=date(2025, 10, 10)) == []


def test_a_lead_unit_sees_which_units_are_behind_on_its_tasks(plan, dalian, make_staff):
    task = plan.tasks.get(section="三、(三)")
    responsible = TaskUnit.objects.filter(task=task, role=UnitRole.RESPONSIBLE)
    for row in responsible.exclude(organization__code="dl-sfj"):
        progress_report_submit(
            actor=None,
            task_id=task.pk,
            organization=row.organization,
            status=ProgressStatus.DONE,
            text="已完成。",
            reported_on=date(2020, 9, 10),
            links=["https://www.dl.gov.cn/a.html"],
            check_permission=False,
        )
    lead = make_staff(dalian["dl-zfb"], "editor")  # 市政府办公室 leads 三、(三)
    entries = units_behind_on_led_tasks(lead, today=date(2020, 9, 16))
    # Every responsible unit but 司法局 completed on time: one unit behind.
    entry = next(e for e in entries if e.url.endswith(f"/tasks/{task.pk}/"))
    assert entry.count == 1 and entry.overdue and entry.due_on == date(2020, 9, 15)
    # A unit that leads nothing has no such entry.
    assert units_behind_on_led_tasks(make_staff(dalian["dl-sfj"], "editor"), today=date(2020, 9, 16)) == []
    assert "workplan.units_behind" in {p.code for p in providers()}
