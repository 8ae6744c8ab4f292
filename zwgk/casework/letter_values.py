"""What fills a letter's placeholders: the case, its timeline up to the letter's event, the agency.

Dates come from the same clock the deadlines do (`foi.domain.clock`), read as of the event's
day, so a letter can never state another date than the workbench. Fee lines come from
`foi.domain.fees`, so the notice and the amount cannot disagree.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from zwgk.casework.documents import chinese_date
from zwgk.casework.domain.letter_texts import LetterKind
from zwgk.casework.models import AppealRecord
from zwgk.core.workdays import Calendar, provisional_text
from zwgk.foi.domain.clock import ClockFacts, consultation_answer_due_on, read_clock
from zwgk.foi.domain.fees import FeeBasis, calculate_fee
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import Delivery, DeliveryState, EventType, Progress, replay
from zwgk.foi.models import Application, ApplicationEvent, InfoForm
from zwgk.foi.models import Delivery as DeliveryWay
from zwgk.foi.selectors import event_record
from zwgk.organizations.models import Organization, OrgKind

# Governments that decide reconsideration of their departments' and lower governments' acts
# (行政复议法 2023 Art. 24).
_RECONSIDERING_KINDS = {OrgKind.GOVERNMENT, OrgKind.DISTRICT, OrgKind.DEVELOPMENT_ZONE}
# Art. 27: customs, financial and foreign-exchange regulators (vertical management), tax and
# state-security agencies answer to the next-higher competent department. The agency's
# `vertically_managed` flag says so; these names say so for an agency whose flag was not set.
_ART27_NAMES = ("海关", "金融监督管理", "外汇管理", "税务局", "国家安全局")
# Art. 28: the justice bureau's own acts go to its government or the next-higher justice
# department, at the applicant's choice.
_JUSTICE_NAMES = ("司法局",)


def _government_above(org: Organization) -> Organization | None:
    parent = org.parent
    while parent is not None:
        if parent.kind in _RECONSIDERING_KINDS:
            return parent
        parent = parent.parent
    return None


def reconsideration_body(org: Organization) -> str:
    """Where the applicant applies for reconsideration of this agency's acts (RULES §2.10)."""
    superior = org.superior.name if org.superior_id and org.superior else ""
    if org.vertically_managed or any(name in org.name for name in _ART27_NAMES):
        return superior or "上一级主管部门"
    government = _government_above(org)
    if org.kind in _RECONSIDERING_KINDS:
        # A government's own acts: the next-higher government (Art. 24); for the city, the province.
        return government.name if government else (superior or "上一级人民政府")
    if org.kind == OrgKind.DEPARTMENT and org.name.endswith(_JUSTICE_NAMES):
        higher = superior or "上一级司法行政部门"
        return f"{government.name}或者{higher}" if government else higher
    return government.name if government else "有管辖权的行政复议机关"


def office_contact(org: Organization) -> str:
    lines = [f"联系机构：{org.office_name or org.name}"]
    if org.office_address:
        lines.append(
            f"地址：{org.office_address}" + (f"（邮编{org.office_postcode}）" if org.office_postcode else "")
        )
    phones = "；".join(
        p
        for p in (org.office_phone and f"电话{org.office_phone}", org.office_fax and f"传真{org.office_fax}")
        if p
    )
    if phones:
        lines.append(f"联系方式：{phones}" + (f"；电子邮箱{org.office_email}" if org.office_email else ""))
    return "\n".join(lines)


def _items(note: str) -> str:
    """The correction items as numbered lines: each line or "；"-separated part of the note."""
    parts = [p.strip(" 。.") for p in re.split(r"[\n；;]+", note or "") if p.strip(" 。.")]
    return "\n".join(f"{i}. {p}。" for i, p in enumerate(parts, 1))


def _d(day: date | None, provisional: bool = False) -> str:
    """A date as letters print it; a provisional one says so (RULES §1: "（暂定）")."""
    return provisional_text(chinese_date(day), provisional) if day else ""


# RULES §2.7 item 7 and issue 19: "自收到本告知书之日起" stands next to a date only when that date
# is counted from delivery; a posted notice cannot know its delivery day, so it prints none.
POSTED_CLAUSE = "（自您签收本{what}之日起计算）"


def _due_clause(ends: date | None, state: DeliveryState | None, what: str, provisional: bool) -> str:
    if state is DeliveryState.DELIVERED and ends is not None:
        return f"（{_d(ends, provisional)}前）"
    return POSTED_CLAUSE.format(what=what)


