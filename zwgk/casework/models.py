"""Casework on applications for disclosure: letters, appeals, the case library, conversions.

Everything here hangs off `foi.Application` and its timeline; nothing duplicates the timeline's
facts (dates, outcomes, appeal results are read from `foi.ApplicationEvent`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.casework.domain.letter_texts import KIND_LABELS, LetterKind
from zwgk.foi.models import OUTCOME_CHOICES, Application, ApplicationEvent
from zwgk.organizations.models import Organization

KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in LetterKind]


class LetterTemplate(models.Model):
    """One version of a letter text. The newest version of a (kind, variant) is in force; before
    anyone edits one, the built-in text of `domain.letter_texts` is (version 0)."""

    kind = models.CharField(_("文书类型"), max_length=32, choices=KIND_CHOICES)
    variant = models.CharField(_("适用情形"), max_length=16, blank=True)
    version = models.PositiveIntegerField(_("版本"))
    body = models.TextField(_("正文模板"))
    note = models.CharField(_("修改说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "variant", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "variant", "version"], name="casework_template_version")
        ]
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")

    def __str__(self) -> str:
        return f"{self.kind}/{self.variant} v{self.version}"


class LetterState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("审签中")
    APPROVED = "approved", _("已审签")
    ISSUED = "issued", _("已发出")


class Letter(models.Model):
    """A letter of one case. Issued = signed off and its step recorded in the timeline; only then
    does the applicant see it (tracking page, e-mail)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="letters")
    event = models.OneToOneField(
        ApplicationEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="letter"
    )
    kind = models.CharField(_("文书类型"), max_length=32, choices=KIND_CHOICES)
    variant = models.CharField(_("适用情形"), max_length=16, blank=True)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    template_version = models.PositiveIntegerField(_("模板版本"), default=0)
    state = models.CharField(
        _("状态"), max_length=16, choices=LetterState.choices, default=LetterState.DRAFT, db_index=True
    )
    letter_date = models.DateField(_("落款日期"))
    docx = models.FileField(_("Word文件"), upload_to="letters/%Y/%m/", blank=True)
    pdf = models.FileField(_("PDF文件"), upload_to="letters/%Y/%m/", blank=True)
    issued_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = _("办理文书")
        verbose_name_plural = _("办理文书")

    def __str__(self) -> str:
        # Never the applicant: __str__ lands in audit rows.
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def kind_enum(self) -> LetterKind:
        return LetterKind(self.kind)

    @property
    def outcome(self) -> str:
        return self.variant if self.kind in (LetterKind.REPLY, LetterKind.REREPLY) else ""

    @property
    def editable(self) -> bool:
        return self.state == LetterState.DRAFT


class AppealKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION = "litigation", _("行政诉讼")


class AppealRecord(models.Model):
    """The details of one appeal the timeline records (body, case number, documents). Its dates
    and result are those of `filed_event` and `decided_event`: the timeline stays the source."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeal_records")
    kind = models.CharField(_("类型"), max_length=20, choices=AppealKind.choices)
    filed_event = models.OneToOneField(
        ApplicationEvent, on_delete=models.PROTECT, related_name="appeal_filed"
    )
    decided_event = models.OneToOneField(
        ApplicationEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="appeal_decided"
    )
    body_name = models.CharField(_("复议机关或受理法院"), max_length=200, blank=True)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    note = models.TextField(_("备注"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_event__on", "-id"]
        verbose_name = _("复议诉讼")
        verbose_name_plural = _("复议诉讼")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"


class AppealDocument(models.Model):
    appeal = models.ForeignKey(AppealRecord, on_delete=models.PROTECT, related_name="documents")
    label = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to="appeals/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("复议诉讼材料")
        verbose_name_plural = _("复议诉讼材料")

    def __str__(self) -> str:
        return self.label


class LibraryState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    APPROVED = "approved", _("已入库")


class LibraryCase(models.Model):
    """An anonymised guidance case (案例库). Staff of every agency search approved cases; the
    office may also publish one on the portal (`public`)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="library_cases")
    source = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="library_case"
    )
    title = models.CharField(_("案例标题"), max_length=200)
    request_summary = models.TextField(_("申请内容（已脱敏）"))
    reasoning = models.TextField(_("答复要点及理由（已脱敏）"))
    outcome = models.CharField(_("办理结果"), max_length=8, choices=OUTCOME_CHOICES)
    grounds = models.JSONField(_("依据标签"), default=list, blank=True)
    tags = models.CharField(_("其他标签"), max_length=200, blank=True)
    year = models.PositiveIntegerField(_("年度"))
    state = models.CharField(
        _("状态"), max_length=16, choices=LibraryState.choices, default=LibraryState.DRAFT, db_index=True
    )
    public = models.BooleanField(_("在门户网站公布"), default=False)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    features = models.JSONField(default=list, editable=False)  # similarity.features of the request
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("依申请公开案例")
        verbose_name_plural = _("依申请公开案例")

    def __str__(self) -> str:
        return self.title


