from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization, Role


class ReviewState(models.TextChoices):
    PENDING = "pending", _("待审签")
    APPROVED = "approved", _("已审签")
    RETURNED = "returned", _("已退回")
    CANCELLED = "cancelled", _("已撤回")


class ReviewRequestQuerySet(models.QuerySet):
    def pending(self) -> "ReviewRequestQuerySet":
        return self.filter(state=ReviewState.PENDING)

    def for_target(self, target: models.Model) -> "ReviewRequestQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


class Decision(models.Model):
    """Who signed, when, and what they wrote: a request's final decision, and each step's."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审签人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审签时间"), null=True, blank=True)
    comment = models.TextField(_("审签意见"), blank=True)

    class Meta:
        abstract = True


class ReviewRequest(Decision):
    """One request for sign-off (审签) of any object: a catalogue item, later a reply letter.

    The kind names what approval means; `zwgk.review.registry` maps it to the owning app's hooks.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="review_requests"
    )
    kind = models.CharField(_("类型"), max_length=64, db_index=True)
    title = models.CharField(_("标题"), max_length=300)
    state = models.CharField(
        _("状态"), max_length=16, choices=ReviewState.choices, default=ReviewState.PENDING, db_index=True
    )
    note = models.TextField(_("报审说明"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报审人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("报审时间"))
    # Decision 0016: the chain the request follows is copied onto it as `steps` when submitted.
    subkind = models.CharField(_("细分类型"), max_length=64, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The step waiting for a decision (0 and "" once decided): written only by the engine, kept
    # on the row so "waiting for me" is one query.
    current_position = models.PositiveSmallIntegerField(_("当前步骤"), default=0)
    current_role = models.CharField(_("当前审签岗位"), max_length=32, blank=True, db_index=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("审签")
        verbose_name_plural = _("审签")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            # At most one open request per object: two reviewers cannot sign off two versions.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state="pending"),
                name="review_one_pending_per_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"


class StepDecision(models.TextChoices):
    PENDING = "pending", _("待审签")
    APPROVED = "approved", _("同意")
    RETURNED = "returned", _("退回")
    NOT_REACHED = "not_reached", _("未审签")


class SecrecyResult(models.TextChoices):
    """What a 保密审查 step found: 条例第十七条 has each agency review what it will disclose
    under the 《保守国家秘密法》 (审查机制, with its procedure and who is responsible)."""

    NOT_SECRET = "not_secret", _("不涉及国家秘密和工作秘密，可以公开")
    REDACTED = "redacted", _("涉密内容已作区分处理，处理后可以公开")
    SECRET = "secret", _("涉及国家秘密，不得公开")


# A secrecy step may pass an item only with one of these results; SECRET only returns it.
SECRECY_PASS_RESULTS = frozenset({SecrecyResult.NOT_SECRET, SecrecyResult.REDACTED})


class ReviewStep(Decision):
    """One step of one request's chain, with its decision (who, when, what, the secrecy result)."""

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("顺序"))
    role = models.CharField(_("审签岗位"), max_length=32, choices=Role.choices)
    label = models.CharField(_("步骤名称"), max_length=50)
    decision = models.CharField(
        _("审签结果"), max_length=16, choices=StepDecision.choices, default=StepDecision.PENDING
    )
    secrecy_result = models.CharField(
        _("保密审查结论"), max_length=16, choices=SecrecyResult.choices, blank=True
    )

    class Meta:
        ordering = ["request", "position"]
        verbose_name = _("审签步骤")
        verbose_name_plural = _("审签步骤")
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="review_step_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}（{self.get_decision_display()}）"

    @property
    def is_secrecy_review(self) -> bool:
        return self.role == Role.SECRECY_REVIEWER


class SignoffChain(models.Model):
    """A configured chain for one review kind (and optionally one document or letter kind) at
    one agency, or for every agency (`organization` empty). Without one: `chains.DEFAULT_STEPS`."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("机构"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signoff_chains",
    )
    kind = models.CharField(_("审签事项"), max_length=64)
    subkind = models.CharField(_("细分类型"), max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["organization__sort_order", "kind", "subkind"]
        verbose_name = _("审签流程")
        verbose_name_plural = _("审签流程")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "subkind"],
                condition=models.Q(organization__isnull=False),
                name="signoff_chain_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["kind", "subkind"],
                condition=models.Q(organization__isnull=True),
                name="signoff_chain_unique_default",
            ),
        ]

    def __str__(self) -> str:
        # In words: __str__ lands in audit rows, which the back office shows (issue 20 item 8).
        from zwgk.review import registry

        where = self.organization.display_name if self.organization_id else "全部机构"
        subkind = ""
        if self.subkind:
            known = dict(registry.get(self.kind).subkinds) if self.kind in registry.codes() else {}
            subkind = known.get(self.subkind, self.subkind)
        return f"{where} {registry.label(self.kind)} {subkind}".strip()


class SignoffChainStep(models.Model):
    chain = models.ForeignKey(SignoffChain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("顺序"))
    role = models.CharField(_("审签岗位"), max_length=32, choices=Role.choices)
    label = models.CharField(_("步骤名称"), max_length=50)

    class Meta:
        ordering = ["chain", "position"]
        verbose_name = _("审签流程步骤")
        verbose_name_plural = _("审签流程步骤")
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="signoff_chain_step_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"
