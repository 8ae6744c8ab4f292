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
        "appeal_already_filed": "对本次答复（或逾期未答复）已经申请行政复议或提起行政诉讼，不能再次提出；"
        "重新答复后可以再提出",
        "appeal_pending": "本申请还有尚未审结的同类行政复议或行政诉讼，请先登记其结果",
        "reconsideration_not_decided": "复议后起诉须在行政复议决定作出之后，"
        "或复议机关受理后法定期限届满仍未作出决定",
        "reconsideration_period_not_over": "复议机关的审理期限尚未届满，"
        "复议后起诉须等待行政复议决定（行政诉讼法第四十五条）",
        "reconsideration_already_accepted": "该行政复议已登记受理",
        "reconsideration_not_accepted": "该行政复议尚未登记受理",
        "reconsideration_simplified_no_extension": "简易程序审理的行政复议不能延期（行政复议法第六十二条）",
        "reconsideration_already_extended": "行政复议审理期限只能延长一次（行政复议法第六十二条）",
        "reconsideration_period_over": "行政复议审理期限已经届满，不能再延期（行政复议法第六十二条）",
        "reply_not_overdue": "答复期限尚未届满，不能以逾期未答复为由申请行政复议或提起行政诉讼",
        "rereply_needs_correction": "只有对本次答复的行政复议或行政诉讼结果为纠正时，才能重新答复",
        "rereply_outcome_not_allowed": "重新答复不能按逾期不补正（3.6.1）或逾期未缴费（3.6.2）处理",
        "reconsideration_already_filed": "本申请已申请行政复议，起诉应登记为复议后起诉",
        "no_pending_appeal": "没有尚未审结的相应行政复议或行政诉讼",
        # RULES §2.7 items 7–9 and §2.6
        "no_such_notice": "本申请没有发出过这种告知书或通知，无法登记送达",
        "notice_already_delivered": "该告知书或通知已登记送达",
        "delivery_not_recorded": "邮寄送达的告知书或通知尚未登记签收日期，申请人的期限无法确定，"
        "不能按逾期处理；请先登记送达",
        "notice_returned": "告知书或通知被退回未送达，应当改用其他方式送达或公告送达后，期限才开始计算",
        "fee_zero": "计费数量在免费范围内，应缴金额为0元：不发收费通知，答复期限也不暂停（规则§2.6）",
        "fee_basis_differs": "同一申请只能采用一种计收方式（规则§2.6）",
        "fee_notice_too_late": "收费通知应在答复期限内发出（规则§2.6）",
        "reasons_already_requested": "本申请已要求申请人说明理由",
        "reasons_too_late": "要求说明理由应在答复期限内作出",
        "reasons_not_requested": "尚未要求申请人说明理由（第三十五条）",
        "reasons_already_received": "已登记收到申请人说明的理由",
        "reasons_period_not_over": "申请人说明理由的期限尚未届满，也未收到其说明的理由，"
        "不能按不予处理（3.5.4）答复",
        "outcome_needs_reasons_requested": "按申请数量、频次明显超过合理范围不予处理（3.5.4），"
        "须先要求申请人说明理由（第三十五条）",
        "deadline_needs_reasons": "确定延迟答复期限，须先收到申请人说明的理由并认为理由合理（第三十五条）",
        "deadline_already_set": "本申请已确定延迟答复期限",
        "deadline_too_late": "答复期限已经届满，不能再确定延迟答复期限",
        "deadline_not_later": "延迟答复期限应晚于当前的答复期限",
        "deadline_replaces_extension": "已确定延迟答复期限（第三十五条），不再适用第三十三条的延期",
        "outcome_needs_third_party_consultation": "因公开会损害第三方合法权益不予公开（3.3.4），"
        "须先书面征求第三方意见（第三十二条）",
        "third_party_not_notified": "第三方不同意公开，决定予以公开的，"
        "应当先将决定公开的内容和理由书面告知第三方（第三十二条）",
        "redelivery_same_channel": "告知书被退回后，应当改用其他方式送达或公告送达",
        "no_objection_to_notify": "没有第三方不同意公开、尚待书面告知的征求意见事项",
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


class EventOutOfOrder(InvalidEvent):
    """The event's date breaks the order of the case's events (RULES §2.7 item 6; API.md: 422
    naming both dates). `on` is the refused date, `other` the date it collides with."""

    def __init__(self, message: str, *, on: object, other: object, code: str = "date_out_of_order") -> None:
        super().__init__(code, message, field="on")
        self.on = on
        self.other = other