class GroupState(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认，建议转主动公开")
    DISMISSED = "dismissed", _("不属于同一信息")
    CONVERTED = "converted", _("已转主动公开")


class ConversionGroup(models.Model):
    """Applications by different applicants for the same information (Art. 44), as the platform
    proposes them; staff confirm or dismiss."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="conversion_groups")
    title = models.CharField(_("信息名称"), max_length=300)
    members = models.ManyToManyField(Application, related_name="conversion_groups")
    signature = models.CharField(max_length=500)  # sorted member ids: the same group is proposed once
    similarity = models.FloatField(_("相似度"), default=0)
    state = models.CharField(
        _("状态"), max_length=16, choices=GroupState.choices, default=GroupState.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "signature"], name="casework_group_once")
        ]
        verbose_name = _("同一信息申请组")
        verbose_name_plural = _("同一信息申请组")

    def __str__(self) -> str:
        return self.title


class Conversion(models.Model):
    """One conversion to proactive disclosure (Art. 44): the catalogue draft it created."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="conversions")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="conversions"
    )
    group = models.ForeignKey(
        ConversionGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="conversions"
    )
    document = models.OneToOneField("catalog.Document", on_delete=models.PROTECT, related_name="conversion")
    year = models.PositiveIntegerField(_("年度"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("依申请公开转主动公开")
        verbose_name_plural = _("依申请公开转主动公开")

    def __str__(self) -> str:
        return f"转主动公开 #{self.pk}"


class JointStudy(models.Model):
    """A joint study (会商) of a difficult application (2020 work arrangement 五(三)).

    The handling agency marks the case difficult and invites units (the justice bureau, the
    secrecy office, the supervising office, departments concerned) to give their opinions.
    Not an Art. 34 consultation: it does not pause the reply clock. The conclusion proposes an
    outcome; the reply recorded on the case is compared with it.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="joint_studies")
    question = models.TextField(_("会商事项"))
    difficulty = models.TextField(_("疑难原因"))
    opened_on = models.DateField(_("发起日期"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion = models.TextField(_("会商结论"), blank=True)
    proposed_outcome = models.CharField(_("建议办理结果"), max_length=8, choices=OUTCOME_CHOICES, blank=True)
    concluded_on = models.DateField(_("结论日期"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("申请办理会商")
        verbose_name_plural = _("申请办理会商")

    def __str__(self) -> str:
        # Never the applicant: __str__ lands in audit rows.
        return f"会商 #{self.pk}"

    @property
    def concluded(self) -> bool:
        return self.concluded_on is not None


class JointStudyInvitation(models.Model):
    """One invited unit of a joint study, and the opinion its staff recorded."""

    study = models.ForeignKey(JointStudy, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="joint_studies")
    opinion = models.TextField(_("意见"), blank=True)
    answered_on = models.DateField(_("提出意见日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "organization"], name="casework_joint_study_unit_once"),
        ]
        verbose_name = _("会商单位")
        verbose_name_plural = _("会商单位")

    def __str__(self) -> str:
        return f"会商 #{self.study_id} {self.organization_id}"

    @property
    def answered(self) -> bool:
        return self.answered_on is not None
