"""Where a Q&A entry's answer comes from, and whether that source still stands (issue 24.3).

The kinds are owned here (API.md: `source.kind`); each kind has a resolver registered by the app
that owns the source (`register_resolver` in its AppConfig.ready()): given source ids it says,
per id, the public URL and whether the source is still current, and if not, why. The catalogue's
kinds (document, interpretation) are registered by this app (`catalog_sources`); messages and
service guides register theirs from their own apps. A kind without a resolver, or an id its
resolver does not know (deleted, never published), is not current.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    DOCUMENT = "document", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    MESSAGE = "message", _("留言答复")
    GUIDE = "guide", _("办事指南")
    HOTLINE_CALL = "hotline_call", _("热线来电")


# A call has no public page and no lifecycle: the entry stands on its own review (API.md).
KINDS_WITHOUT_SOURCE_RECORD = frozenset({SourceKind.HOTLINE_CALL})


@dataclass(frozen=True)
class Resolution:
    url: str | None
    current: bool
    expired_because: str = ""


Resolver = Callable[[list[int]], dict[int, Resolution]]

_resolvers: dict[str, Resolver] = {}

UNKNOWN = Resolution(url=None, current=False, expired_because="来源已不存在或未公开")
NOT_REGISTERED = Resolution(url=None, current=False, expired_because="来源类型尚未接入")
STANDING = Resolution(url=None, current=True)


def register_resolver(kind: str, resolver: Resolver) -> None:
    """Called from the owning app's ready(); one resolver per kind."""
    if kind not in SourceKind.values:
        raise ValueError(f"unknown Q&A source kind {kind!r}: add it to zwgk.knowledge.sources.SourceKind")
    if kind in KINDS_WITHOUT_SOURCE_RECORD:
        raise ValueError(f"source kind {kind!r} has no source record to resolve")
    existing = _resolvers.get(kind)
    if existing is not None and existing is not resolver:
        raise ValueError(f"a resolver for Q&A source kind {kind!r} is already registered")
    _resolvers[kind] = resolver


def has_resolver(kind: str) -> bool:
    return kind in _resolvers


def resolve(pairs: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int | None], Resolution]:
    """(kind, id) → Resolution, one resolver call per kind."""
    by_kind: dict[str, set[int]] = {}
    out: dict[tuple[str, int | None], Resolution] = {}
    for kind, source_id in pairs:
        if kind in KINDS_WITHOUT_SOURCE_RECORD:
            out[(kind, source_id)] = STANDING
        elif source_id is None:
            out[(kind, source_id)] = UNKNOWN
        else:
            by_kind.setdefault(kind, set()).add(source_id)
    for kind, ids in by_kind.items():
        resolver = _resolvers.get(kind)
        found = resolver(sorted(ids)) if resolver is not None else {}
        for source_id in ids:
            if resolver is None:
                out[(kind, source_id)] = NOT_REGISTERED
            else:
                out[(kind, source_id)] = found.get(source_id, UNKNOWN)
    return out
