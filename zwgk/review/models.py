from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.organizations.models import Organization


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


class ReviewRequest(models.Model):
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
