"""Public participation (issue 23): messages to agencies (政民互动) and consultations on drafts
(意见征集) with their feedback reports. Rows are written only by zwgk.participation.services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization

# Working days to answer a message unless the channel says otherwise; configurable per channel
# (issue 23 item 5: "within a configurable number of working days").
DEFAULT_REPLY_WORKDAYS = 10


class ChannelKind(models.TextChoices):
    # RULES §5.1: the poor-interaction veto reads the consultation (政务咨询) column.
    CONSULTATION = "consultation", _("政务咨询")
    COMPLAINT = "complaint", _("投诉举报")
    SUGGESTION = "suggestion", _("建言献策")


class MessageChannel(models.Model):
    """One agency's message column, optionally the interaction column of a monitored website
    whose messages the platform hosts."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="message_channels"
    )
    kind = models.CharField(_("栏目类型"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("栏目名称"), max_length=100)
    site = models.ForeignKey(
        "monitoring.Site",
        verbose_name=_("所属网站"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="message_channels",
    )
    reply_workdays = models.PositiveSmallIntegerField(_("答复时限（工作日）"), default=DEFAULT_REPLY_WORKDAYS)
    active = models.BooleanField(_("接收留言"), default=True)

    class Meta:
        verbose_name = _("留言栏目")
        verbose_name_plural = _("留言栏目")
        ordering = ["organization__sort_order", "organization__code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"], name="participation_one_channel_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.name}"


class MessageState(models.TextChoices):
    PENDING = "pending", _("办理中")
    ANSWERED = "answered", _("已答复")
    INVALID = "invalid", _("无效留言")


class Message(models.Model):
    channel = models.ForeignKey(MessageChannel, on_delete=models.PROTECT, related_name="messages")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="messages")
    tracking_code = models.CharField(_("查询码"), max_length=14, unique=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("留言内容"))
    # Personal data: shown to the handling agency only, never on a public page or answer.
    name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    publish_allowed = models.BooleanField(_("同意公开"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到日期"))
    due_on = models.DateField(_("答复期限"))
    due_provisional = models.BooleanField(default=False)
    state = models.CharField(
        _("状态"), max_length=20, choices=MessageState.choices, default=MessageState.PENDING
    )
    answer = models.TextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published = models.BooleanField(_("已公开"), default=False)
    invalid_reason = models.CharField(_("无效原因"), max_length=300, blank=True)
    # The sensitive words found on submission (configurable list): staff see them; the public
    # text has them masked.
    screening_hits = models.JSONField(_("敏感词"), default=list, blank=True)

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "received_on"]),
            models.Index(fields=["organization", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"


class AlertKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    VETO_RISK = "veto_risk", _("临近三个月未答复")


class MessageAlert(models.Model):
    """One alert sent for one message: each kind goes once."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("留言提醒")
        verbose_name_plural = _("留言提醒")
        constraints = [models.UniqueConstraint(fields=["message", "kind"], name="participation_alert_once")]

    def __str__(self) -> str:
        return f"{self.message_id} {self.kind}"


class SensitiveWord(models.Model):
    """The screening list, kept by administrators (issue 23 item 5: configurable)."""

    word = models.CharField(_("敏感词"), max_length=50, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


# --- consultations on drafts (意见征集) -----------------------------------------------------------


class DraftKind(models.TextChoices):
    NORMATIVE = "normative", _("行政规范性文件")
    DECISION = "decision", _("重大行政决策")
    OTHER = "other", _("其他政策文件")


class Moderation(models.TextChoices):
    BEFORE = "before", _("先审后发")
    AFTER = "after", _("先发后审")


class ConsultationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    REPORTED = "reported", _("已反馈")


class Consultation(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="consultations")
    title = models.CharField(_("草案名称"), max_length=300)
    kind = models.CharField(_("草案类型"), max_length=20, choices=DraftKind.choices)
    # One paragraph a line: a comment anchors to a paragraph by its number.
    draft_text = models.TextField(_("草案全文"))
    explanation = models.TextField(_("起草说明"))
    opens_on = models.DateField(_("征集开始"), null=True, blank=True)
    closes_on = models.DateField(_("征集截止"), null=True, blank=True)
    short_period_reason = models.TextField(_("征集期限较短的理由"), blank=True)
    moderation = models.CharField(
        _("审核方式"), max_length=10, choices=Moderation.choices, default=Moderation.BEFORE
    )
    state = models.CharField(
        max_length=20, choices=ConsultationState.choices, default=ConsultationState.DRAFT
    )
    final_document = models.ForeignKey(
        "catalog.Document",
        verbose_name=_("正式文件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    feedback_summary = models.TextField(_("意见采纳情况说明"), blank=True)
    reported_on = models.DateField(_("反馈发布日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("征求意见草案")
        verbose_name_plural = _("征求意见草案")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.draft_text.splitlines() if line.strip()]


class CommentState(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("不予发布")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    # None: on the whole draft; else the 1-based paragraph number of `Consultation.paragraphs`.
    paragraph = models.PositiveIntegerField(_("针对段落"), null=True, blank=True)
    body = models.TextField(_("意见内容"))
    name = models.CharField(_("姓名或单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    submitted_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=CommentState.choices, default=CommentState.PENDING)
    moderation_reason = models.CharField(_("审核理由"), max_length=300, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Feedback report: comments grouped under a topic, each with its adoption and reason.
    topic = models.CharField(_("意见归类"), max_length=100, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=20, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation_id}#{self.pk}"


# --- public attendance at meetings (公众列席) ------------------------------------------------------


class Selection(models.TextChoices):
    FIRST_COME = "first_come", _("按报名先后")
    LOTTERY = "lottery", _("公开抽签")


class Meeting(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=200)
    topics = models.TextField(_("议题"))
    starts_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("地点"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("列席名额"))
    registration_closes_at = models.DateTimeField(_("报名截止"))
    selection = models.CharField(_("确定方式"), max_length=20, choices=Selection.choices)
    # The lottery's seed, published with the result: anyone can re-run the draw (rules.draw_lots).
    lottery_seed = models.CharField(_("抽签种子"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("列席情况记录"), blank=True)
    published = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("公众列席会议")
        verbose_name_plural = _("公众列席会议")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class RegistrationState(models.TextChoices):
    REGISTERED = "registered", _("已报名，待抽签")
    SELECTED = "selected", _("已确定列席")
    # First come: registered after the seats were taken; lottery: not drawn. Either way next in
    # line when a selected registrant withdraws (by time, or by the published lottery order).
    WAITLISTED = "waitlisted", _("候补")
    WITHDRAWN = "withdrawn", _("已撤回报名")


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    code = models.CharField(_("报名编号"), max_length=14, unique=True)
    name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    submitted_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=RegistrationState.choices)
    # Whether a withdrawn code was in the lottery's pot: withdrawn before the draw, it was not.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("实际列席"), null=True, blank=True)
    statement = models.TextField(_("发言要点"), blank=True)

    class Meta:
        verbose_name = _("列席报名")
        verbose_name_plural = _("列席报名")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "phone"], name="participation_one_registration_per_phone"
            )
        ]

    def __str__(self) -> str:
        return self.code


# --- online interviews (在线访谈) ------------------------------------------------------------------


class Interview(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="interviews")
    title = models.CharField(_("访谈主题"), max_length=200)
    guests = models.CharField(_("访谈嘉宾"), max_length=300)
    starts_at = models.DateTimeField(_("访谈时间"))
    summary = models.TextField(_("内容简介"))
    policy = models.ForeignKey(
        "catalog.Document",
        verbose_name=_("相关政策"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    interpretation = models.ForeignKey(
        "catalog.Document",
        verbose_name=_("政策解读"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    transcript = models.TextField(_("文字实录"), blank=True)
    media_url = models.URLField(_("音视频地址"), blank=True)
    transcript_published_on = models.DateField(null=True, blank=True)
    # The live session, switched on and off by staff: questions asked during it are live ones;
    # once it ends no more questions are taken.
    live_started_at = models.DateTimeField(_("直播开始"), null=True, blank=True)
    live_ended_at = models.DateTimeField(_("直播结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        return self.live_started_at is not None and self.live_ended_at is None


class QuestionState(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已采用")
    REJECTED = "rejected", _("未采用")


class Question(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    body = models.TextField(_("问题"))
    nickname = models.CharField(_("称呼"), max_length=50, blank=True)
    submitted_at = models.DateTimeField()
    live = models.BooleanField(default=False)  # asked during the interview, not in advance
    state = models.CharField(max_length=20, choices=QuestionState.choices, default=QuestionState.PENDING)
    answer = models.TextField(_("嘉宾回答"), blank=True)
    moderation_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("访谈提问")
        verbose_name_plural = _("访谈提问")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.interview_id}#{self.pk}"


# --- major administrative decisions (重大行政决策, 国务院令第713号) ------------------------------------


class DecisionStage(models.TextChoices):
    # The procedure of 国务院令第713号 in order (第三章 决策草案的形成, 第四章 合法性审查和集体讨论决定
    # 和决策公布, 第五章 决策执行和调整).
    PUBLIC_PARTICIPATION = "public_participation", _("公众参与")
    EXPERT_ARGUMENT = "expert_argument", _("专家论证")
    RISK_ASSESSMENT = "risk_assessment", _("风险评估")
    LEGALITY_REVIEW = "legality_review", _("合法性审查")
    COLLECTIVE_DISCUSSION = "collective_discussion", _("集体讨论决定")
    PUBLICATION = "publication", _("决策公布")
    IMPLEMENTATION = "implementation", _("决策执行")
    POST_EVALUATION = "post_evaluation", _("决策后评估")


class MajorDecision(models.Model):
    """One item of a government's annual list of major decisions (重大行政决策事项目录)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="major_decisions")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("决策事项"), max_length=300)
    responsible_unit = models.CharField(_("承办单位"), max_length=200)
    planned = models.CharField(_("计划完成时间"), max_length=50)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )

    class Meta:
        verbose_name = _("重大行政决策事项")
        verbose_name_plural = _("重大行政决策事项")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title


class StageRecord(models.Model):
    decision = models.ForeignKey(MajorDecision, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=30, choices=DecisionStage.choices)
    on = models.DateField(_("日期"))
    note = models.TextField(_("情况说明"), blank=True)
    document = models.ForeignKey(
        "catalog.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="decision_stages"
    )

    class Meta:
        verbose_name = _("决策环节记录")
        verbose_name_plural = _("决策环节记录")
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "stage"], name="participation_one_record_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.stage}"
