"""An annual work arrangement as tasks with units and deadlines, and the units' progress reports.

Progress reports are facts, appended and never edited; each unit's current status on a task is
kept on its `TaskUnit` row only for queries (overdue lists, the completion matrix) and is
written by the one service that appends reports.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization


class UnitRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    RESPONSIBLE = "responsible", _("责任单位")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class WorkPlan(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("印发机关"), on_delete=models.PROTECT, related_name="work_plans"
    )
    doc_no = models.CharField(_("发文字号"), max_length=100, unique=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    source_text = models.TextField(_("原文"))
    # What staff said unresolved phrases mean: {phrase or "section|group phrase": [org codes]}.
    unit_mappings = models.JSONField(_("单位对应"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-issued_on", "-id"]
        verbose_name = _("工作安排")
        verbose_name_plural = _("工作安排")

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_no}）"


def status_as_at(on: date) -> Coalesce:
    """A TaskUnit row's status as its reports stood at the end of `on` (the latest report by
    date, as `progress_report_submit` keeps it), for views "as at" a past date."""
    latest = (
        ProgressReport.objects.filter(
            task=OuterRef("task"), organization=OuterRef("organization"), reported_on__lte=on
        )
        .order_by("-reported_on", "-id")
        .values("status")[:1]
    )
    return Coalesce(Subquery(latest), Value(ProgressStatus.NOT_STARTED.value))


class WorkTaskQuerySet(models.QuerySet):
    def _responsible_open(self, on: date | None = None):
        rows = TaskUnit.objects.filter(task=OuterRef("pk"), role=UnitRole.RESPONSIBLE)
        if on is None:
            return rows.filter(status__in=OPEN_STATUSES)
        return rows.annotate(status_then=status_as_at(on)).exclude(status_then=ProgressStatus.DONE)

    def overdue(self, *, on: date) -> WorkTaskQuerySet:
        """Deadline passed by `on` and at least one responsible unit had not completed by then.

        A task with no responsible unit is never "completed": the import refuses to create one.
        """
        return self.filter(deadline__lt=on).filter(Exists(self._responsible_open(on)))

    def completed(self, *, on: date | None = None) -> WorkTaskQuerySet:
        """Every responsible unit done (now, or as at the end of `on`)."""
        has_units = Exists(TaskUnit.objects.filter(task=OuterRef("pk"), role=UnitRole.RESPONSIBLE))
        return self.filter(has_units).exclude(Exists(self._responsible_open(on)))

    def completed_late(self, *, on: date) -> WorkTaskQuerySet:
        """Tasks some responsible unit completed after the deadline (and by `on`)."""
        late = TaskUnit.objects.filter(
            task=OuterRef("pk"),
            role=UnitRole.RESPONSIBLE,
            completed_on__gt=OuterRef("deadline"),
            completed_on__lte=on,
        )
        return self.filter(Exists(late))

    def involving(self, organizations) -> WorkTaskQuerySet:
        """Tasks where any of `organizations` is a lead or responsible unit."""
        return self.filter(
            Exists(TaskUnit.objects.filter(task=OuterRef("pk"), organization__in=organizations))
        )


class WorkTask(models.Model):
    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("工作安排"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.CharField(_("条目"), max_length=20)  # "三、(三)"
    section_title = models.CharField(_("部分"), max_length=200)
    title = models.CharField(_("任务"), max_length=300)
    text = models.TextField(_("内容"))
    position = models.PositiveSmallIntegerField(_("排序"))
    deadline = models.DateField(_("完成期限"))
    deadline_wording = models.CharField(_("期限原文"), max_length=50, blank=True)
    # No deadline written in the item: due at the end of the plan's year (the plan is annual).
    deadline_defaulted = models.BooleanField(_("期限为默认年底"), default=False)
    units_wording = models.CharField(_("单位原文"), max_length=500, blank=True)
    # No lead named: the competent department (条例第三条) leads, and the pages say so.
    lead_defaulted = models.BooleanField(_("牵头单位为默认"), default=False)
    # No responsible unit named: every agency ("各地区、各部门"), and the pages say so.
    units_defaulted = models.BooleanField(_("责任单位为默认"), default=False)
    units = models.ManyToManyField(
        Organization, through="TaskUnit", related_name="work_tasks", verbose_name=_("单位")
    )

    objects = WorkTaskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "section"], name="worktask_unique_section")]
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")

    def __str__(self) -> str:
        return f"{self.section}{self.title}"

    @property
    def deadline_label(self) -> str:
        return self.deadline_wording or "年底前（未写明期限）"


OPEN_STATUSES = (ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS)


class TaskUnitQuerySet(models.QuerySet):
    def responsible(self) -> TaskUnitQuerySet:
        return self.filter(role=UnitRole.RESPONSIBLE)

    def overdue(self, *, on: date) -> TaskUnitQuerySet:
        """Responsible rows whose deadline had passed by `on` without completion by then."""
        return (
            self.responsible()
            .filter(task__deadline__lt=on)
            .annotate(status_then=status_as_at(on))
            .exclude(status_then=ProgressStatus.DONE)
        )


class TaskUnit(models.Model):
    """A unit's place on a task; `phrase` is the wording that named it (a group or its name)."""

    task = models.ForeignKey(WorkTask, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="task_assignments")
    role = models.CharField(_("职责"), max_length=20, choices=UnitRole.choices)
    phrase = models.CharField(_("原文"), max_length=100)
    # Denormalised from the unit's latest progress report (see module docstring).
    status = models.CharField(
        _("进展"), max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    status_reported_on = models.DateField(_("最近报送"), null=True, blank=True)
    # The date of the report that completed it (None while open): late when after the deadline.
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = TaskUnitQuerySet.as_manager()

    class Meta:
        ordering = ["task", "role", "organization__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organization", "role"], name="taskunit_unique_role")
        ]
        indexes = [models.Index(fields=["role", "status"])]
        verbose_name = _("任务单位")
        verbose_name_plural = _("任务单位")

    def __str__(self) -> str:
        return f"{self.task.section} {self.organization.display_name}（{self.get_role_display()}）"

    @property
    def completed_late(self) -> bool:
        return self.completed_on is not None and self.completed_on > self.task.deadline


class DeadlineReminder(models.Model):
    """One reminder of an approaching deadline to a responsible unit: sent at most once."""

    assignment = models.OneToOneField(TaskUnit, on_delete=models.CASCADE, related_name="reminder")
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任务到期提醒")
        verbose_name_plural = _("任务到期提醒")

    def __str__(self) -> str:
        return f"{self.assignment} {self.sent_on}"


class ProgressReport(models.Model):
    task = models.ForeignKey(
        WorkTask, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter_name = models.CharField(_("报送人姓名"), max_length=100, blank=True)
    reported_on = models.DateField(_("报送日期"))
    status = models.CharField(_("进展"), max_length=20, choices=ProgressStatus.choices)
    text = models.TextField(_("进展情况"))
    # URLs or catalogue item ids / index numbers, one per entry, as the unit wrote them.
    evidence_links = models.JSONField(_("佐证链接"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["task", "organization", "-reported_on"])]
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")

    def __str__(self) -> str:
        return f"{self.task.section} {self.organization.display_name} {self.get_status_display()}"


class ProgressEvidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(_("文件"), upload_to="workplan/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=100)  # sniffed, never the browser's claim
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.original_name
