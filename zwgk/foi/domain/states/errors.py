"""Refusals: a stable `code` for the API and a Chinese message for people."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from zwgk.foi.domain.states.table import EventType, State

MESSAGES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "correction_already_requested": "补正只能一次性告知，本申请已告知过补正（第三十条）",
        "correction_too_late": "补正告知应在收到申请之日起7个工作日内作出（第三十条），已超过期限",
        "correction_period_not_over": "申请人的补正期限尚未届满，不能按逾期不补正处理",
        "already_extended": "答复期限只能延长一次（第三十三条），本申请已经延期",
        "extension_too_long": "延长的期限最长不得超过20个工作日（第三十三条）",
        "extension_too_late": "答复期限已经届满，不能再延期（第三十三条）",
        "clock_suspended": "正在等待申请人补正，答复期限尚未重新起算，不能延期",
        "unknown_consultation": "没有这项正在进行的征求意见",
        "duplicate_consultation": "征求意见编号重复",
        "outcome_needs_correction_pending": "只有在等待申请人补正时，才能按逾期不补正（3.6.1）处理",
        "outcome_needs_correction_received": "只有收到补正后，才能按补正后申请内容仍不明确（3.4.3）处理",
        "outcome_needs_fee_pending": "只有在等待缴费时，才能按逾期未缴纳费用（3.6.2）处理",
        "fee_period_not_over": "申请人的缴费期限尚未届满，不能按逾期未缴费处理",
        "appeal_already_filed": "本申请已有行政复议或行政诉讼，不能再次提出这一类救济",
        "reconsideration_not_decided": "复议后起诉须在行政复议决定作出之后",
        "reconsideration_already_filed": "本申请已申请行政复议，起诉应登记为复议后起诉",
        "no_pending_appeal": "没有尚未审结的相应行政复议或行政诉讼",
    }
)


class FoiError(Exception):
    """A refused event; `code` is stable (API error code), `message` is for people."""

    code: str
    message: str

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class EventNotAllowed(FoiError):
    """The case's state or history does not allow this event now (HTTP 409).

    `state` is None when the check did not involve the state (calendar rules in `clock.py`) or
    when the case does not exist yet.
    """

    def __init__(self, state: State | None, event: EventType, *, code: str = "event_not_allowed") -> None:
        self.state = state
        self.event = event
        if code != "event_not_allowed":
            message = MESSAGES[code]
        elif state is None:
            message = f"申请尚未提交或登记，不能“{event.label}”"
        else:
            message = f"申请处于“{state.label}”状态，不能“{event.label}”"
        super().__init__(code, message)


class InvalidEvent(FoiError, ValueError):
    """The event's own data is wrong (HTTP 400); `field` names the offending input."""

    def __init__(self, code: str, message: str, *, field: str) -> None:
        super().__init__(code, message)
        self.field = field

    @property
    def fields(self) -> dict[str, str]:
        return {self.field: self.message}
