"""Registered websites, their watched columns, inspection rounds, availability probes, veto alerts
and harvest runs (RULES §5). Rounds and runs are written only by zwgk.monitoring.services,
zwgk.monitoring.rounds and zwgk.monitoring.drafts."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization


class SiteQuerySet(models.QuerySet["Site"]):
    def active(self) -> SiteQuerySet:
        return self.filter(active=True)


class Site(models.Model):
    """An agency's website (or its part of the portal) under inspection."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="monitored_sites"
    )
    name = models.CharField(_("网站名称"), max_length=200)
    home_url = models.URLField(_("首页地址"), max_length=500)
    # Host names (``files.dl.gov.cn``) or suffixes (``.dl.gov.cn``) the harvester may also fetch;
    # the round itself follows the registrable domain of the home page.
    extra_hosts = models.JSONField(_("其他允许的主机"), default=list, blank=True)
    # curl-style HOST:PORT:ADDR[,ADDR…] entries, set in the back office: they spare the DNS
    # look-up but are not trusted by the SSRF guard (issue 21 item 2); only the operator's pins
    # (`monitor check --resolve`, ZWGK_MONITOR_PINS) may lead to private addresses.
    pins = models.JSONField(_("固定解析地址"), default=list, blank=True)
    contacts = models.JSONField(_("告警联系人邮箱"), default=list, blank=True)
    active = models.BooleanField(_("启用监测"), default=True)
    round_every_hours = models.PositiveIntegerField(_("巡检间隔（小时）"), default=24)
    # RULES §5.1: at least 20 probes a day; hourly gives 24.
    probe_every_minutes = models.PositiveIntegerField(_("可用性探测间隔（分钟）"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["organization__sort_order", "organization__code", "name"]
        verbose_name = _("监测网站")
        verbose_name_plural = _("监测网站")

    def __str__(self) -> str:
        return self.name


class ColumnKind(models.TextChoices):
    # The values are those of zwgk.monitoring.checks.ColumnKind.
    NEWS = "news", _("动态要闻（2周）")
    NOTICE = "notice", _("通知公告（6个月）")
    POLICY = "policy", _("政策文件（6个月）")
    OTHER = "other", _("其他栏目")


class WatchedColumn(models.Model):
    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="columns")
    name = models.CharField(_("栏目名称"), max_length=200)
    url = models.URLField(_("栏目地址"), max_length=500)
    kind = models.CharField(_("栏目类型"), max_length=16, choices=ColumnKind.choices, default=ColumnKind.NEWS)
    # Only for "other" columns: no statutory period, so the agency sets one (empty: only the
    # one-year "long-stale" rule applies).
    max_age_days = models.PositiveIntegerField(_("更新周期（天）"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["site", "sort_order", "id"]
        verbose_name = _("监测栏目")
        verbose_name_plural = _("监测栏目")

    def __str__(self) -> str:
        return self.name


class RoundStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("巡检中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


OPEN_ROUND_STATUSES = (RoundStatus.QUEUED, RoundStatus.RUNNING)


class RoundTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("定时")
    MANUAL = "manual", _("手动")


class RoundQuerySet(models.QuerySet["InspectionRound"]):
    def open(self) -> RoundQuerySet:
        return self.filter(status__in=OPEN_ROUND_STATUSES)

    def done(self) -> RoundQuerySet:
        return self.filter(status=RoundStatus.DONE)

    def stalled(self, *, before: datetime) -> RoundQuerySet:
        """Running rounds whose worker stopped beating (killed, restarted, machine down)."""
        return self.filter(status=RoundStatus.RUNNING, heartbeat_at__lt=before)


class InspectionRound(models.Model):
    """One inspection of a site. `result` is the API.md JSON; the numbers beside it are copied
    out of it (and out of the column checks) for lists and charts."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="rounds")
    status = models.CharField(
        _("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.QUEUED, db_index=True
    )
    trigger = models.CharField(_("触发方式"), max_length=16, choices=RoundTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(_("排队时间"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True, db_index=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    pages_done = models.PositiveIntegerField(_("已检查页面"), default=0)
    pages_total = models.PositiveIntegerField(_("已发现页面"), default=0)
    error = models.TextField(_("说明"), blank=True)

    result = models.JSONField(_("检查结果"), null=True, blank=True)  # API.md, Monitoring
    details = models.JSONField(_("明细"), null=True, blank=True)  # columns, external and hidden links
    score = models.FloatField(_("得分"), null=True, blank=True)
    passed = models.BooleanField(_("合格"), null=True)
    vetoes = models.JSONField(_("单项否决"), default=list, blank=True)
    deductions = models.JSONField(_("扣分"), default=list, blank=True)
    broken_links = models.PositiveIntegerField(_("错链数"), null=True, blank=True)
    depth2_ratio = models.FloatField(_("二级链接 IPv6 支持率"), null=True, blank=True)
    depth3_ratio = models.FloatField(_("三级链接 IPv6 支持率"), null=True, blank=True)
    ipv6_compliant = models.BooleanField(_("IPv6 达标"), null=True)
    stale_columns = models.PositiveIntegerField(_("未及时更新栏目"), null=True, blank=True)
    empty_columns = models.PositiveIntegerField(_("空白栏目"), null=True, blank=True)
    home_updated_on = models.DateField(_("首页最近更新"), null=True, blank=True)
    # False: the home page opened over neither family. Such a round is one failed availability
    # probe (RULES §5.1) and has no score: nothing else was measured (issue 20 item 2).
    home_reachable = models.BooleanField(_("首页可打开"), null=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("巡检轮次")
        verbose_name_plural = _("巡检轮次")
        constraints = [
            # Idempotence at the database: a second request while one is open cannot add a round.
            models.UniqueConstraint(
                fields=["site"],
                condition=Q(status__in=["queued", "running"]),
                name="monitoring_one_open_round_per_site",
            )
        ]
        indexes = [models.Index(fields=["site", "status", "-finished_at"], name="monitoring_round_latest")]

    def __str__(self) -> str:
        return f"{self.site} · {self.queued_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ROUND_STATUSES

    @property
    def unreachable(self) -> bool:
        return self.home_reachable is False

    @property
    def ratios_below_target(self) -> bool:
        """The seed's 90% target missed at depth 2 or 3 (None = no links there = nothing missed)."""
        return any(r is not None and r < 0.9 for r in (self.depth2_ratio, self.depth3_ratio))


class Probe(models.Model):
    """One availability probe of a site's home page (RULES §5.1: ≥ 20 a day, 15 s)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField(_("时间"))
    ok = models.BooleanField(_("可访问"))
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    ms = models.PositiveIntegerField(_("耗时（毫秒）"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=32, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["site", "-at"], name="monitoring_probe_site_at")]
        verbose_name = _("可用性探测")
        verbose_name_plural = _("可用性探测")

    def __str__(self) -> str:
        return f"{self.site_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"


class VetoAlert(models.Model):
    """A veto condition of a site, from the round that first found it until one no longer does.
    Its contacts are mailed once, when it opens."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="veto_alerts")
    veto = models.CharField(_("否决项"), max_length=32)
    opened_at = models.DateTimeField(_("发现时间"))
    opened_by_round = models.ForeignKey(
        InspectionRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_at = models.DateTimeField(_("消除时间"), null=True, blank=True)
    mailed_to = models.JSONField(_("已通知"), default=list, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "veto"], condition=Q(cleared_at__isnull=True), name="monitoring_one_open_veto"
            )
        ]
        verbose_name = _("否决告警")
        verbose_name_plural = _("否决告警")

    def __str__(self) -> str:
        return f"{self.site_id} {self.veto}"


# --- harvesting (集约整合) ---------------------------------------------------------------------


class HarvestStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("采集中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class HarvestRun(models.Model):
    """One crawl of an existing site's column into catalogue drafts, reviewed before publishing."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="harvests")
    start_url = models.URLField(_("栏目列表地址"), max_length=500)
    # A regular expression the document pages' URLs match; empty: the dated entries of the list.
    link_pattern = models.CharField(_("文章地址规则"), max_length=200, blank=True)
    max_pages = models.PositiveIntegerField(_("最多采集页数"), default=500)
    status = models.CharField(_("状态"), max_length=16, choices=HarvestStatus.choices, default="queued")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(_("排队时间"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    pages_total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("已生成草稿"), default=0)
    duplicates = models.PositiveIntegerField(_("重复跳过"), default=0)
    unparsed = models.PositiveIntegerField(_("无法解析"), default=0)
    error = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("网站采集")
        verbose_name_plural = _("网站采集")

    def __str__(self) -> str:
        return f"{self.site} · {self.start_url}"


class HarvestOutcome(models.TextChoices):
    CREATED = "created", _("已生成草稿")
    DUPLICATE = "duplicate", _("重复，已跳过")
    UNPARSED = "unparsed", _("无法解析")


class HarvestPage(models.Model):
    run = models.ForeignKey(HarvestRun, on_delete=models.CASCADE, related_name="pages")
    url = models.URLField(max_length=1000)
    outcome = models.CharField(_("结果"), max_length=16, choices=HarvestOutcome.choices)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    document = models.ForeignKey(
        "catalog.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=300, blank=True)
    # What the old site said, kept for the reviewer: a draft gets its own index number and
    # publication date only when it is published here.
    fields = models.JSONField(_("原网页元数据"), default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("采集页面")
        verbose_name_plural = _("采集页面")

    def __str__(self) -> str:
        return self.url
