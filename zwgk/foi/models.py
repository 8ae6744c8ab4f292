"""Applications for disclosure (依申请公开): the case, its append-only timeline, its files.

The timeline (`ApplicationEvent`) holds the facts. The fields of `Application` under "derived"
are copies kept only for queries (the workbench queues, the overdue list, reminders) and are
written by one function, `services.timeline._derive`, every time an event is appended.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.foi.domain.outcomes import OUTCOMES
from zwgk.foi.domain.states import EVENT_LABELS, OPEN_STATES, STATE_LABELS, EventType, State
from zwgk.organizations.models import Organization


class ApplicantType(models.TextChoices):
    # The six columns of table 三 of the annual report (API.md).
    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", _("商业企业")
    RESEARCH_INSTITUTION = "research_institution", _("科研机构")
    PUBLIC_INTEREST_ORGANIZATION = "public_interest_organization", _("社会公益组织")
    LEGAL_SERVICE_INSTITUTION = "legal_service_institution", _("法律服务机构")
    OTHER_ORGANIZATION = "other_organization", _("其他组织")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT_ID = "foreign_permanent_id", _("外国人永久居留身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他证件")


class Channel(models.TextChoices):
    # Art. 31 decides the receipt date per channel (RULES §2.2).
    IN_PERSON = "in_person", _("当面提交")
    POST = "post", _("邮寄（需签收）")
    LETTER = "letter", _("平常信函")
    ONLINE = "online", _("网上申请")
    FAX = "fax", _("传真")


class InfoForm(models.TextChoices):
    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子数据")
    ANY = "any", _("均可")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    FAX = "fax", _("传真")
    ONLINE = "online", _("网上查看")


STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
EVENT_CHOICES = [(e.value, EVENT_LABELS[e]) for e in EventType]
OUTCOME_CHOICES = [(o.code, f"{o.code} {o.label}") for o in OUTCOMES]


class ApplicationQuerySet(models.QuerySet):
    def open(self) -> ApplicationQuerySet:
        """Received and not closed: the reply clock runs, is paused or is suspended."""
        return self.filter(state__in=[s.value for s in OPEN_STATES])

    def overdue(self, *, on: date) -> ApplicationQuerySet:
        return self.open().filter(due_on__lt=on)

    def due_between(self, *, on: date, until: date) -> ApplicationQuerySet:
        """Due from `on` to `until` (both included), not paused: `clock.is_due_soon` as a query
        when `until` is `clock.due_soon_until(...)`."""
        return self.open().filter(due_on__gte=on, due_on__lte=until, paused=False)


class Application(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="foi_applications"
    )
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    channel = models.CharField(_("申请方式"), max_length=16, choices=Channel.choices)

    # The applicant (Art. 29(1)). Personal data: shown only to the handling agency (masking.py).
    applicant_type = models.CharField(_("申请人类型"), max_length=40, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=200)
    contact_person = models.CharField(_("联系人（法人或其他组织）"), max_length=100, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=32, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    # sha256 of the normalised identity (never the number itself): the same applicant across
    # cases, for the per-item fee count (RULES §2.6) and the grouping of repeated requests.
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)

    # The information sought (Art. 29(2)) and the preferences (Art. 29(3)).
    title = models.CharField(_("所需信息名称"), max_length=300, blank=True)
    doc_no = models.CharField(_("文号"), max_length=100, blank=True)
    description = models.TextField(_("所需信息的内容描述"))
    purpose = models.TextField(_("用途"), blank=True)
    info_form = models.CharField(_("获取信息的载体形式"), max_length=16, choices=InfoForm.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=16, choices=Delivery.choices)

    submitted_at = models.DateTimeField(_("网上提交时间"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_cases",
    )
    imported = models.BooleanField(_("历史案件导入"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # --- derived from the timeline, for queries only (module docstring) -------------------
    state = models.CharField(_("状态"), max_length=24, choices=STATE_CHOICES, db_index=True)
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    paused = models.BooleanField(_("计时暂停"), default=False)
    outcome = models.CharField(_("办理结果"), max_length=8, choices=OUTCOME_CHOICES, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # A calendar change committed and this case's deadline is not recomputed yet (decision 0030):
    # the year changed; set with the change, cleared by the recompute or the next event.
    deadline_recompute_year = models.PositiveSmallIntegerField(
        _("期限待重算（节假日安排调整）"), null=True, blank=True
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["organization", "state", "due_on"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["handler", "state"]),
        ]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    def __str__(self) -> str:
        # Never the applicant: __str__ ends up in audit rows and log lines.
        return f"申请 {self.tracking_code}"

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def is_open(self) -> bool:
        return self.state_enum.is_open


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("the timeline is append-only")

    def delete(self):  # type: ignore[no-untyped-def]
        raise TypeError("the timeline is append-only")


class ApplicationEvent(models.Model):
    """One fact of the timeline. Appended by `services.application_append_event` only."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("序号"))
    type = models.CharField(_("事件"), max_length=32, choices=EVENT_CHOICES)
    on = models.DateField(_("日期"))
    # Only the keys the type uses: period_workdays, workdays, reason, party, kind,
    # consultation_id, basis, quantity, amount_yuan, already_counted, outcome, result,
    # after_reconsideration; calendar_recomputed: year, due_on_before, due_on_after.
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    note = models.TextField(_("备注"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["application", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["application", "seq"], name="foi_event_unique_seq"),
        ]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.application_id}#{self.seq} {self.type} {self.on.isoformat()}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise TypeError("the timeline is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError("the timeline is append-only")

    @property
    def label(self) -> str:
        return EVENT_LABELS[EventType(self.type)]

    @property
    def detail(self) -> str:
        from zwgk.foi.event_details import event_detail

        return event_detail(self.type, self.payload)

    @property
    def is_system_note(self) -> bool:
        """Recorded by the platform, not a step of the case (a recomputed deadline)."""
        return self.type == EventType.CALENDAR_RECOMPUTED


class AttachmentKind(models.TextChoices):
    IDENTITY_PROOF = "identity_proof", _("身份证明")
    EVENT = "event", _("办理材料")


class ApplicationAttachment(models.Model):
    """A file of a case: the applicant's identity proof, or a document of one event."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(
        ApplicationEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="foi/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=100)  # sniffed from the bytes
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return self.original_name


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    CONSULTATION_DUE = "consultation_due", _("征求意见答复期限届满")
    FEE_DUE = "fee_due", _("缴费期限届满")
    CORRECTION_OVER = "correction_over", _("补正期限届满")
    SIGNATURE_PENDING = "signature_pending", _("邮寄告知书未登记签收")


class ReminderSent(models.Model):
    """Each reminder goes once: `key` names what it was about (a due date, a consultation)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24, choices=ReminderKind.choices)
    key = models.CharField(max_length=64)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "key"], name="foi_reminder_once"),
        ]
        verbose_name = _("催办提醒")
        verbose_name_plural = _("催办提醒")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.key}"
