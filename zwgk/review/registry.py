"""What approval means for each kind of review (Wagtail's workflow tasks, kept small).

Domain apps register their kinds in `AppConfig.ready()`; the review engine calls the hooks inside
its transaction, so the target changes state atomically with the decision. Hooks that have side
effects outside the database schedule them with `transaction.on_commit`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Hook = Callable[[Any, Any], None]  # (review_request, actor) → None


def _nothing(request: Any, actor: Any) -> None:
    return None


@dataclass(frozen=True)
class ReviewKind:
    code: str
    label: str
    on_approve: Hook
    on_return: Hook = _nothing
    on_cancel: Hook = _nothing
    # (code, label) of the document or letter kinds a chain may be set for (decision 0016).
    subkinds: tuple[tuple[str, str], ...] = ()


_kinds: dict[str, ReviewKind] = {}


def register(kind: ReviewKind) -> None:
    existing = _kinds.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"review kind {kind.code!r} is already registered")
    _kinds[kind.code] = kind


def get(code: str) -> ReviewKind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"unknown review kind {code!r}; register it in the owning app's ready()") from None


def label(code: str) -> str:
    kind = _kinds.get(code)
    return kind.label if kind else code


def kinds() -> list[ReviewKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def codes() -> frozenset[str]:
    return frozenset(_kinds)
