"""The Q&A library (咨询答问库, issue 24.3): questions with authoritative answers, each tied to its
source, owned by an agency, reviewed before publishing, read by the portal, the 8890 hotline and
new-media back ends (API.md "Interfaces for systems outside")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zwgk.knowledge.sources import SourceKind
from zwgk.organizations.models import Organization


class EntryState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审签")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤下")


EDITABLE_STATES = frozenset({EntryState.DRAFT, EntryState.RETURNED, EntryState.PUBLISHED})


class Entry(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("答复机构"), on_delete=models.PROTECT, related_name="qa_entries"
    )
    question = models.CharField(_("问题"), max_length=300)
    answer = models.TextField(_("答复"))
    tags = models.JSONField(_("标签"), default=list, blank=True)
    source_kind = models.CharField(_("来源类型"), max_length=20, choices=SourceKind.choices)
    source_id = models.PositiveBigIntegerField(_("来源编号"), null=True, blank=True)
    # For a call: the hotline's own reference (工单号), never the caller's name or number.
    source_reference = models.CharField(_("来源说明"), max_length=100, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=EntryState.choices, default=EntryState.DRAFT, db_index=True
    )
    # The published text: edits to a published entry are a new draft until approved again.
    published_question = models.CharField(_("已发布问题"), max_length=300, blank=True)
    published_answer = models.TextField(_("已发布答复"), blank=True)
    published_tags = models.JSONField(default=list, blank=True)
    # The published text normalised as zwgk.search defines matching (normalise.py), one column
    # per field so that a term never spans two fields: a substring filter is the exact search.
    norm_question = models.TextField(blank=True, editable=False)
    norm_answer = models.TextField(blank=True, editable=False)
    norm_tags = models.TextField(blank=True, editable=False)
    updated_on = models.DateField(_("更新日期"), null=True, blank=True)
    # When the source of a published entry was found no longer standing (`entries_recheck`),
    # and why: the owning agency's to-do until someone edits or retires the entry. Public
    # serving never reads this (it resolves the source itself, at once); only the to-do does.
    lapsed_on = models.DateField(_("来源失效日期"), null=True, blank=True)
    lapsed_because = models.CharField(_("来源失效原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_on", "-id"]
        verbose_name = _("问答")
        verbose_name_plural = _("问答")
        indexes = [models.Index(fields=["state", "organization"], name="knowledge_entry_state_org")]

    def __str__(self) -> str:
        return self.published_question or self.question


class QueryChannel(models.TextChoices):
    PORTAL = "portal", _("门户网站")
    API = "api", _("接口（热线、新媒体）")


class QueryLog(models.Model):
    """One public search (portal, hotline, new media): what is asked most, what finds nothing."""

    normalised = models.CharField(max_length=256, db_index=True)
    organization_code = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16, choices=QueryChannel.choices)
    results = models.PositiveIntegerField()
    asked_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("问答检索记录")
        verbose_name_plural = _("问答检索记录")

    def __str__(self) -> str:
        return self.normalised
