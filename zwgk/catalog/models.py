"""The unified resource library (RULES §3): items, their taxonomies, columns and lifecycle.

Taxonomies (Subject, Genre, Art20Category, Column) are data that administrators edit. Every
change of a Document goes through `zwgk.catalog.services`; nothing here writes `state`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization

SUMMARY_MAX_CHARS = 100  # RULES §3.3: 内容概述 ≤ 100 characters


# --- taxonomies -----------------------------------------------------------------------------
class Subject(models.Model):
    """主题分类: two levels (the State Council's subject scheme, edited as data)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "主题分类只有两级。"})


class Genre(models.Model):
    """体裁/文种 (通知, 意见, 办法 …); some genres need an interpretation when published."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    requires_interpretation = models.BooleanField(_("须同步发布政策解读"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("体裁（文种）")
        verbose_name_plural = _("体裁（文种）")

    def __str__(self) -> str:
        return self.name


class Art20Category(models.Model):
    """The statutory items every agency must publish (Art. 20 items 1–15, Art. 21 additions)."""

    code = models.CharField(_("代码"), max_length=16, unique=True)  # "20.1" … "20.15", "21.1" …
    name = models.CharField(_("名称"), max_length=200)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    # The completeness report (decision 0025): an in-force item published within this many days
    # counts as current; empty: any in-force item does (regulations stay current until repealed).
    current_within_days = models.PositiveIntegerField(_("时效（天）"), null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("法定主动公开内容类别")
        verbose_name_plural = _("法定主动公开内容类别")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Art20Applicability(models.Model):
    """One cell of the completeness matrix: agencies of `org_kind` must publish `category`
    (RULES §3.1; "法定主动公开内容全部公开到位"). Data that administrators edit."""

    category = models.ForeignKey(
        Art20Category,
        verbose_name=_("法定主动公开内容类别"),
        on_delete=models.CASCADE,
        related_name="applicability",
    )
    org_kind = models.CharField(_("机构类型"), max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "org_kind"], name="catalog_art20_applicability_unique"
            )
        ]
        verbose_name = _("法定主动公开内容适用范围")
        verbose_name_plural = _("法定主动公开内容适用范围")

    def __str__(self) -> str:
        return f"{self.category.code} {self.org_kind}"


class ColumnKind(models.TextChoices):
    ROOT = "root", _("政府信息公开")
    GUIDE = "guide", _("政府信息公开指南")
    SYSTEM = "system", _("政府信息公开制度")
    STATUTORY = "statutory", _("法定主动公开内容")
    STATUTORY_ITEM = "statutory_item", _("法定主动公开内容（分项）")
    ANNUAL_REPORT = "annual_report", _("政府信息公开年报")
    CUSTOM = "custom", _("自设栏目")
    TOPIC = "topic", _("专题栏目")


class Column(models.Model):
    """A column of the disclosure platform: an agency's standard sub-columns and own columns, or a
    topic column across agencies (organization empty) with a placement deadline."""

    code = models.CharField(_("代码"), max_length=100, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=ColumnKind.choices, default=ColumnKind.CUSTOM)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="columns",
        help_text=_("专题栏目留空（跨机构）"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    art20_category = models.ForeignKey(
        Art20Category, verbose_name=_("对应法定公开类别"), null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.TextField(_("说明"), blank=True)
    # Topic columns (e.g. 六稳六保): new qualifying items must appear within N working days.
    deadline_workdays = models.PositiveSmallIntegerField(_("上栏时限（工作日）"), null=True, blank=True)
    rule_from = models.DateField(_("时限规则起算日期"), null=True, blank=True)
    qualifying_keywords = models.JSONField(
        _("适用关键词"), default=list, blank=True, help_text=_("标题或关键词含其一的新发布信息须上此栏目")
    )
    qualifying_subjects = models.ManyToManyField(
        Subject, verbose_name=_("适用主题分类"), blank=True, related_name="+"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def __str__(self) -> str:
        return self.name

    @property
    def is_topic(self) -> bool:
        return self.kind == ColumnKind.TOPIC


# --- documents ------------------------------------------------------------------------------
class DocumentState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审签")
    APPROVED = "approved", _("已审签")
    RETURNED = "returned", _("已退回")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", _("地方性法规")
    RULE = "rule", _("政府规章")
    NORMATIVE = "normative", _("行政规范性文件")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    PLAN = "plan", _("规划计划")
    EMERGENCY_PLAN = "emergency_plan", _("应急预案")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class DisclosureMethod(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    VIDEO = "video", _("视频解读")
    QA = "qa", _("问答")


class DocumentQuerySet(models.QuerySet):
    def published(self) -> DocumentQuerySet:
        return self.filter(state=DocumentState.PUBLISHED)

    def in_organizations(self, organizations: models.QuerySet) -> DocumentQuerySet:
        return self.filter(organization__in=organizations)

    def newest_first(self) -> DocumentQuerySet:
        return self.order_by("-published_on", "-published_at", "-id")


class Document(models.Model):
    """One catalogue item (RULES §3.3). `validity` is derived from `lifecycle_events` and written
    only by the lifecycle service; `index_no` is allocated on first publication."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="documents"
    )
    co_issuers = models.ManyToManyField(
        Organization, verbose_name=_("联合发文机构"), blank=True, related_name="co_issued_documents"
    )
    index_no = models.CharField(_("索引号"), max_length=80, null=True, blank=True, unique=True)
    index_year = models.PositiveSmallIntegerField(_("索引号年度"), null=True, blank=True)
    index_serial = models.PositiveIntegerField(_("索引号流水号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    doc_no = models.CharField(_("发文字号"), max_length=100, blank=True)
    signed_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    kind = models.CharField(
        _("文件类别"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    genre = models.ForeignKey(
        Genre,
        verbose_name=_("体裁（文种）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subjects = models.ManyToManyField(
        Subject, verbose_name=_("主题分类"), blank=True, related_name="documents"
    )
    art20_categories = models.ManyToManyField(
        Art20Category, verbose_name=_("法定主动公开内容类别"), blank=True, related_name="documents"
    )
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    columns = models.ManyToManyField(
        Column, verbose_name=_("栏目"), through="ColumnPlacement", blank=True, related_name="documents"
    )
    disclosure_method = models.CharField(
        _("公开方式"), max_length=16, choices=DisclosureMethod.choices, default=DisclosureMethod.PROACTIVE
    )
    disclosure_scope = models.CharField(_("公开范围"), max_length=100, default="面向全社会", blank=True)
    summary = models.CharField(_("内容概述"), max_length=SUMMARY_MAX_CHARS, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    body = models.TextField(_("正文"), blank=True)  # sanitised HTML (zwgk.catalog.html)
    state = models.CharField(
        _("状态"), max_length=16, choices=DocumentState.choices, default=DocumentState.DRAFT, db_index=True
    )
    validity = models.CharField(
        _("有效性"), max_length=16, choices=Validity.choices, default=Validity.IN_FORCE, db_index=True
    )
    # Art. 26: publish within 20 working days of the information being created or changed.
    information_created_on = models.DateField(_("信息形成日期"), null=True, blank=True)
    information_changed_on = models.DateField(_("信息变更日期"), null=True, blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("所解读的政策文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    interpretation_form = models.CharField(
        _("解读形式"), max_length=16, choices=InterpretationForm.choices, blank=True
    )
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        indexes = [
            models.Index(fields=["state", "-published_on"], name="catalog_doc_state_pub"),
            models.Index(fields=["organization", "state"], name="catalog_doc_org_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "index_year", "index_serial"],
                condition=Q(index_serial__isnull=False),
                name="catalog_index_serial_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The portal owns the page; until it registers `portal:document_detail` the path is fixed.
        try:
            return reverse("portal:document_detail", args=[self.pk])
        except NoReverseMatch:
            return f"/documents/{self.pk}/"

    @property
    def is_public(self) -> bool:
        return self.state == DocumentState.PUBLISHED

    @property
    def information_dated_on(self):  # type: ignore[no-untyped-def]
        """The date the Art. 26 clock starts: the latest of created/changed."""
        dates = [d for d in (self.information_created_on, self.information_changed_on) if d]
        return max(dates) if dates else None


class IndexCounter(models.Model):
    """The last index-number serial given per agency and year; locked while publishing."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="catalog_index_counter_unique")
        ]
        verbose_name = _("索引号计数器")
        verbose_name_plural = _("索引号计数器")

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_serial}"


class LifecycleKind(models.TextChoices):
    AMENDED = "amended", _("被修改")
    REPEALED = "repealed", _("被废止")
    EXPIRED = "expired", _("失效")


class LifecycleEvent(models.Model):
    """One fact in a rule's or normative document's life (立改废): what happened to `document`,
    when, and which document did it (`by`). Validity is derived from these rows."""

    document = models.ForeignKey(
        Document, verbose_name=_("文件"), on_delete=models.CASCADE, related_name="lifecycle_events"
    )
    kind = models.CharField(_("事项"), max_length=16, choices=LifecycleKind.choices)
    on = models.DateField(_("日期"), null=True, blank=True)
    by = models.ForeignKey(
        Document,
        verbose_name=_("依据文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caused_lifecycle_events",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("立改废记录")
        verbose_name_plural = _("立改废记录")

    def __str__(self) -> str:
        return f"{self.document} {self.get_kind_display()} {self.on or ''}"


class ColumnPlacement(models.Model):
    """An item shown in a column (统一调用: one item, many columns, never copied).

    `placed_on` is the day it became visible there: the publication day for placements made on a
    draft, otherwise the day of placing. Topic-column deadlines are measured against it.
    """

    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), on_delete=models.CASCADE, related_name="placements"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="placements"
    )
    placed_on = models.DateField(_("上栏日期"), null=True, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.IntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "-placed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["column", "document"], name="catalog_placement_unique")
        ]
        verbose_name = _("栏目上栏")
        verbose_name_plural = _("栏目上栏")

    def __str__(self) -> str:
        return f"{self.column} ← {self.document}"


class ScanStatus(models.TextChoices):
    NOT_SCANNED = "not_scanned", _("未查毒")
    CLEAN = "clean", _("未发现病毒")


class Attachment(models.Model):
    """An uploaded file of an item: type sniffed from its bytes, never served inline."""

    document = models.ForeignKey(
        Document, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/", max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    file_type = models.CharField(_("文件类型"), max_length=10)  # pdf, doc, docx, xls, xlsx, png, jpg, gif
    content_type = models.CharField(_("MIME 类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    scan_status = models.CharField(
        _("查毒"), max_length=16, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED
    )
    scan_detail = models.CharField(_("查毒说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    sort_order = models.IntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name
