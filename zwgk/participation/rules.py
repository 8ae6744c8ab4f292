"""Pure rules of public participation: message deadlines, the three-month interaction veto,
screening and masking of public text, the minimum comment period. No Django imports."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from zwgk.core.workdays import Calendar

# RULES §5.1 (国办秘函〔2019〕19号 单项否决 “互动回应差”): a valid message in a consultation column
# unanswered for more than 3 months, looking back one year.
VETO_MONTHS = 3
VETO_LOOKBACK_MONTHS = 12
# Alerts go "well before three months": a month ahead of the veto, to the agency and its
# supervising office, besides the agency's own due-soon and overdue alerts.
VETO_RISK_MONTHS = 2
DUE_SOON_WORKDAYS = 2

# Default minimum comment period in calendar days per kind of draft, overridden by the setting
# ZWGK_CONSULTATION_MIN_DAYS. Decisions: 国务院令第713号 第十四条 “公开征求意见的期限一般不少于30日；
# 因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明”. The platform asks the same of
# normative documents (issue 23: configurable; 国办发〔2018〕37号's national floor is 7 working days).
MIN_PERIOD_DAYS = {"normative": 30, "decision": 30, "other": 30}


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (the month's last day when it has no such day)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def due_on(cal: Calendar, received_on: date, workdays: int) -> tuple[date, bool]:
    """The answer is due on the `workdays`-th working day after the day received (RULES §1:
    the day itself never counts); provisional when the year has no loaded schedule."""
    due = cal.add_workdays(received_on, workdays)
    return due, cal.is_provisional(due)


def unanswered_too_long(received_on: date, answered_on: date | None, today: date) -> bool:
    """More than three months between receipt and the answer, or today with none yet."""
    end = answered_on if answered_on is not None else today
    return months_before(end, VETO_MONTHS) > received_on


def in_lookback(received_on: date, today: date) -> bool:
    return received_on >= months_before(today, VETO_LOOKBACK_MONTHS)


def veto_risk_on(received_on: date) -> date:
    """The day a still unanswered message is a month away from the veto."""
    return _months_after(received_on, VETO_RISK_MONTHS)


def _months_after(day: date, months: int) -> date:
    return months_before(day, -months)


@dataclass(frozen=True)
class InteractionVerdict:
    """What the inspection records for one site (RULES §5.1 poor interaction)."""

    hosted: bool  # the platform hosts this site's message columns
    consultation_channel: bool
    messages: int  # valid consultation messages received in the lookback year
    late: tuple[str, ...]  # their tracking codes unanswered > 3 months
    oldest_unanswered_on: date | None
    oldest_unanswered_code: str = ""
    oldest_unanswered_days: int | None = None  # calendar days since receipt, on the round's day

    @property
    def veto(self) -> bool:
        return bool(self.late)

    @property
    def flagged(self) -> bool:
        """No consultation column on the platform at all (issue 23 item 5): shown with the
        round, not a veto — the law's veto is about unanswered messages."""
        return not self.consultation_channel

    def as_json(self) -> dict[str, object]:
        return {
            "hosted": self.hosted,
            "consultation_channel": self.consultation_channel,
            "messages": self.messages,
            "late": list(self.late),
            "oldest_unanswered_on": self.oldest_unanswered_on.isoformat()
            if self.oldest_unanswered_on
            else None,
            "oldest_unanswered_code": self.oldest_unanswered_code,
            "oldest_unanswered_days": self.oldest_unanswered_days,
            "veto": self.veto,
            "flagged": self.flagged,
        }


@dataclass(frozen=True)
class MessageFacts:
    tracking_code: str
    received_on: date
    answered_on: date | None


def interaction_verdict(
    *, hosted: bool, consultation_channel: bool, messages: Iterable[MessageFacts], today: date
) -> InteractionVerdict:
    counted = [m for m in messages if in_lookback(m.received_on, today) or m.answered_on is None]
    late = [m for m in counted if unanswered_too_long(m.received_on, m.answered_on, today)]
    pending = sorted(
        (m for m in counted if m.answered_on is None), key=lambda m: (m.received_on, m.tracking_code)
    )
    oldest = pending[0] if pending else None
    return InteractionVerdict(
        hosted=hosted,
        consultation_channel=consultation_channel,
        messages=len(counted),
        late=tuple(m.tracking_code for m in sorted(late, key=lambda m: m.received_on)),
        oldest_unanswered_on=oldest.received_on if oldest else None,
        oldest_unanswered_code=oldest.tracking_code if oldest else "",
        oldest_unanswered_days=(today - oldest.received_on).days if oldest else None,
    )


# --- public text -----------------------------------------------------------------------------

_PERSONAL = [
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),  # resident ID number
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),  # mobile phone
    re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"),  # fixed line
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # e-mail address
]
MASK = "＊"


def screening_hits(text: str, words: Iterable[str]) -> list[str]:
    return sorted({w for w in words if w and w in text})


def public_text(text: str, words: Iterable[str] = ()) -> str:
    """What a public page may show of a citizen's text: personal data and sensitive words masked."""
    for pattern in _PERSONAL:
        text = pattern.sub(lambda m: MASK * 4, text)
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        text = text.replace(w, MASK * len(w))
    return text


def period_too_short(
    kind: str, opens_on: date, closes_on: date, minimum: dict[str, int] | None = None
) -> bool:
    days = (minimum or MIN_PERIOD_DAYS).get(kind, 30)
    return (closes_on - opens_on) < timedelta(days=days)


# --- meetings ------------------------------------------------------------------------------------


def lottery_order(seed: str, codes: Iterable[str]) -> list[str]:
    """Every code in the published lottery order, reproducible by anyone from the seed: SHA-256
    of seed + code ranks them (no dependence on Python's PRNG). The first `seats` win; the rest
    are the wait list in this order."""
    return sorted(set(codes), key=lambda c: hashlib.sha256(f"{seed}:{c}".encode()).hexdigest())


def draw_lots(seed: str, codes: Iterable[str], seats: int) -> list[str]:
    """The registration codes drawn for `seats`: the head of the lottery order."""
    return lottery_order(seed, codes)[:seats]


# --- major decisions -----------------------------------------------------------------------------

# 国务院令第713号: the legality review opinion (第二十五条起) and the collective discussion record
# (第三十条) are internal working records; the platform records the stage and its date, and
# publishes its documents only for the other stages.
INTERNAL_STAGES = frozenset({"legality_review", "collective_discussion"})
STAGE_ORDER = (
    "public_participation",
    "expert_argument",
    "risk_assessment",
    "legality_review",
    "collective_discussion",
    "publication",
    "implementation",
    "post_evaluation",
)
# Expert argument and risk assessment are required only where the decision calls for them
# (第十九条, 第二十二条); every other stage is required before the next.
OPTIONAL_STAGES = frozenset({"expert_argument", "risk_assessment"})


def stage_allowed(stage: str, done: Iterable[str]) -> bool:
    """Each required stage comes after every earlier required stage."""
    recorded = set(done)
    index = STAGE_ORDER.index(stage)
    return all(s in recorded for s in STAGE_ORDER[:index] if s not in OPTIONAL_STAGES)
