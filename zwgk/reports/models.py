"""What the annual report needs beyond the catalogue and the applications (RULES §4).

Staff enter the figures of table 二 the platform does not hold (`Part2Entry`) and write parts
一, 五 and 六 (`ReportText`); publishing freezes the whole report (`PublishedReport`). The live
report is always derived again from the data; only a published version is stored, and it is
never edited: a correction is a new version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization


class Part2Entry(models.Model):
    """The figures of table 二 that staff enter per agency and year (RULES §4.2 items 五, 六, 八)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="part2_entries"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    licensing_decisions = models.PositiveIntegerField(_("行政许可 本年处理决定数量"), default=0)
    penalty_decisions = models.PositiveIntegerField(_("行政处罚 本年处理决定数量"), default=0)
    coercion_decisions = models.PositiveIntegerField(_("行政强制 本年处理决定数量"), default=0)
    # 万元 to four places: one yuan is 0.0001 万元, and small fees must not round away.
    fees_amount_wan_yuan = models.DecimalField(
        _("行政事业性收费 本年收费金额（万元）"),
        max_digits=16,
        decimal_places=4,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    source_note = models.CharField(_("数据来源说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "organization__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="reports_part2_entry_unique")
        ]
        verbose_name = _("年报第二部分填报数")
        verbose_name_plural = _("年报第二部分填报数")

    def __str__(self) -> str:
        return f"{self.organization.display_name} {self.year}年 填报数"


class ReportText(models.Model):
    """Parts 一, 五 and 六 as staff wrote them (RULES §4.1)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="report_texts"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "organization__sort_order"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="reports_text_unique")]
        verbose_name = _("年报文字部分")
        verbose_name_plural = _("年报文字部分")

    def __str__(self) -> str:
        return f"{self.organization.display_name} {self.year}年 文字部分"


class PublishedReportQuerySet(models.QuerySet):
    def latest_versions(self) -> PublishedReportQuerySet:
        """The public version of every (agency, year): the one no later version supersedes."""
        later = PublishedReport.objects.filter(
            organization=models.OuterRef("organization"),
            year=models.OuterRef("year"),
            version__gt=models.OuterRef("version"),
        )
        return self.exclude(models.Exists(later))


class PublishedReport(models.Model):
    """One published version of an annual report: a frozen snapshot, never edited.

    `snapshot` holds everything the page and the exports print (the API JSON, the texts, the
    agency's name as it was), so a later change of data or of the agency cannot alter it.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="published_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"))
    snapshot = models.JSONField(_("报告内容"))
    correction_reason = models.CharField(_("更正原因"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        ordering = ["organization__sort_order", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "version"], name="reports_published_version_unique"
            )
        ]
        verbose_name = _("已发布年报")
        verbose_name_plural = _("已发布年报")

    def __str__(self) -> str:
        return f"{self.organization.display_name} {self.year}年年报 第{self.version}版"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("a published report is frozen; publish a corrected version instead")
        super().save(*args, **kwargs)


class ConsolidationScope(models.Model):
    """Whether a government's consolidated report also sums its districts (RULES §4.1).

    Without a row a government consolidates its own figures and its departments only.
    """

    government = models.OneToOneField(
        Organization,
        verbose_name=_("人民政府"),
        on_delete=models.CASCADE,
        related_name="report_consolidation",
    )
    include_districts = models.BooleanField(_("汇总所辖区市县（先导区）"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年报汇总范围")
        verbose_name_plural = _("年报汇总范围")

    def __str__(self) -> str:
        scope = "含区市县" if self.include_districts else "仅本级部门"
        return f"{self.government.display_name}：{scope}"


class ReminderSent(models.Model):
    """Each agency is reminded of an unpublished report at most once per reporting year."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="reports_reminder_once")]
        verbose_name = _("年报催报记录")
        verbose_name_plural = _("年报催报记录")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"


class AssessmentScheme(models.Model):
    """A scoring scheme of the supervising office for one year (issue 7 point 5, RULES §6).

    Indicators, weights and thresholds are data: the office edits them in the admin, and the
    scores are computed again from the live data whenever the page or the export is opened.
    """

    name = models.CharField(_("方案名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    active = models.BooleanField(_("启用"), default=True)
    full_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=Decimal(100))
    fail_at_or_below = models.DecimalField(
        _("不合格线（得分不高于此为不合格）"), max_digits=6, decimal_places=2, default=Decimal(60)
    )
    note = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="reports_assessment_scheme_unique")
        ]
        verbose_name = _("考核评估方案")
        verbose_name_plural = _("考核评估方案")

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"


class IndicatorCode(models.TextChoices):
    """The measurable indicators; each is computed in `zwgk.reports.assessments.MEASURES`."""

    ON_TIME_RATE = "on_time_rate", _("依申请按期答复率（%）")
    OVERDUE = "overdue", _("超期未答复申请（件）")
    MEDIAN_WORKDAYS = "median_workdays", _("答复用时中位数（工作日）")
    LATE_PUBLICATION = "late_publication", _("超期发布信息（条，条例第26条）")
    # Named as the catalogue's FlagKind they count (a scheme stores these codes: renaming one
    # needs a data migration, as 0003 did for these two).
    INTERPRETATION_MISSING = "interpretation_missing", _("政策文件未解读（件）")
    INTERPRETATION_LATE = "interpretation_late", _("政策解读滞后（件）")
    TOPIC_BREACHES = "topic_breaches", _("专题栏目未按期归集（条）")
    LEADER_FILED = "leader_filed", _("分管负责人已备案（1 是 / 0 否）")
    SITE_OK = "site_ok", _("网站检查达标（1 是 / 0 否）")
    # Work-plan tasks (工作安排) of the year the unit is responsible for: overdue at the year's
    # end, or completed after their deadline.
    WORKPLAN_LATE = "workplan_late", _("工作安排任务逾期（项，含逾期完成）")


class SchemeIndicator(models.Model):
    """One line of a scheme; `code` says which measure of the supervision data it scores."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("不低于")
        ABOVE = "above", _("高于")
        AT_MOST = "at_most", _("不高于")
        BELOW = "below", _("低于")

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("指标"), max_length=40, choices=IndicatorCode.choices)
    name = models.CharField(_("指标名称"), max_length=200)
    threshold = models.DecimalField(_("达标值"), max_digits=10, decimal_places=2)
    comparison = models.CharField(
        _("比较方式"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    weight = models.DecimalField(
        _("分值（最多扣分）"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    per_step = models.DecimalField(
        _("每档扣分（空则一次扣完分值）"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    step = models.DecimalField(
        _("档距"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    veto = models.BooleanField(_("单项否决"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["scheme", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="reports_scheme_indicator_unique")
        ]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")

    def __str__(self) -> str:
        return f"{self.scheme} · {self.name}"


class PublishedAssessment(models.Model):
    """A year's assessment as the supervising office of `scope` published it: frozen.

    `snapshot` holds the scheme, the scores, every deduction and the items behind it as they
    were, so neither new facts nor a later edit of the scheme can change published scores.
    """

    scope = models.ForeignKey(
        Organization,
        verbose_name=_("考核机关"),
        on_delete=models.PROTECT,
        related_name="published_assessments",
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    snapshot = models.JSONField(_("考核结果"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="reports_published_assessment_unique")
        ]
        verbose_name = _("已发布考核结果")
        verbose_name_plural = _("已发布考核结果")

    def __str__(self) -> str:
        return f"{self.scope.display_name} {self.year}年考核结果"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("a published assessment is frozen")
        super().save(*args, **kwargs)
