"""What the applicant is told at each step, through `notifications.deliver`.

The texts name the agency, the tracking code and the dates; never the identity number, and
never anything another applicant could use.
"""

from __future__ import annotations

from django.urls import reverse

from zwgk.core.links import public_url
from zwgk.core.workdays import provisional_text
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import EventType
from zwgk.foi.models import Application
from zwgk.foi.notifications import Notice, deliver

# Said once after a provisional date, so the applicant knows why it may move (RULES §1).
PROVISIONAL_NOTE = "\n标注“暂定”的期限涉及尚未公布节假日安排的年度，按法定节假日推算，安排公布后可能调整。"


def _due(application: Application) -> str:
    if application.due_on is None:
        return "待补正后重新计算"
    return provisional_text(application.due_on.strftime("%Y年%m月%d日"), application.due_provisional)


def _due_note(application: Application) -> str:
    return PROVISIONAL_NOTE if application.due_on is not None and application.due_provisional else ""


def _compose(application: Application, kind: str) -> Notice | None:
    org = application.organization.name
    code = application.tracking_code
    track = public_url(reverse("portal:foi_track"))
    if kind == "submitted":
        subject = f"政府信息公开申请已提交（查询码 {code}）"
        body = (
            f"您向{org}提交的政府信息公开申请已收到，查询码：{code}。\n"
            "工作人员确认后，确认之日即为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条），"
            "答复期限自该日起计算。\n"
            f"您可以凭查询码在 {track} 查询办理进度。请妥善保管查询码。"
        )
    elif kind == "registered":
        received = application.received_on.strftime("%Y年%m月%d日") if application.received_on else ""
        subject = f"政府信息公开申请已登记（查询码 {code}）"
        body = (
            f"{org}已于{received}收到您的政府信息公开申请（查询码 {code}）。\n"
            f"答复期限：{_due(application)}。{_due_note(application)}\n办理进度可在 {track} 查询。"
        )
    elif kind == "extended":
        extended = application.events.filter(type=EventType.EXTENDED).order_by("-seq").first()
        reason = extended.payload.get("reason", "") if extended else ""
        subject = f"政府信息公开申请答复期限延长（查询码 {code}）"
        body = (
            f"经政府信息公开工作机构负责人同意，{org}延长您的申请（查询码 {code}）的答复期限"
            f"（《中华人民共和国政府信息公开条例》第三十三条）。\n理由：{reason}\n"
            f"延长后的答复期限：{_due(application)}。{_due_note(application)}"
        )
    elif kind == "replied":
        outcome = OUTCOMES_BY_CODE.get(application.outcome)
        subject = f"政府信息公开申请已答复（查询码 {code}）"
        body = (
            f"{org}已对您的申请（查询码 {code}）作出答复：{outcome.label if outcome else ''}。\n"
            "答复告知书将按您选择的方式送达。对答复不服的，可以依法申请行政复议或者提起行政诉讼，"
            "具体途径和期限见答复告知书。"
        )
    else:
        return None
    return Notice(subject=subject, body=body, email=application.email, phone=application.phone)


def notify(application_id: int, kind: str) -> int:
    application = Application.objects.select_related("organization").filter(pk=application_id).first()
    if application is None:
        return 0
    notice = _compose(application, kind)
    return deliver(notice) if notice is not None else 0
