from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """One year's official holiday schedule (RULES §1): data that administrators maintain."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    holidays = models.JSONField(_("放假日期"), default=list)
    makeup_days = models.JSONField(_("调休上班日期"), default=list)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        constraints = [
            # RULES §1: a year with no holidays at all is missing data, never a loaded schedule;
            # refused on every path (services, admin, migrations).
            models.CheckConstraint(
                condition=~models.Q(holidays=[]),
                name="core_calendaryear_has_holidays",
                violation_error_message="该年度没有任何放假日期，不能作为已公布的安排载入。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("audit entries are append-only")

    def delete(self):  # type: ignore[no-untyped-def]
        raise TypeError("audit entries are append-only")


class AuditEntry(models.Model):
    """Append-only record of every change: who, what, when, on which object, before/after."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    verb = models.CharField(_("操作"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, blank=True, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    organization_code = models.CharField(_("机构代码"), max_length=64, blank=True, db_index=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    data = models.JSONField(_("详情"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("audit entries are append-only")
