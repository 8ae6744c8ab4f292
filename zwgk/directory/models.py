"""What public enterprises and institutions publish about their services (RULES §3.5; 国办发〔2020〕50号),
and their competent departments' checks that it is true and current.

The competent department (主管部门) is the enterprise's `parent` in the organization tree.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization, OrgKind

ENTERPRISES_ONLY = {"kind": OrgKind.PUBLIC_ENTERPRISE}


class ChannelKind(models.TextChoices):
    PHONE = "phone", _("电话")
    WEB = "web", _("网站")
    MAIL = "mail", _("信函/电子邮件")
    IN_PERSON = "in_person", _("现场")


class VerificationResult(models.TextChoices):
    OK = "ok", _("真实有效")
    PROBLEMS = "problems", _("存在问题")


class ServiceOutlet(models.Model):
    """A service outlet (服务网点) with the address, hours and contacts the public needs."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("公共企事业单位"),
        on_delete=models.CASCADE,
        related_name="service_outlets",
        limit_choices_to=ENTERPRISES_ONLY,
    )
    name = models.CharField(_("网点名称"), max_length=200)
    address = models.CharField(_("地址"), max_length=300)
    hours = models.CharField(_("服务时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["organization", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="directory_outlet_unique_name")
        ]
        verbose_name = _("服务网点")
        verbose_name_plural = _("服务网点")

    def __str__(self) -> str:
        return f"{self.organization.display_name} {self.name}"


class ComplaintChannel(models.Model):
    """A channel through which the public complains about the unit's service (投诉举报渠道)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("公共企事业单位"),
        on_delete=models.CASCADE,
        related_name="complaint_channels",
        limit_choices_to=ENTERPRISES_ONLY,
    )
    kind = models.CharField(_("渠道类型"), max_length=16, choices=ChannelKind.choices)
    value = models.CharField(_("号码/地址"), max_length=300)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["organization", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "value"], name="directory_channel_unique_value"
            )
        ]
        verbose_name = _("投诉渠道")
        verbose_name_plural = _("投诉渠道")

    def __str__(self) -> str:
        return f"{self.organization.display_name} {self.get_kind_display()} {self.value}"


class DisclosureVerification(models.Model):
    """One check by the competent department of what the unit publishes; appended, never edited."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("公共企事业单位"),
        on_delete=models.CASCADE,
        related_name="disclosure_verifications",
        limit_choices_to=ENTERPRISES_ONLY,
    )
    verifying_organization = models.ForeignKey(
        Organization,
        verbose_name=_("核实部门"),
        on_delete=models.PROTECT,
        related_name="performed_disclosure_verifications",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_on = models.DateField(_("核实日期"))
    result = models.CharField(_("核实结果"), max_length=16, choices=VerificationResult.choices)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "-verified_on", "-id"]
        verbose_name = _("信息核实记录")
        verbose_name_plural = _("信息核实记录")

    def __str__(self) -> str:
        return f"{self.organization.display_name} {self.verified_on:%Y-%m-%d} {self.get_result_display()}"


class Sector(models.Model):
    """A sector of public enterprises and institutions (RULES §3.5: 教育, 卫生健康, 供水, 供电, 供气,
    供热, 环境保护, 公共交通 …) and the department that oversees it. Data, not code: a deployment
    adds or renames sectors."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("领域"), max_length=50, unique=True)
    competent_department = models.ForeignKey(
        Organization,
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        related_name="supervised_sectors",
        null=True,
        blank=True,
    )
    sort = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("公共企事业单位领域")
        verbose_name_plural = _("公共企事业单位领域")

    def __str__(self) -> str:
        return self.name


class UnitSector(models.Model):
    """The sector a public enterprise or institution belongs to (one each)."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("公共企事业单位"),
        on_delete=models.CASCADE,
        related_name="unit_sector",
        limit_choices_to=ENTERPRISES_ONLY,
    )
    sector = models.ForeignKey(Sector, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="units")

    class Meta:
        verbose_name = _("单位所属领域")
        verbose_name_plural = _("单位所属领域")

    def __str__(self) -> str:
        return f"{self.organization.display_name}：{self.sector.name}"


class ComplaintState(models.TextChoices):
    OPEN = "open", _("办理中")
    ANSWERED = "answered", _("已答复")


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", _("申诉成立，已责令整改")
    PARTLY = "partly", _("申诉部分成立，已责令整改")
    REJECTED = "rejected", _("申诉不成立")


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def open(self) -> ComplaintQuerySet:
        return self.filter(state=ComplaintState.OPEN)

    def overdue(self, *, on: date) -> ComplaintQuerySet:
        """Open past their last day to answer; on the last day itself a complaint is not overdue."""
        return self.open().filter(due_on__lt=on)


class Complaint(models.Model):
    """A complaint (申诉) from the public about what a unit discloses, which its competent
    department investigates and answers (国办发〔2020〕50号; RULES §3.5).

    The complainant's name and contacts are seen only by the competent department; the portal
    shows the state and the answer to whoever holds the `token` link.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("被申诉单位"),
        on_delete=models.PROTECT,
        related_name="disclosure_complaints",
        limit_choices_to=ENTERPRISES_ONLY,
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("办理部门（主管部门）"),
        on_delete=models.PROTECT,
        related_name="received_disclosure_complaints",
    )
    number = models.CharField(_("申诉编号"), max_length=32, unique=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("申诉人"), max_length=100)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    subject = models.CharField(_("申诉事项"), max_length=200)
    body = models.TextField(_("申诉内容"))
    received_on = models.DateField(_("收到日期"))
    due_on = models.DateField(_("答复期限"))
    # RULES §1: the period runs into a year whose holiday schedule is not loaded yet ("（暂定）").
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    state = models.CharField(
        _("状态"), max_length=16, choices=ComplaintState.choices, default=ComplaintState.OPEN
    )
    outcome = models.CharField(_("调查结果"), max_length=16, choices=ComplaintOutcome.choices, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["state", "due_on"], name="directory_complaint_due")]
        verbose_name = _("公开申诉")
        verbose_name_plural = _("公开申诉")

    def __str__(self) -> str:
        return f"{self.number} {self.organization.display_name}"
