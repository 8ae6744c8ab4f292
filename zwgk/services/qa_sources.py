"""Service guides as a source of Q&A entries (issue 24.3, decision 0028).

An entry drawn from a guide stands while the guide has a published version; the link is the
guide's public page. A guide without a published version (never approved, or taken back) no
longer backs an answer the hotline reads out.
"""

from __future__ import annotations

from zwgk.knowledge.sources import Resolution, SourceKind, register_resolver
from zwgk.services.models import Guide


def resolve_guides(ids: list[int]) -> dict[int, Resolution]:
    out = {}
    for guide in Guide.objects.filter(pk__in=ids).select_related("published"):
        if guide.published is None:
            out[guide.pk] = Resolution(url=None, current=False, expired_because="来源办事指南已不再公开")
        else:
            out[guide.pk] = Resolution(url=guide.get_absolute_url(), current=True)
    return out


def register() -> None:
    register_resolver(SourceKind.GUIDE, resolve_guides)
