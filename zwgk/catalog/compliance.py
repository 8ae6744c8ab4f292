"""The supervising office's compliance rules for published items. Pure: no Django imports.

Each rule takes the facts and the working-day calendar and says whether there is a breach.
The queries that feed them live in `zwgk.catalog.selectors.compliance_flags_for`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zwgk.core.workdays import Calendar

PUBLISH_WITHIN_WORKDAYS = 20  # Art. 26


class FlagKind(StrEnum):
    """The kinds of compliance flag. The catalogue writes them; the supervision dashboard, the
    assessment and the API read them by these members, never by spelling the values (issue 20
    item 1: readers once looked for names the catalogue never wrote and counted nothing)."""

    LATE_PUBLICATION = "late_publication"
    INTERPRETATION_MISSING = "interpretation_missing"
    INTERPRETATION_LATE = "interpretation_late"
    TOPIC_PLACED_LATE = "topic_placed_late"
    TOPIC_NOT_PLACED = "topic_not_placed"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]

    @property
    def about_topic_column(self) -> bool:
        return self in (FlagKind.TOPIC_PLACED_LATE, FlagKind.TOPIC_NOT_PLACED)


FLAG_LABELS: dict[FlagKind, str] = {
    FlagKind.LATE_PUBLICATION: "超过20个工作日公开",
    FlagKind.INTERPRETATION_MISSING: "政策文件未发布解读",
    FlagKind.INTERPRETATION_LATE: "解读晚于政策文件发布",
    FlagKind.TOPIC_PLACED_LATE: "专题栏目上栏超时",
    FlagKind.TOPIC_NOT_PLACED: "应上专题栏目而未上",
}


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    document_id: int
    title: str
    organization: str
    due_on: date | None = None
    actual_on: date | None = None
    detail: str = ""
    related_id: int | None = None  # the interpretation or the topic column
    organization_code: str = ""

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def related_document_id(self) -> int | None:
        """The interpretation a flag points at (topic-column flags point at a column)."""
        return None if self.kind.about_topic_column else self.related_id


def publication_due_on(cal: Calendar, information_dated_on: date) -> date:
    """Last day to publish information created or changed on that day (Art. 26)."""
    return cal.add_workdays(information_dated_on, PUBLISH_WITHIN_WORKDAYS)


def is_published_late(cal: Calendar, information_dated_on: date | None, published_on: date) -> bool:
    if information_dated_on is None:
        return False
    return published_on > publication_due_on(cal, information_dated_on)


def needs_interpretation(*, kind: str, genre_requires: bool) -> bool:
    """Rules and normative documents always; other items when their genre says so."""
    if kind == "interpretation":
        return False
    return genre_requires or kind in {"rule", "normative"}


def interpretation_flag(
    policy_published_on: date, interpretations_published_on: list[date]
) -> FlagKind | None:
    """The seed asks for policy and interpretation to be released together (互为链接)."""
    if not interpretations_published_on:
        return FlagKind.INTERPRETATION_MISSING
    if min(interpretations_published_on) > policy_published_on:
        return FlagKind.INTERPRETATION_LATE
    return None


def topic_placement_due_on(cal: Calendar, published_on: date, deadline_workdays: int) -> date:
    return cal.add_workdays(published_on, deadline_workdays)


def topic_flag(
    cal: Calendar, *, published_on: date, placed_on: date | None, deadline_workdays: int, today: date
) -> FlagKind | None:
    due = topic_placement_due_on(cal, published_on, deadline_workdays)
    if placed_on is None:
        return FlagKind.TOPIC_NOT_PLACED if today > due else None
    return FlagKind.TOPIC_PLACED_LATE if placed_on > due else None


def qualifies_for_topic(
    *,
    title: str,
    keywords: list[str],
    subject_ids: set[int],
    topic_keywords: list[str],
    topic_subject_ids: set[int],
) -> bool:
    if subject_ids & topic_subject_ids:
        return True
    haystack = [title, *keywords]
    return any(k and any(k in h for h in haystack) for k in topic_keywords)