def _delivered_on(delivery: Delivery | None, state: DeliveryState | None) -> str:
    if delivery is None or state is not DeliveryState.DELIVERED:
        return ""
    return _d(delivery.counts_from)


def _rereply_values(upto: list[ApplicationEvent], progress: Progress) -> dict[str, str]:
    """The decision a new reply replaces, and the 纠正 that obliges it (RULES §2.10)."""
    replies = [e for e in upto if e.type in (EventType.REPLIED, EventType.REREPLIED)]
    values: dict[str, str] = {}
    if len(replies) >= 2:
        values["first_reply_on"] = _d(replies[-2].on)
    elif progress.closed_on is not None:
        values["first_reply_on"] = _d(progress.closed_on)
    decided = (EventType.RECONSIDERATION_DECIDED.value, EventType.LITIGATION_DECIDED.value)
    corrected = next(
        (e for e in reversed(upto) if e.type in decided and (e.payload or {}).get("result") == "corrected"),
        None,
    )
    if corrected is not None:
        record = AppealRecord.objects.filter(decided_event=corrected).first()
        if corrected.type == EventType.RECONSIDERATION_DECIDED:
            body = (record.body_name if record else "") or "行政复议机关"
            what = "作出行政复议决定"
        else:
            body = (record.body_name if record else "") or "人民法院"
            what = "作出裁判"
        values["correction_decision"] = f"{body}于{_d(corrected.on)}{what}，对该答复予以纠正。"
    return values


# What each way of delivery needs on record before a letter may promise it (Art. 29(3)).
_DELIVERY_NEEDS = {DeliveryWay.POST: ("address", "邮寄地址"), DeliveryWay.EMAIL: ("email", "电子邮箱")}


def provision(application: Application) -> str:
    """How the information is provided, exactly as the application records it: the recorded
    form and way of delivery, and a 【待填写】 marker (which stops sign-off) where the way needs
    an address or e-mail the case does not hold (cases registered before it was required), or
    no known way is recorded. A letter never promises a delivery nobody asked for."""
    if application.delivery not in DeliveryWay.values:
        return "【待填写：提供信息的方式（申请中未载明）】"
    way = f"通过{application.get_delivery_display()}方式"
    needs = _DELIVERY_NEEDS.get(DeliveryWay(application.delivery))
    if needs is not None and not getattr(application, needs[0]).strip():
        way += f"（【待填写：{needs[1]}，申请中未填写】）"
    if application.info_form in (InfoForm.ANY, ""):
        return f"现{way}提供给您"
    return f"现以{application.get_info_form_display()}形式、{way}提供给您"


