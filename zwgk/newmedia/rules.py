"""The inspection's freshness and interaction rules (RULES §5.1, 国办秘函〔2019〕19号) applied to a
new-media account as to a website. Pure: no database.

- Not updated: the newest post is older than the home page's period (two weeks; the same
  `Period` as `monitoring.checks.freshness`: a post dated exactly 14 days ago is still fresh).
- Poor interaction: a message unanswered for more than three months (the website veto).
- Unanswered messages: any still waiting, reported so the office can chase them before they
  become a veto.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zwgk.monitoring.checks.freshness import HOME_MAX_AGE, Period

UPDATE_MAX_AGE = HOME_MAX_AGE  # RULES §5.1: 首页（账号）连续2周未更新
UNANSWERED_MAX_AGE = Period(months=3)  # RULES §5.1: 留言超过3个月未回复


@dataclass(frozen=True)
class Finding:
    code: str
    label: str
    veto: bool


NOT_UPDATED = "not_updated"
POOR_INTERACTION = "poor_interaction"
UNANSWERED = "unanswered"


def findings(
    *, last_updated_on: date | None, unanswered: int, oldest_unanswered_on: date | None, today: date
) -> list[Finding]:
    out = []
    if last_updated_on is None or last_updated_on < UPDATE_MAX_AGE.cutoff(today):
        since = f"最近更新于{last_updated_on:%Y-%m-%d}" if last_updated_on else "无更新记录"
        out.append(Finding(NOT_UPDATED, f"连续2周未更新（{since}）", veto=True))
    if (
        unanswered
        and oldest_unanswered_on is not None
        and oldest_unanswered_on < UNANSWERED_MAX_AGE.cutoff(today)
    ):
        out.append(
            Finding(
                POOR_INTERACTION, f"留言超过3个月未回复（最早{oldest_unanswered_on:%Y-%m-%d}）", veto=True
            )
        )
    elif unanswered:
        out.append(Finding(UNANSWERED, f"{unanswered}条留言未回复", veto=False))
    return out
