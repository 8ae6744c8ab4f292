from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    DISTRICT = "district", _("区市县")
    DEVELOPMENT_ZONE = "development_zone", _("先导区")
    OFFICE = "office", _("议事协调机构")
    PUBLIC_ENTERPRISE = "public_enterprise", _("公共企事业单位")


class OrgNature(models.TextChoices):
    """What kind of body an agency is, which group phrases of a work arrangement name it
    ("市政府各部门" the government's administrative departments, "各直属单位" its directly
    affiliated public institutions; Party organs such as 市委编办 only where named)."""

    ADMINISTRATIVE = "administrative", _("行政机关")
    INSTITUTION = "institution", _("直属事业单位")
    PARTY = "party", _("党委工作机关")


class Role(models.TextChoices):
    EDITOR = "editor", _("信息员")
    REVIEWER = "reviewer", _("审签人")
    HANDLER = "handler", _("依申请经办人")
    OFFICE_HEAD = "office_head", _("公开工作机构负责人")
    SUPERVISOR = "supervisor", _("公开办（监督）")
    ADMIN = "admin", _("平台管理员")
    # Sign-off chains (审签流程, decision 0016): the posts offices route a draft through.
    SECTION_HEAD = "section_head", _("科室负责人")
    DEPUTY_LEADER = "deputy_leader", _("分管领导")
    PRINCIPAL = "principal", _("主要负责人")
    SECRECY_REVIEWER = "secrecy_reviewer", _("保密审查员")
    # Issue 24: 8890 hotline staff propose Q&A entries from calls (zwgk.knowledge), nothing else.
    HOTLINE = "hotline", _("热线工作人员")
    # The service system of record (政务服务系统, issue 24): an account that only pushes case
    # milestones through the API (decision 0027); it reads and changes nothing else.
    SERVICE_SYSTEM = "service_system", _("政务服务系统（接口账号）")


# Accounts of other systems (decision 0027): they call their own endpoints and are not staff, so
# they see no agency's internal records and no back-office page.
INTERFACE_ROLES = frozenset({Role.SERVICE_SYSTEM})
STAFF_ROLES = tuple(r for r in Role.values if r not in INTERFACE_ROLES)


class OrganizationQuerySet(models.QuerySet):
    def subtree_of(self, org: "Organization") -> "OrganizationQuerySet":
        return self.filter(path__startswith=org.path)


class Organization(models.Model):
    """An agency: the city government, its departments, districts, zones, public enterprises."""

    code = models.SlugField(_("机构代码"), max_length=64, unique=True)
    name = models.CharField(_("全称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised "/dl/dl-sfj/" path: subtree queries for supervisors without recursion.
    path = models.CharField(max_length=500, editable=False, db_index=True, default="")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    vertically_managed = models.BooleanField(_("垂直管理"), default=False)
    nature = models.CharField(
        _("机关性质"), max_length=20, choices=OrgNature.choices, default=OrgNature.ADMINISTRATIVE
    )
    # Vertically managed departments file their responsible leader with this superior (seed 八(一)).
    superior = models.ForeignKey(
        "self",
        verbose_name=_("垂直管理上级机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vertical_units",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    # The guide's contact block (RULES §3.2).
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=200, blank=True)
    office_address = models.CharField(_("办公地址"), max_length=300, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    office_fax = models.CharField(_("传真"), max_length=50, blank=True)
    office_email = models.EmailField(_("电子邮箱"), blank=True)
    office_postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    website = models.URLField(_("网站"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"


class ResponsibleLeader(models.Model):
    """The leader responsible for disclosure work, filed with the supervising office (seed 八(一))."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="leader_filings"
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    filed_on = models.DateField(_("备案日期"))
    filed_with = models.ForeignKey(
        Organization,
        verbose_name=_("备案机关"),
        on_delete=models.PROTECT,
        related_name="received_leader_filings",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "-filed_on", "-id"]
        verbose_name = _("分管负责人备案")
        verbose_name_plural = _("分管负责人备案")

    def __str__(self) -> str:
        return f"{self.organization.display_name} {self.name}（{self.post}）"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")
        ]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization.display_name}: {self.get_role_display()}"


class AgencyProfile(models.Model):
    """One version of an agency's functions and structure (机构职能; Art. 20 item 2, RULES §3.1):
    functions, internal units, leaders, address, hours, contacts. Every change adds a version;
    the latest is the one published. Kept by the agency's own staff."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="profiles"
    )
    version = models.PositiveIntegerField(_("版本"))
    functions = models.TextField(_("主要职责"))
    # [{"name": "办公室", "duties": "负责机关日常运转…"}]
    internal_units = models.JSONField(_("内设机构"), default=list, blank=True)
    # [{"name": "王某某", "post": "局长", "duties": "主持全面工作"}]
    leaders = models.JSONField(_("领导信息"), default=list, blank=True)
    address = models.CharField(_("办公地址"), max_length=300, blank=True)
    hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=100, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["organization", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="organizations_profile_version")
        ]
        verbose_name = _("机构职能")
        verbose_name_plural = _("机构职能")

    def __str__(self) -> str:
        return f"{self.organization.display_name} 第{self.version}版"
