"""Government new-media accounts (政务新媒体, issue 24.4): each agency's accounts, their filing with
the supervising office, and the figures the freshness and interaction rules read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization


class Platform(models.TextChoices):
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("今日头条")
    KUAISHOU = "kuaishou", _("快手")
    APP = "app", _("移动客户端")
    OTHER = "other", _("其他")


class FilingKind(models.TextChoices):
    """What was filed (备案) with the supervising office: opening, a change, or the closure."""

    OPENING = "opening", _("开设备案")
    CHANGE = "change", _("变更备案")
    CLOSURE = "closure", _("关停注销备案")


class Account(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("主办机构"), on_delete=models.PROTECT, related_name="newmedia_accounts"
    )
    platform = models.CharField(_("平台"), max_length=16, choices=Platform.choices)
    name = models.CharField(_("账号名称"), max_length=100)
    operator = models.CharField(_("运营单位"), max_length=200)
    url = models.URLField(_("访问地址"), blank=True)
    # The latest filing decides whether the account is open; the history is `filings`.
    filing_status = models.CharField(_("备案状态"), max_length=16, choices=FilingKind.choices)
    filed_on = models.DateField(_("备案日期"))
    last_updated_on = models.DateField(_("最近更新日期"), null=True, blank=True)
    unanswered_messages = models.PositiveIntegerField(_("未回复留言数"), default=0)
    oldest_unanswered_on = models.DateField(_("最早未回复留言日期"), null=True, blank=True)
    reported_on = models.DateField(_("数据填报日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__sort_order", "platform", "name"]
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        constraints = [
            models.UniqueConstraint(fields=["platform", "name"], name="newmedia_account_unique_platform_name")
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}“{self.name}”"

    @property
    def is_open(self) -> bool:
        return self.filing_status != FilingKind.CLOSURE


class Filing(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="filings")
    kind = models.CharField(_("备案事项"), max_length=16, choices=FilingKind.choices)
    filed_on = models.DateField(_("备案日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = _("新媒体备案")
        verbose_name_plural = _("新媒体备案")

    def __str__(self) -> str:
        return f"{self.account} {self.get_kind_display()} {self.filed_on}"
