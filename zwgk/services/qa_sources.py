"""Service guides as a source of Q&A entries (issue 24.3, decision 0028).

An entry drawn from a guide stands while the guide has a published version; the link is the
guide's public page. A guide without a published version (never approved, or withdrawn: 停止办理)
no longer backs an answer the hotline reads out; a withdrawn one says why.
"""

from __future__ import annotations

from django.utils import timezone

from zwgk.knowledge.sources import Resolution, SourceKind, register_resolver
from zwgk.services.models import Guide


def resolve_guides(ids: list[int]) -> dict[int, Resolution]:
    out = {}
    for guide in Guide.objects.filter(pk__in=ids).select_related("published"):
        if guide.published is None and guide.withdrawn_at is not None:
            out[guide.pk] = Resolution(
                url=guide.get_absolute_url(),
                current=False,
                expired_because=f"来源办事指南已于{timezone.localdate(guide.withdrawn_at):%Y-%m-%d}停止办理："
                f"{guide.withdrawn_reason}",
            )
        elif guide.published is None:
            out[guide.pk] = Resolution(url=None, current=False, expired_because="来源办事指南已不再公开")
        else:
            out[guide.pk] = Resolution(url=guide.get_absolute_url(), current=True)
    return out


def register() -> None:
    register_resolver(SourceKind.GUIDE, resolve_guides)
