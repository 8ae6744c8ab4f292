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