def letter_values(
    application: Application,
    *,
    kind: LetterKind,
    variant: str,
    event: ApplicationEvent | None,
    events: list[ApplicationEvent],
    cal: Calendar,
    today: date,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    org = application.organization
    upto = [e for e in events if event is None or e.seq <= event.seq]
    progress = replay(event_record(e) for e in upto)
    facts = ClockFacts.from_progress(progress)
    as_of = event.on if event is not None else today
    reading = read_clock(cal, facts, as_of) if facts is not None else None
    payload: dict[str, Any] = event.payload if event is not None else {}

    values: dict[str, str] = {
        "applicant_name": application.applicant_name,
        "tracking_code": application.tracking_code,
        "organization": org.name,
        "received_on": _d(application.received_on or progress.received_on),
        "request_title": application.title or application.description[:60],
        "letter_date": _d(as_of),
        "reconsideration_body": reconsideration_body(org),
        "office_phone": org.office_phone or org.office_name or org.name,
    }
    values["provision"] = provision(application)
    if kind in (LetterKind.REPLY, LetterKind.REREPLY) and variant in OUTCOMES_BY_CODE:
        values["citation"] = OUTCOMES_BY_CODE[variant].citation
    if kind is LetterKind.REREPLY:
        values.update(_rereply_values(upto, progress))

    correction = next((e for e in reversed(upto) if e.type == EventType.CORRECTION_REQUESTED), None)
    if correction is not None:
        values["correction_requested_on"] = _d(correction.on)
        values["correction_period_workdays"] = str(correction.payload.get("period_workdays") or "")
        values["correction_items"] = _items(correction.note)
        if reading is not None:
            ends, state = reading.correction_period_ends_on, reading.correction_delivery
            provisional = ends in reading.provisional_dates
            values["correction_due_on"] = _d(ends, provisional)
            values["correction_due_clause"] = _due_clause(ends, state, "告知书", provisional)
            values["correction_delivered_on"] = _delivered_on(progress.correction_delivery, state)
        values["corrected_on"] = _d(progress.corrected_on)

    if progress.corrected_on is not None:
        # RULES §2.7 item 1: the clock restarted when the corrected application arrived.
        values["reply_period_start"] = f"收到您补正后的申请之日（{_d(progress.corrected_on)}）"
    elif progress.received_on is not None:
        values["reply_period_start"] = f"收到申请之日（{_d(progress.received_on)}）"

    if kind is LetterKind.EXTENSION_NOTICE and event is not None:
        values["extension_workdays"] = str(payload.get("workdays") or "")
        values["extension_reason"] = str(payload.get("reason") or "").rstrip("。")
        if reading is not None:
            values["extended_due_on"] = _d(reading.due_on, reading.due_provisional)

    if kind is LetterKind.CONSULTATION_LETTER and event is not None:
        values["party"] = str(payload.get("party") or "")
        answer_due = consultation_answer_due_on(cal, event.on)
        values["consultation_answer_due_on"] = _d(answer_due, cal.any_provisional(event.on, answer_due))

    if progress.reasons_requested_on is not None:
        reasons = next(e for e in reversed(upto) if e.type == EventType.REASONS_REQUESTED)
        values["reasons_requested_on"] = _d(progress.reasons_requested_on)
        values["reasons_received_on"] = _d(progress.reasons_received_on)
        values["reasons_period_workdays"] = str(progress.reasons_period_workdays or "")
        values["reasons_situation"] = reasons.note.strip().rstrip("。")
        if reading is not None:
            ends, state = reading.reasons_period_ends_on, reading.reasons_delivery
            provisional = ends in reading.provisional_dates
            values["reasons_due_clause"] = _due_clause(ends, state, "告知书", provisional)

    if kind is LetterKind.DEADLINE_NOTICE and event is not None:
        values["deadline_reason"] = str(payload.get("reason") or "").rstrip("。")
        values["deadline_due_on"] = _d(progress.set_due_on)

    if kind is LetterKind.THIRD_PARTY_NOTICE and event is not None:
        cid = payload.get("consultation_id")
        started = next(
            (
                e
                for e in upto
                if e.type == EventType.CONSULTATION_STARTED and e.payload.get("consultation_id") == cid
            ),
            None,
        )
        if started is not None:
            values["party"] = str(started.payload.get("party") or "")
            values["consultation_started_on"] = _d(started.on)
        values["disclosure_reason"] = str(payload.get("reason") or "")

    fee_event = event if kind is LetterKind.FEE_NOTICE else None
    if fee_event is None:
        fee_event = next((e for e in reversed(upto) if e.type == EventType.FEE_NOTICE_SENT), None)
    if fee_event is not None and fee_event.payload.get("basis"):
        p = fee_event.payload
        basis = FeeBasis(p["basis"])
        already = int(p.get("already_counted") or 0)
        calc = calculate_fee(basis, int(p["quantity"]), already_counted=already)
        values["fee_basis_label"] = basis.label
        if basis is FeeBasis.PER_ITEM:
            values["fee_basis_note"] = (
                f"按申请人每自然月累计件数计算：本月此前已计{already}件，本次{calc.quantity}件，"
                f"即本月第{already + 1}至第{already + calc.quantity}件"
            )
        else:
            values["fee_basis_note"] = f"按页数超额累进计算，本次共{calc.quantity}页"
        values["fee_lines"] = "\n".join(line.text for line in calc.lines)
        values["fee_amount"] = str(calc.amount)
        values["fee_sent_on"] = _d(fee_event.on)
        # The notice's own period, as the clock reads it on the letter's day (from delivery).
        index = [e.seq for e in upto if e.type == EventType.FEE_NOTICE_SENT].index(fee_event.seq)
        if reading is not None and index < len(reading.fee_payments_due_on):
            ends, state = reading.fee_payments_due_on[index], reading.fee_deliveries[index]
            provisional = ends in reading.provisional_dates
            values["fee_due_on"] = _d(ends, provisional)
            values["fee_due_clause"] = _due_clause(ends, state, "通知", provisional)
            values["fee_delivered_on"] = _delivered_on(progress.fee_notices[index].delivery, state)

    values.update({k: v for k, v in (extra or {}).items() if v})
    return values
