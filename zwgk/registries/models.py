"""Structured disclosure registries (issue 22): base-level standard catalogues (RULES §3.4) and
power and responsibility lists with the market-access negative list (seed 四(二), 一 总体目标).

Standard catalogue items with `organization` unset form the province-wide common catalogue: the
template districts adopt (copy, keeping a link) and extend (decision 0024).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization


class Area(models.Model):
    """One of the standard areas (试点领域). Editable data: local catalogues rename and merge
    areas (RULES §3.4), so the 26 commonly cited ones are seeded, not hard-coded."""

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("领域名称"), max_length=100, unique=True)
    sort = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("标准目录领域")
        verbose_name_plural = _("标准目录领域")

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """公开渠道和载体: the checklist of RULES §3.4, in its order."""

    WEBSITE = "website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    NEW_MEDIA = "new_media", _("两微一端")
    PRESS = "press", _("发布会/听证会")
    BROADCAST = "broadcast", _("广播电视")
    PAPER = "paper", _("纸质媒体")
    READING_POINT = "reading_point", _("公开查阅点")
    SERVICE_CENTRE = "service_centre", _("政务服务中心")
    SERVICE_STATION = "service_station", _("便民服务站")
    DOOR_TO_DOOR = "door_to_door", _("入户/现场")
    NOTICE_BOARD = "notice_board", _("社区/企事业单位/村公示栏（电子屏）")
    TARGETED = "targeted", _("精准推送")
    OTHER = "other", _("其他")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("全社会")
    SPECIFIC = "specific", _("特定群体")


class Method(models.TextChoices):
    PROACTIVE = "proactive", _("主动")
    ON_APPLICATION = "on_application", _("依申请")


class Tier(models.TextChoices):
    """公开层级: which level of government publishes the item."""

    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")


class StandardItem(models.Model):
    """One row of a standard catalogue: what is published, on what basis, by when, by whom, where."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("编制单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="standard_items",
        help_text=_("空：全省通用目录（模板）"),
    )
    area = models.ForeignKey(Area, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="items")
    template = models.ForeignKey(
        "self",
        verbose_name=_("通用目录事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    level1 = models.CharField(_("一级事项"), max_length=200)
    level2 = models.CharField(_("二级事项"), max_length=200)
    content = models.TextField(_("公开内容（要素）"))
    legal_basis = models.TextField(_("公开依据"))
    time_limit = models.CharField(_("公开时限"), max_length=300)
    # The time limit as a number the unfulfilled-item report can count; None for limits that
    # are not a count of working days (e.g. "常态公开").
    time_limit_workdays = models.PositiveIntegerField(_("公开时限（工作日）"), null=True, blank=True)
    responsible = models.CharField(_("公开主体"), max_length=300)
    channels = models.JSONField(_("公开渠道和载体"), default=list)
    audience = models.CharField(_("公开对象"), max_length=16, choices=Audience.choices)
    method = models.CharField(_("公开方式"), max_length=16, choices=Method.choices)
    tiers = models.JSONField(_("公开层级"), default=list)
    # The day the time limit counts from (the information's formation, or the catalogue's entry
    # into force for standing items).
    effective_on = models.DateField(_("起算日期"), null=True, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=100)
    documents = models.ManyToManyField(
        "catalog.Document", verbose_name=_("已公开信息"), blank=True, related_name="standard_items"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area__sort", "sort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "area", "level1", "level2"],
                name="registries_item_unique_per_org",
                condition=models.Q(organization__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["area", "level1", "level2"],
                name="registries_item_unique_common",
                condition=models.Q(organization__isnull=True),
            ),
        ]
        verbose_name = _("标准目录事项")
        verbose_name_plural = _("标准目录事项")

    def __str__(self) -> str:
        return f"{self.area.name} {self.level1}/{self.level2}"


class PowerKind(models.TextChoices):
    """权责清单事项类型: the ten types of the issue (seed 四(二))."""

    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("调整中")
    PUBLISHED = "published", _("已发布")


class PowerListVersion(models.Model):
    """One version of an agency's 权责清单. The public sees the latest published version; a
    dynamic adjustment is a draft copied from it, edited, then published as the next number."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="power_list_versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    state = models.CharField(
        _("状态"), max_length=16, choices=VersionState.choices, default=VersionState.DRAFT
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    note = models.CharField(_("调整说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="registries_power_version_unique"
            ),
            # One adjustment at a time: two drafts would each claim to be the next version.
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(state="draft"),
                name="registries_power_one_draft",
            ),
        ]
        verbose_name = _("权责清单版本")
        verbose_name_plural = _("权责清单版本")

    def __str__(self) -> str:
        return f"{self.organization.display_name} 权责清单 第{self.number}版"


class PowerItem(models.Model):
    version = models.ForeignKey(
        PowerListVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("事项编码"), max_length=64)
    kind = models.CharField(_("事项类型"), max_length=16, choices=PowerKind.choices)
    name = models.CharField(_("事项名称"), max_length=300)
    sub_item = models.CharField(_("子项"), max_length=300, blank=True)
    legal_basis = models.TextField(_("设定依据"))
    responsible_unit = models.CharField(_("实施主体（承办机构）"), max_length=300)
    accountability = models.TextField(_("责任事项与追责情形"))
    note = models.CharField(_("备注"), max_length=500, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["version", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="registries_power_item_code")]
        verbose_name = _("权责事项")
        verbose_name_plural = _("权责事项")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class NegativeCategory(models.TextChoices):
    PROHIBITED = "prohibited", _("禁止准入类")
    LICENSED = "licensed", _("许可准入类")


class NegativeListEdition(models.Model):
    """An edition of the national 市场准入负面清单; exactly one is current."""

    title = models.CharField(_("版本名称"), max_length=200, unique=True)
    issued_on = models.DateField(_("发布日期"))
    issuer = models.CharField(_("发布机关"), max_length=200)
    is_current = models.BooleanField(_("现行版本"), default=False)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="registries_one_current_edition",
            )
        ]
        verbose_name = _("市场准入负面清单版本")
        verbose_name_plural = _("市场准入负面清单版本")

    def __str__(self) -> str:
        return self.title


class NegativeListItem(models.Model):
    edition = models.ForeignKey(
        NegativeListEdition, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveIntegerField(_("事项编号"))
    category = models.CharField(_("类别"), max_length=16, choices=NegativeCategory.choices)
    industry = models.CharField(_("行业"), max_length=200)
    title = models.CharField(_("事项名称"), max_length=300)
    measures = models.TextField(_("禁止或许可准入措施描述"))
    city_measures = models.TextField(_("本市实施措施"), blank=True)

    class Meta:
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="registries_negative_number")
        ]
        verbose_name = _("负面清单事项")
        verbose_name_plural = _("负面清单事项")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class NegativeListLink(models.Model):
    """A negative-list item implemented through an agency's licensing item. Linked by the
    item's code, not its row: the agency's list is versioned and the link must survive the
    next version (it resolves to the latest published one)."""

    item = models.ForeignKey(
        NegativeListItem, verbose_name=_("负面清单事项"), on_delete=models.CASCADE, related_name="links"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("实施机关"), on_delete=models.CASCADE, related_name="negative_list_links"
    )
    power_code = models.CharField(_("行政许可事项编码"), max_length=64)

    class Meta:
        ordering = ["item", "organization", "power_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organization", "power_code"], name="registries_negative_link"
            )
        ]
        verbose_name = _("负面清单关联许可事项")
        verbose_name_plural = _("负面清单关联许可事项")

    def __str__(self) -> str:
        return f"{self.item.number} → {self.organization_id}:{self.power_code}"


class PlanLevel(models.TextChoices):
    """The level of government (or unit) a plan belongs to."""

    CITY = "city", _("市级")
    COUNTY = "county", _("区市县级")
    TOWNSHIP = "township", _("乡镇（街道）级")
    UNIT = "unit", _("企事业单位")


class EmergencyPlanType(models.Model):
    """A type of emergency plan (总体、专项、部门…) with its evaluation period: the 2024
    突发事件应急预案管理办法 requires periodic evaluation; the period is data, per type."""

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("预案类型"), max_length=100, unique=True)
    review_period_months = models.PositiveIntegerField(_("评估周期（月）"), default=36)
    sort = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("应急预案类型")
        verbose_name_plural = _("应急预案类型")

    def __str__(self) -> str:
        return self.name


class EmergencyPlan(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("编制单位"), on_delete=models.CASCADE, related_name="emergency_plans"
    )
    title = models.CharField(_("预案名称"), max_length=300)
    plan_type = models.ForeignKey(
        EmergencyPlanType, verbose_name=_("预案类型"), on_delete=models.PROTECT, related_name="plans"
    )
    level = models.CharField(_("预案层级"), max_length=16, choices=PlanLevel.choices)
    # The published plan document in the catalogue (its 正文 and attachments).
    document = models.ForeignKey(
        "catalog.Document",
        verbose_name=_("预案文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emergency_plans",
    )
    issued_on = models.DateField(_("印发日期"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "plan_type__sort", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "title"], name="registries_plan_unique_title")
        ]
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")

    def __str__(self) -> str:
        return self.title


class RevisionKind(models.TextChoices):
    ISSUED = "issued", _("印发")
    EVALUATED = "evaluated", _("评估")
    REVISED = "revised", _("修订")


class EmergencyPlanRevision(models.Model):
    """The plan's history: issued, evaluated, revised; appended, never edited."""

    plan = models.ForeignKey(
        EmergencyPlan, verbose_name=_("应急预案"), on_delete=models.CASCADE, related_name="revisions"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=RevisionKind.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    document = models.ForeignKey(
        "catalog.Document",
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-on", "-id"]
        verbose_name = _("应急预案修订记录")
        verbose_name_plural = _("应急预案修订记录")

    def __str__(self) -> str:
        return f"{self.plan} {self.get_kind_display()} {self.on:%Y-%m-%d}"


class ParticipantRole(models.TextChoices):
    """Who took part, by role: the work arrangement 三(三) asks for front-line policy staff."""

    DISCLOSURE_STAFF = "disclosure_staff", _("政务公开工作人员")
    LEADER = "leader", _("分管负责人")
    FRONTLINE = "frontline", _("基层一线政策执行人员")
    NEW_CIVIL_SERVANT = "new_civil_servant", _("初任公务员")
    OTHER = "other", _("其他人员")


class TrainingSession(models.Model):
    """A training session held by the supervising office or an agency (seed 三(三), 八(三))."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("举办单位"), on_delete=models.CASCADE, related_name="training_sessions"
    )
    topic = models.CharField(_("培训主题"), max_length=300)
    held_on = models.DateField(_("培训日期"))
    trainer = models.CharField(_("授课人"), max_length=200)
    material = models.ForeignKey(
        "catalog.Document",
        verbose_name=_("培训材料（已发布信息）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    material_note = models.CharField(_("培训材料说明"), max_length=500, blank=True)
    # Sessions on economic policies (减税降费 …) for the front-line staff who apply them (三(三)).
    economic_policy = models.BooleanField(_("经济政策解读培训"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("培训")
        verbose_name_plural = _("培训")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class TrainingParticipants(models.Model):
    """How many people of one agency and role took part (counts, not names: no personal data)."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("培训"), on_delete=models.CASCADE, related_name="participants"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("参训单位"),
        on_delete=models.CASCADE,
        related_name="training_participants",
    )
    role = models.CharField(_("人员类别"), max_length=32, choices=ParticipantRole.choices)
    count = models.PositiveIntegerField(_("人数"))

    class Meta:
        ordering = ["session", "organization", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organization", "role"], name="registries_participants_unique"
            )
        ]
        verbose_name = _("参训人员")
        verbose_name_plural = _("参训人员")

    def __str__(self) -> str:
        return f"{self.session} {self.organization_id} {self.role} ×{self.count}"
