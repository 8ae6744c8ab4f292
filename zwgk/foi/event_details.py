"""What the case page prints after each timeline entry's label: the facts its payload holds.

Written here, against the enums that own the values, rather than in the template, so no page
spells a stored value again (issue 20 item 1: one name for one fact).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from zwgk.foi.domain.fees import FeeBasis
from zwgk.foi.domain.states import AppealResult, EventType, NoticeKind, ReconsiderationProcedure

RESULT_LABELS: Mapping[AppealResult, str] = {
    AppealResult.UPHELD: "维持",
    AppealResult.CORRECTED: "纠正",
    AppealResult.OTHER: "其他结果",
}
# Art. 32 (a third party) or Art. 34 (another agency), as `consultation_started.kind` stores it.
CONSULTATION_KIND_LABELS: Mapping[str, str] = {"third_party": "第三方", "agency": "其他机关"}


def _enum_label(enum: Any, value: Any, labels: Mapping[Any, str] | None = None) -> str:
    try:
        member = enum(value)
    except ValueError:
        return str(value or "")
    return labels[member] if labels is not None else member.label


def _consultation_started(p: Mapping[str, Any]) -> str:
    kind = CONSULTATION_KIND_LABELS.get(str(p.get("kind")), "第三方")
    return f"第{p.get('consultation_id')}项，{p.get('party', '')}（{kind}）"


def _consultation_ended(p: Mapping[str, Any]) -> str:
    objected = p.get("objected")
    tail = "" if objected is None else ("，第三方不同意公开" if objected else "，第三方未表示反对")
    return f"第{p.get('consultation_id')}项{tail}"


def _delivered(p: Mapping[str, Any]) -> str:
    notice = _enum_label(NoticeKind, p.get("notice"))
    return notice + ("被退回，未送达" if p.get("returned") else "已送达")


def _fee_notice(p: Mapping[str, Any]) -> str:
    basis = "按件" if p.get("basis") == FeeBasis.PER_ITEM else "按量"
    return f"{basis}{p.get('quantity')}，{p.get('amount_yuan')}元"


def _decided(p: Mapping[str, Any]) -> str:
    return _enum_label(AppealResult, p.get("result"), RESULT_LABELS)


def _recomputed(p: Mapping[str, Any]) -> str:
    before, after = p.get("due_on_before") or "—", p.get("due_on_after") or "—"
    return f"{p.get('year')}年节假日安排调整，答复期限由{before}改为{after}"


_DETAILS: Mapping[EventType, Callable[[Mapping[str, Any]], str]] = {
    EventType.CORRECTION_REQUESTED: lambda p: f"补正期限{p.get('period_workdays')}个工作日",
    EventType.EXTENDED: lambda p: f"延长{p.get('workdays')}个工作日，理由：{p.get('reason', '')}",
    EventType.CONSULTATION_STARTED: _consultation_started,
    EventType.CONSULTATION_ENDED: _consultation_ended,
    EventType.DELIVERED: _delivered,
    EventType.REASONS_REQUESTED: lambda p: f"说明理由期限{p.get('period_workdays')}个工作日",
    EventType.DEADLINE_SET: lambda p: f"答复期限确定为{p.get('due_on')}，理由：{p.get('reason', '')}",
    EventType.THIRD_PARTY_NOTIFIED: lambda p: f"第{p.get('consultation_id')}项，理由：{p.get('reason', '')}",
    EventType.FEE_NOTICE_SENT: _fee_notice,
    EventType.REPLIED: lambda p: str(p.get("outcome", "")),
    EventType.REREPLIED: lambda p: str(p.get("outcome", "")),
    EventType.RECONSIDERATION_ACCEPTED: lambda p: _enum_label(ReconsiderationProcedure, p.get("procedure")),
    EventType.RECONSIDERATION_DECIDED: _decided,
    EventType.LITIGATION_DECIDED: _decided,
    EventType.LITIGATION_FILED: lambda p: "复议后起诉" if p.get("after_reconsideration") else "直接起诉",
    EventType.CALENDAR_RECOMPUTED: _recomputed,
}


def event_detail(event_type: str, payload: Mapping[str, Any]) -> str:
    """ "：…" after the label, or "（补登）" for a back-dated registration; "" when nothing to add."""
    t = EventType(event_type)
    if t is EventType.REGISTERED:
        return "（补登）" if payload.get("backdated") else ""
    detail = _DETAILS.get(t)
    text = detail(payload) if detail is not None else ""
    return f"：{text}" if text else ""
