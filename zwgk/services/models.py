"""Service transparency (issue 24, decision 0027): service guides (办事指南) with their versions,
一件事 packages, and the progress of cases pushed by the service system of record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization


class GuideState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    PUBLISHED = "published", _("现行版本")
    SUPERSEDED = "superseded", _("已被新版本替代")
    WITHDRAWN = "withdrawn", _("已停止办理")


# Versions that were the public text for a while: on-time statistics judge a case by the one in
# force on the day it was accepted (`progress.version_in_force`).
EVER_PUBLISHED = (GuideState.PUBLISHED, GuideState.SUPERSEDED, GuideState.WITHDRAWN)


class LimitUnit(models.TextChoices):
    """How a guide counts its time limits; on-time statistics count the same way."""

    WORKDAYS = "workdays", _("个工作日")
    DAYS = "days", _("个自然日")


class KeyElement(models.TextChoices):
    """The inspection's key elements of a guide (国办秘函〔2019〕19号, RULES §5.1: a site whose
    guides lack one of them fails). Owned here; monitoring reads the verdict, not the list."""

    NAME = "name", _("名称")
    BASIS = "basis", _("依据")
    CONDITIONS = "conditions", _("条件")
    MATERIALS = "materials", _("材料")
    PLACE = "place", _("地点")
    TIME = "time", _("时间")
    PHONE = "phone", _("电话")
    PROCEDURE = "procedure", _("流程")


class Guide(models.Model):
    """One service item (政务服务事项) of one agency, identified by its `item_code`; its text
    lives in numbered versions, the public one being `published`."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("实施机构"), on_delete=models.PROTECT, related_name="service_guides"
    )
    item_code = models.CharField(_("事项编码"), max_length=64, unique=True)
    published = models.OneToOneField(
        "GuideVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 停止办理/撤回 (`guides.guide_withdraw`): the guide leaves the portal, its packages show the
    # gap, Q&A entries drawn from it stop being current. A later approved version clears both.
    withdrawn_at = models.DateTimeField(_("停止办理时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("停止办理原因"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__sort_order", "item_code"]
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")

    def __str__(self) -> str:
        version = self.published or self.versions.order_by("-number").first()
        return f"{version.name if version else ''}（{self.item_code}）"

    def get_absolute_url(self) -> str:
        return reverse("portal:service_guide", args=[self.pk])


class GuideVersion(models.Model):
    """The standard elements of a guide as one version states them (versioned: a published
    version is never edited; a change is a new draft that replaces it once approved)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    state = models.CharField(
        _("状态"), max_length=16, choices=GuideState.choices, default=GuideState.DRAFT, db_index=True
    )
    name = models.CharField(_("事项名称"), max_length=200)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)
    procedure = models.TextField(_("办理流程"), blank=True, help_text=_("每行一个环节"))
    statutory_limit = models.PositiveSmallIntegerField(_("法定办结时限"), null=True, blank=True)
    promised_limit = models.PositiveSmallIntegerField(_("承诺办结时限"), null=True, blank=True)
    limit_unit = models.CharField(
        _("时限计算方式"), max_length=16, choices=LimitUnit.choices, default=LimitUnit.WORKDAYS
    )
    fee_standard = models.TextField(_("收费标准"), blank=True, help_text=_("不收费的写“不收费”"))
    fee_basis = models.TextField(_("收费依据"), blank=True)
    window_address = models.TextField(_("办理地点"), blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    online_url = models.URLField(_("网上办理地址"), max_length=500, blank=True)
    contact_phone = models.CharField(_("咨询电话"), max_length=100, blank=True)
    complaint_channel = models.TextField(_("监督投诉渠道"), blank=True)
    faq = models.JSONField(_("常见问题"), default=list, blank=True)  # [{"question", "answer"}]
    # Written by `guides.guide_version_check` on every save, so lists and to-dos filter in SQL.
    missing = models.JSONField(_("缺失要素"), default=list, blank=True)
    complete = models.BooleanField(_("要素齐全"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["guide", "-number"]
        verbose_name = _("办事指南版本")
        verbose_name_plural = _("办事指南版本")
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="services_guide_version_number"),
            # One open draft (or draft in review) per guide: two editors never fork a guide.
            models.UniqueConstraint(
                fields=["guide"],
                condition=models.Q(state__in=["draft", "in_review"]),
                name="services_guide_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"


class MaterialFile(models.Model):
    """An uploaded blank form or filled-in sample of a guide's material, checked like catalogue
    attachments (type sniffed from the bytes, size cap, scan hook) and stored under a name derived
    from its content. Owned by the guide, not by a version: every version of the guide may point
    at it, so a new draft keeps its files without uploading them again."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to="service-guides/%Y/%m/", max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    file_type = models.CharField(_("文件类型"), max_length=10)
    content_type = models.CharField(_("MIME 类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    scan_status = models.CharField(_("查毒"), max_length=16)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["guide", "id"]
        verbose_name = _("材料样表文件")
        verbose_name_plural = _("材料样表文件")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return file_url(self.pk)


def file_url(pk: int) -> str:
    return reverse("portal:service_material_file", args=[pk])


class GuideMaterial(models.Model):
    """One material an applicant hands in. `shared_code` names a material several items ask for
    (身份证, 营业执照 …): a package's combined checklist asks for it once."""

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("材料名称"), max_length=200)
    shared_code = models.SlugField(_("通用材料代码"), max_length=64, blank=True)
    form = models.CharField(_("材料形式"), max_length=50, blank=True, help_text=_("原件、复印件、电子证照…"))
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    required = models.BooleanField(_("必需"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    template_url = models.URLField(_("空白表格"), max_length=500, blank=True)
    sample_url = models.URLField(_("示例样表"), max_length=500, blank=True)
    template_file = models.ForeignKey(
        MaterialFile,
        verbose_name=_("空白表格文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sample_file = models.ForeignKey(
        MaterialFile,
        verbose_name=_("示例样表文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.name

    @property
    def template_href(self) -> str:
        """The uploaded blank form when there is one, else the link (no query: only the id)."""
        return file_url(self.template_file_id) if self.template_file_id else self.template_url

    @property
    def sample_href(self) -> str:
        return file_url(self.sample_file_id) if self.sample_file_id else self.sample_url


class PackageKind(models.TextChoices):
    ONE_THING = "one_thing", _("一件事")
    ONE_CLASS = "one_class", _("一类事")


class Package(models.Model):
    """一件事 / 一类事: items of several agencies bundled into one guide for a life event."""

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(
        _("类型"), max_length=16, choices=PackageKind.choices, default=PackageKind.ONE_THING
    )
    life_event = models.TextField(_("适用情形"), blank=True)
    lead = models.ForeignKey(
        Organization, verbose_name=_("牵头机构"), on_delete=models.PROTECT, related_name="service_packages"
    )
    guides = models.ManyToManyField(Guide, through="PackageItem", related_name="packages")
    public = models.BooleanField(_("已公开"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("一件事套餐")
        verbose_name_plural = _("一件事套餐")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:service_package", args=[self.code])


class PackageItem(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items")
    guide = models.ForeignKey(Guide, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        ordering = ["package", "position"]
        constraints = [
            models.UniqueConstraint(fields=["package", "guide"], name="services_package_guide_once")
        ]

    def __str__(self) -> str:
        return f"{self.package_id}:{self.position}"


class Milestone(models.TextChoices):
    """API.md's milestones, in the order a case passes them (any may be skipped)."""

    RECEIVED = "received", _("已收件")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审查中")
    DECIDED = "decided", _("已办结")
    DELIVERED = "delivered", _("已送达")


MILESTONE_ORDER: dict[str, int] = {m.value: i for i, m in enumerate(Milestone)}


class ProgressCase(models.Model):
    """A case of the service system of record, as far as the public may follow it: its number,
    its item and the milestones; the verification code only as a keyed digest. Nothing
    personal is ever sent here, so nothing personal can leak from here."""

    case_no = models.CharField(_("办件编号"), max_length=64, unique=True)
    guide = models.ForeignKey(Guide, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="cases")
    organization = models.ForeignKey(
        Organization, verbose_name=_("实施机构"), on_delete=models.PROTECT, related_name="service_cases"
    )
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("办件")
        verbose_name_plural = _("办件")

    def __str__(self) -> str:
        return self.case_no


class CaseMilestone(models.Model):
    case = models.ForeignKey(ProgressCase, on_delete=models.CASCADE, related_name="milestones")
    milestone = models.CharField(_("环节"), max_length=16, choices=Milestone.choices)
    on = models.DateField(_("日期"))
    unit = models.CharField(_("办理单位"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "milestone"], name="services_case_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.case.case_no} {self.get_milestone_display()} {self.on:%Y-%m-%d}"
