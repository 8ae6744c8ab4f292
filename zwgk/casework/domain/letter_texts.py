"""The standard letters of applications for disclosure and the legal checklist each must pass.

Pure module: no Django imports. One default text per letter kind and variant (the outcome code
for replies, the consultee's kind for consultation letters), written against RULES §2 and the
articles of `outcomes.py`. Administrators may replace a text (a new template version); whatever
text is used, `check_template` holds it to the same checklist, so an edit cannot drop the legal
basis, the periods or the remedies that RULES §2.10 requires.

Placeholders are `{name}` with names from `PLACEHOLDERS`. `【待填写：…】` marks what the handler
must write in before the letter can go for sign-off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from zwgk.foi.domain.outcomes import (
    LITIGATION_AFTER_RECONSIDERATION_DAYS,
    LITIGATION_MONTHS,
    OUTCOMES,
    OUTCOMES_BY_CODE,
    RECONSIDERATION_DAYS,
    RECONSIDERATION_FIRST_BASIS,
    REGULATIONS,
)
from zwgk.foi.domain.states import NoticeKind

MARKER: Final = "【待填写"
_MARKER_RE: Final = re.compile(r"【待填写[：:][^】]*】")
_PLACEHOLDER_RE: Final = re.compile(r"\{([a-z_]+)\}")


class LetterKind(StrEnum):
    # API.md's kinds, plus the referral notice of Art. 36(5) and the letters of RULES §2.7
    # items 8–9. A notice that gives the applicant a period has the name `foi` gives it for
    # its delivery (`NoticeKind`, the `notice` of a `delivered` event).
    REPLY = "reply"
    CORRECTION_NOTICE = NoticeKind.CORRECTION.value
    EXTENSION_NOTICE = "extension_notice"
    CONSULTATION_LETTER = "consultation_letter"
    FEE_NOTICE = NoticeKind.FEE.value
    REFERRAL_NOTICE = "referral_notice"
    REASONS_NOTICE = NoticeKind.REASONS.value  # Art. 35: asking the applicant for reasons
    DEADLINE_NOTICE = "deadline_notice"  # Art. 35: the longer deadline set by the office head
    THIRD_PARTY_NOTICE = "third_party_notice"  # Art. 32: disclosure over a third party's objection
    # RULES §2.10: the new reply a 纠正 result obliges the agency to give, one text per outcome.
    REREPLY = "rereply"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def document_title(self) -> str:
        return KIND_TITLES[self]

    @property
    def to_applicant(self) -> bool:
        """Addressed to the applicant (tracking page, e-mail); a consultation letter and the
        notice of a disclosure go to the consulted party and never to the applicant."""
        return self not in (LetterKind.CONSULTATION_LETTER, LetterKind.THIRD_PARTY_NOTICE)


KIND_LABELS: Final[Mapping[LetterKind, str]] = MappingProxyType(
    {
        LetterKind.REPLY: "答复告知书",
        LetterKind.CORRECTION_NOTICE: "补正告知书",
        LetterKind.EXTENSION_NOTICE: "延期答复告知书",
        LetterKind.CONSULTATION_LETTER: "征求意见函",
        LetterKind.FEE_NOTICE: "收费通知",
        LetterKind.REFERRAL_NOTICE: "告知书（非本机关负责公开）",
        LetterKind.REASONS_NOTICE: "说明理由告知书",
        LetterKind.DEADLINE_NOTICE: "延迟答复告知书",
        LetterKind.THIRD_PARTY_NOTICE: "决定公开告知书（第三方）",
        LetterKind.REREPLY: "重新答复告知书",
    }
)
KIND_TITLES: Final[Mapping[LetterKind, str]] = MappingProxyType(
    {
        LetterKind.REPLY: "政府信息公开申请答复告知书",
        LetterKind.CORRECTION_NOTICE: "政府信息公开申请补正告知书",
        LetterKind.EXTENSION_NOTICE: "政府信息公开申请延期答复告知书",
        LetterKind.CONSULTATION_LETTER: "政府信息公开征求意见函",
        LetterKind.FEE_NOTICE: "政府信息公开信息处理费收费通知",
        LetterKind.REFERRAL_NOTICE: "政府信息公开申请告知书",
        LetterKind.REASONS_NOTICE: "政府信息公开申请说明理由告知书",
        LetterKind.DEADLINE_NOTICE: "政府信息公开申请延迟答复告知书",
        LetterKind.THIRD_PARTY_NOTICE: "政府信息公开决定公开告知书",
        LetterKind.REREPLY: "政府信息公开申请重新答复告知书",
    }
)
CONSULTATION_VARIANTS: Final = ("third_party", "agency")  # Art. 32 / Art. 34
# A new reply cannot abandon the case for a missed correction or fee (`states` refuses them).
REREPLY_EXCLUDED: Final = frozenset({"3.6.1", "3.6.2"})

# The event of the timeline each step letter belongs to (API.md: "a step event whose letter does
# not exist yet generates it from the template").
EVENT_KINDS: Final[Mapping[str, LetterKind]] = MappingProxyType(
    {
        "correction_requested": LetterKind.CORRECTION_NOTICE,
        "extended": LetterKind.EXTENSION_NOTICE,
        "consultation_started": LetterKind.CONSULTATION_LETTER,
        "fee_notice_sent": LetterKind.FEE_NOTICE,
        "replied": LetterKind.REPLY,
        "reasons_requested": LetterKind.REASONS_NOTICE,
        "deadline_set": LetterKind.DEADLINE_NOTICE,
        "third_party_notified": LetterKind.THIRD_PARTY_NOTICE,
        "rereplied": LetterKind.REREPLY,
    }
)

PLACEHOLDERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "applicant_name": "申请人姓名或名称",
        "tracking_code": "查询码",
        "organization": "本机关名称",
        "received_on": "收到申请日期",
        "request_title": "所需信息名称",
        "letter_date": "落款日期",
        "citation": "办理结果的法律依据（条例条款）",
        "provision": "提供信息的载体形式和方式",
        "reconsideration_body": "行政复议机关",
        "correction_items": "需要补正的事项（逐项）",
        "correction_period_workdays": "补正期限（工作日）",
        "correction_due_on": "补正截止日期",
        "correction_due_clause": "补正截止日期或其起算方式（括注）",
        "correction_delivered_on": "补正告知书送达日期",
        "correction_requested_on": "告知补正日期",
        "corrected_on": "收到补正日期",
        "reply_period_start": "答复期限的起算日（收到申请或收到补正后的申请之日）",
        "extension_workdays": "延长的工作日数",
        "extension_reason": "延期理由",
        "extended_due_on": "延长后的答复期限",
        "party": "征求意见对象",
        "consultation_answer_due_on": "征求意见答复期限",
        "fee_basis_label": "计费方式",
        "fee_basis_note": "计费说明",
        "fee_lines": "计算明细（逐档）",
        "fee_amount": "应缴金额（元）",
        "fee_sent_on": "收费通知日期",
        "fee_due_on": "缴费截止日期",
        "fee_due_clause": "缴费截止日期或其起算方式（括注）",
        "fee_delivered_on": "收费通知送达日期",
        "reasons_situation": "申请数量、频次明显超过合理范围的情况",
        "reasons_period_workdays": "说明理由的期限（工作日）",
        "reasons_due_clause": "说明理由截止日期或其起算方式（括注）",
        "reasons_requested_on": "要求说明理由日期",
        "reasons_received_on": "收到申请人说明理由日期",
        "deadline_due_on": "确定的答复期限",
        "deadline_reason": "无法在法定期限内答复的原因",
        "consultation_started_on": "征求意见日期",
        "disclosure_reason": "决定公开的内容和理由",
        "office_phone": "联系电话",
        "referral_agency": "负责公开的行政机关",
        "referral_contact": "该机关的联系方式",
        "first_reply_on": "原答复日期",
        "correction_decision": "纠正原答复的行政复议决定或裁判",
    }
)

# --- Remedies (RULES §2.10) ----------------------------------------------------------------------

_COMPLAINT = "您也可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报（《条例》第五十一条）。"
REMEDIES_ALTERNATIVE: Final = (
    f"如对本答复不服，可以自收到本告知书之日起{RECONSIDERATION_DAYS}日内向{{reconsideration_body}}"
    f"申请行政复议，或者自收到本告知书之日起{LITIGATION_MONTHS}个月内向有管辖权的人民法院提起行政诉讼。"
    + _COMPLAINT
)
REMEDIES_RECONSIDERATION_FIRST: Final = (
    f"如对本答复不服，可以自收到本告知书之日起{RECONSIDERATION_DAYS}日内向{{reconsideration_body}}"
    f"申请行政复议。根据{RECONSIDERATION_FIRST_BASIS}的规定，对行政机关不予公开政府信息不服的，"
    "应当先申请行政复议（复议前置）；对行政复议决定不服的，可以自收到行政复议决定书之日起"
    f"{LITIGATION_AFTER_RECONSIDERATION_DAYS}日内向有管辖权的人民法院提起行政诉讼。" + _COMPLAINT
)
REMEDIES_PARTLY: Final = (
    f"对本答复中不予公开的部分不服的，可以自收到本告知书之日起{RECONSIDERATION_DAYS}日内向"
    f"{{reconsideration_body}}申请行政复议。根据{RECONSIDERATION_FIRST_BASIS}的规定，对不予公开不服的，"
    "应当先申请行政复议（复议前置）；对行政复议决定不服的，可以自收到行政复议决定书之日起"
    f"{LITIGATION_AFTER_RECONSIDERATION_DAYS}日内提起行政诉讼。对本答复的其他内容不服的，可以自收到本告知书之日起"
    f"{RECONSIDERATION_DAYS}日内申请行政复议，或者自收到本告知书之日起{LITIGATION_MONTHS}个月内"
    "向有管辖权的人民法院提起行政诉讼。" + _COMPLAINT
)

_OPENING = (
    "{applicant_name}：\n"
    "本机关于{received_on}收到您提出的政府信息公开申请（查询码：{tracking_code}），"
    "您申请获取“{request_title}”的相关政府信息。"
)
_WITHHELD = "根据{citation}的规定，本机关决定不予公开。"

# What each outcome's reply says between the opening and the remedies.
_REPLY_BODIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "3.1": "经审查，您申请获取的政府信息属于公开范围。根据{citation}的规定，本机关予以公开，"
        "{provision}。如该信息已经主动公开，本机关告知您获取该信息的方式和途径。",
        "3.2": "经审查，您申请获取的政府信息中，【待填写：可以公开的部分】可以公开，{provision}；"
        "其中【待填写：不予公开的部分】因【待填写：不予公开的理由及所依据的条款】，不予公开。"
        "根据{citation}的规定，本机关对能够作区分处理的信息予以部分公开，并说明不予公开的理由如上。",
        "3.3.1": "经审查，您申请获取的政府信息属于依法确定的国家秘密，不予公开。" + _WITHHELD,
        "3.3.2": "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息"
        "（【待填写：禁止公开的法律、行政法规名称及条款】）。" + _WITHHELD,
        "3.3.3": "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
        + _WITHHELD,
        "3.3.4": "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容。"
        "经书面征求第三方意见，第三方不同意公开，本机关认为不公开不会对公共利益造成重大影响。" + _WITHHELD,
        "3.3.5": "经审查，您申请获取的政府信息属于行政机关的人事管理、后勤管理、内部工作流程等方面的"
        "内部事务信息。" + _WITHHELD,
        "3.3.6": "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
        "磋商信函、请示报告等过程性信息。" + _WITHHELD,
        "3.3.7": "经审查，您申请获取的政府信息属于行政执法案卷信息。" + _WITHHELD,
        "3.3.8": "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取"
        "有特别规定。根据{citation}的规定，请您依照有关法律、行政法规的规定办理："
        "【待填写：办理机构及途径】。",
        "3.4.1": "经检索查找，本机关未制作、获取您申请的政府信息，或者该政府信息不属于本机关负责公开。"
        "根据{citation}的规定，本机关无法提供。【待填写：能够确定负责公开该信息的行政机关的，"
        "写明其名称和联系方式；不能确定的，写明已检索的范围】。",
        "3.4.2": "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析后才能形成，"
        "本机关没有现成信息。根据{citation}的规定，本机关无法提供。",
        "3.4.3": "本机关于{correction_requested_on}告知您补正申请，您于{corrected_on}提交了补正后的申请，"
        "但补正后申请内容仍不明确，本机关无法确定您所需的政府信息。根据{citation}的规定，本机关无法提供。",
        "3.5.1": "经审查，您的申请实质是以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{citation}"
        "的规定，本机关不作为政府信息公开申请处理，请您通过【待填写：相应的信访、投诉、举报渠道】提出。",
        "3.5.2": "您曾就同一政府信息向本机关提出公开申请，本机关已于【待填写：原答复日期】依法作出答复，"
        "您本次提出的属于重复申请。根据{citation}的规定，本机关不予重复处理。",
        "3.5.3": "经审查，您申请获取的是公开出版物（【待填写：出版物名称】）。根据{citation}的规定，"
        "本机关告知您获取的途径：【待填写：获取途径】。",
        "3.5.4": "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，"
        "您未能说明理由或者理由不合理。根据{citation}的规定，本机关不予处理。",
        "3.5.5": "经审查，您的申请是要求本机关确认或者重新出具您已经获取的信息，不属于政府信息公开申请的"
        "处理范围，本机关不作为政府信息公开申请处理。",
        "3.6.1": "本机关于{correction_requested_on}告知您补正申请，"
        "补正告知书于{correction_delivered_on}送达，"
        "补正期限为自收到补正告知书之日起{correction_period_workdays}个工作日（至{correction_due_on}）。"
        "您无正当理由逾期未补正，视为放弃申请。根据{citation}的规定，本机关不再处理您的政府信息公开申请。",
        "3.6.2": "本机关于{fee_sent_on}向您发出收费通知，收费通知于{fee_delivered_on}送达，您未在缴费期限"
        "（自收到收费通知之次日起20个工作日，至{fee_due_on}）内缴纳信息处理费，"
        "视为放弃申请。根据{citation}的规定，本机关不再处理您的政府信息公开申请。",
        "3.6.3": "【待填写：处理情况，如您于某日撤回申请】，本机关终止处理您的政府信息公开申请。",
    }
)


def _remedies(code: str) -> str:
    if code == "3.2":
        return REMEDIES_PARTLY
    if OUTCOMES_BY_CODE[code].reconsideration_first:
        return REMEDIES_RECONSIDERATION_FIRST
    return REMEDIES_ALTERNATIVE


def _reply(code: str) -> str:
    return f"{_OPENING}现答复如下：\n{_REPLY_BODIES[code]}\n{_remedies(code)}\n特此告知。"


def _rereply(code: str) -> str:
    # The new reply is itself a decision the applicant may appeal: the same remedies.
    return (
        f"{_OPENING}本机关已于{{first_reply_on}}对该申请作出答复。{{correction_decision}}"
        f"本机关依法重新作出答复如下：\n{_REPLY_BODIES[code]}\n{_remedies(code)}\n特此告知。"
    )


_CORRECTION = (
    _OPENING + "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第二十九条第二款、"
    "第三十条的规定，请您对以下事项一次性作出补正：\n{correction_items}\n"
    "请您自收到本告知书之日起{correction_period_workdays}个工作日内{correction_due_clause}提交补正后的申请。"
    "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，"
    "本机关不再处理该政府信息公开申请。\n特此告知。"
)
_EXTENSION = (
    _OPENING + "因{extension_reason}，本机关不能在{reply_period_start}起20个工作日内作出答复。"
    "经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
    "答复期限延长{extension_workdays}个工作日（延长的期限最长不超过20个工作日），"
    "延长后的答复期限为{extended_due_on}。\n特此告知。"
)
_CONSULT_THIRD_PARTY = (
    "{party}：\n"
    "本机关于{received_on}收到一份政府信息公开申请，申请获取“{request_title}”的相关政府信息。"
    "经审查，该信息可能涉及贵方的商业秘密、个人隐私等合法权益，公开后可能损害贵方合法权益。"
    "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见。\n"
    "请贵方自收到本函之日起15个工作日内书面提出是否同意公开的意见；"
    "不同意公开的，请说明理由。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定"
    "决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成"
    "重大影响的，可以决定予以公开，并将决定公开的内容和理由书面告知贵方。\n特此函询。"
)
_CONSULT_AGENCY = (
    "{party}：\n"
    "本机关于{received_on}收到一份政府信息公开申请，申请获取“{request_title}”的相关政府信息。"
    "该信息由本机关与贵单位共同制作。根据《中华人民共和国政府信息公开条例》第三十四条的规定，"
    "本机关作为牵头制作的行政机关，现书面征求贵单位意见。\n请贵单位自收到本函之日起15个工作日内"
    "提出意见；逾期未提出意见的，视为同意公开。\n特此函询。"
)
_FEE = (
    _OPENING + "因您申请公开政府信息的数量、频次明显超过合理范围，根据《中华人民共和国政府信息公开条例》"
    "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定收取信息处理费。\n"
    "计费方式：{fee_basis_label}（{fee_basis_note}）。\n计算明细：\n{fee_lines}\n"
    "应缴金额：人民币{fee_amount}元。\n"
    "请您自收到本通知之次日起20个工作日内{fee_due_clause}缴纳，缴费方式请咨询{office_phone}。"
    "自发出本通知至您缴费之日的期间，不计算在答复期限内。逾期未缴纳的，视为放弃申请，"
    "本机关不再处理该政府信息公开申请。\n特此通知。"
)
_REFERRAL = (
    _OPENING + "经审查，您申请获取的政府信息不属于本机关负责公开。根据《中华人民共和国政府信息公开条例》"
    "第三十六条第（五）项的规定，告知您负责公开该政府信息的行政机关为{referral_agency}，"
    "联系方式：{referral_contact}。请您向该机关提出申请。\n" + REMEDIES_ALTERNATIVE + "\n特此告知。"
)


_REASONS = (
    _OPENING + "经审查，您申请公开政府信息的数量、频次明显超过合理范围：{reasons_situation}。"
    "根据《中华人民共和国政府信息公开条例》第三十五条的规定，请您自收到本告知书之日起"
    "{reasons_period_workdays}个工作日内{reasons_due_clause}向本机关说明申请理由。"
    "本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》"
    "第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知您。\n特此告知。"
)
_DEADLINE = (
    _OPENING + "本机关于{reasons_requested_on}要求您说明申请理由，您于{reasons_received_on}作出了说明。"
    "经审查，本机关认为您的申请理由合理，但因{deadline_reason}，无法在《中华人民共和国政府信息公开条例》"
    "第三十三条规定的期限内答复。经本机关政府信息公开工作机构负责人决定，根据《中华人民共和国政府信息公开条例》"
    "第三十五条的规定，确定本申请的答复期限为{deadline_due_on}。\n特此告知。"
)
_THIRD_PARTY_NOTICE = (
    "{party}：\n"
    "本机关于{consultation_started_on}就“{request_title}”相关政府信息的公开书面征求贵方意见，贵方不同意公开。"
    "经审查，本机关认为不公开可能对公共利益造成重大影响，根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
    "决定予以公开。决定公开的内容和理由如下：\n{disclosure_reason}\n"
    f"如对本决定不服，可以自收到本告知书之日起{RECONSIDERATION_DAYS}日内向{{reconsideration_body}}申请行政复议，"
    f"或者自收到本告知书之日起{LITIGATION_MONTHS}个月内向有管辖权的人民法院提起行政诉讼。\n特此告知。"
)


def default_text(kind: LetterKind | str, variant: str = "") -> str:
    kind = LetterKind(kind)
    if kind is LetterKind.REPLY:
        return _reply(variant)
    if kind is LetterKind.REREPLY:
        return _rereply(variant)
    if kind is LetterKind.CONSULTATION_LETTER:
        return _CONSULT_AGENCY if variant == "agency" else _CONSULT_THIRD_PARTY
    return {
        LetterKind.CORRECTION_NOTICE: _CORRECTION,
        LetterKind.EXTENSION_NOTICE: _EXTENSION,
        LetterKind.FEE_NOTICE: _FEE,
        LetterKind.REFERRAL_NOTICE: _REFERRAL,
        LetterKind.REASONS_NOTICE: _REASONS,
        LetterKind.DEADLINE_NOTICE: _DEADLINE,
        LetterKind.THIRD_PARTY_NOTICE: _THIRD_PARTY_NOTICE,
    }[kind]


def template_keys() -> list[tuple[LetterKind, str]]:
    """Every (kind, variant) that has a template: one reply per outcome code, the steps."""
    keys: list[tuple[LetterKind, str]] = [(LetterKind.REPLY, o.code) for o in OUTCOMES]
    keys += [(LetterKind.REREPLY, o.code) for o in OUTCOMES if o.code not in REREPLY_EXCLUDED]
    keys += [
        (LetterKind.CORRECTION_NOTICE, ""),
        (LetterKind.EXTENSION_NOTICE, ""),
        *((LetterKind.CONSULTATION_LETTER, v) for v in CONSULTATION_VARIANTS),
        (LetterKind.FEE_NOTICE, ""),
        (LetterKind.REFERRAL_NOTICE, ""),
        (LetterKind.REASONS_NOTICE, ""),
        (LetterKind.DEADLINE_NOTICE, ""),
        (LetterKind.THIRD_PARTY_NOTICE, ""),
    ]
    return keys


def variant_label(kind: LetterKind | str, variant: str) -> str:
    kind = LetterKind(kind)
    if kind in (LetterKind.REPLY, LetterKind.REREPLY) and variant in OUTCOMES_BY_CODE:
        return f"{variant} {OUTCOMES_BY_CODE[variant].label}"
    if kind is LetterKind.CONSULTATION_LETTER:
        return "其他机关（第三十四条）" if variant == "agency" else "第三方（第三十二条）"
    return ""


# --- The checklist ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """Something the text must contain, in one of the `any_of` forms, and why (the rule)."""

    any_of: tuple[str, ...]
    why: str


def requirements(kind: LetterKind | str, variant: str = "") -> list[Requirement]:
    """What RULES §2 requires of this letter's text (the template, before filling)."""
    kind = LetterKind(kind)
    reqs: list[Requirement] = []
    if kind.to_applicant:
        reqs.append(Requirement(("{tracking_code}",), "写明查询码，便于申请人查询"))
    if kind is LetterKind.REREPLY:
        reqs.append(Requirement(("{first_reply_on}",), "原答复日期"))
        reqs.append(Requirement(("{correction_decision}",), "纠正原答复的决定（重新答复的依据）"))
    if kind in (LetterKind.REPLY, LetterKind.REREPLY):
        outcome = OUTCOMES_BY_CODE[variant]
        if outcome.articles:
            # The citation placeholder, or every article written out (RULES §2.8: the legal basis).
            reqs.append(
                Requirement(("{citation}", *(REGULATIONS + a for a in outcome.articles[:1])), "法律依据")
            )
        reqs.append(Requirement(("行政复议",), "救济途径：行政复议（RULES §2.10）"))
        reqs.append(Requirement((f"{RECONSIDERATION_DAYS}日", "六十日"), "行政复议期限60日"))
        reqs.append(Requirement(("行政诉讼",), "救济途径：行政诉讼"))
        reqs.append(Requirement(("投诉",), "救济途径：投诉、举报"))
        if outcome.reconsideration_first:
            reqs.append(Requirement(("先申请行政复议",), "复议前置（行政复议法第二十三条）"))
            reqs.append(Requirement((RECONSIDERATION_FIRST_BASIS,), "复议前置的法律依据"))
            reqs.append(Requirement((f"{LITIGATION_AFTER_RECONSIDERATION_DAYS}日",), "复议后起诉期限15日"))
        if variant == "3.2" or not outcome.reconsideration_first:
            reqs.append(Requirement((f"{LITIGATION_MONTHS}个月", "六个月"), "直接起诉期限6个月"))
        if variant in ("3.1", "3.2"):
            reqs.append(Requirement(("{provision}",), "提供信息的方式"))
    elif kind is LetterKind.CORRECTION_NOTICE:
        reqs += [
            Requirement(("第三十条",), "补正的法律依据（第三十条）"),
            Requirement(("{correction_items}",), "一次性告知全部补正事项"),
            Requirement(("{correction_period_workdays}",), "补正期限"),
            Requirement(("视为放弃申请",), "逾期不补正的后果"),
        ]
    elif kind is LetterKind.EXTENSION_NOTICE:
        reqs += [
            Requirement(("第三十三条",), "延期的法律依据（第三十三条）"),
            Requirement(("{extension_reason}",), "延期理由"),
            # RULES §2.7 item 1: after a correction the 20 working days count from C, not R.
            Requirement(("{reply_period_start}",), "答复期限的起算日（收到补正后的申请的，自该日起算）"),
            Requirement(("{extended_due_on}",), "延长后的答复期限"),
        ]
    elif kind is LetterKind.CONSULTATION_LETTER:
        article = "第三十四条" if variant == "agency" else "第三十二条"
        reqs += [
            Requirement((article,), f"征求意见的法律依据（{article}）"),
            Requirement(("15个工作日",), "15个工作日内答复"),
            Requirement(("自收到本函之日起",), "答复期限自收到本函之日起计算"),
        ]
        if variant == "agency":
            reqs.append(Requirement(("视为同意",), "逾期未答复视为同意（第三十四条）"))
            reqs.append(Requirement(("共同制作",), "征求的是共同制作信息的机关（第三十四条）"))
    elif kind is LetterKind.FEE_NOTICE:
        reqs += [
            Requirement(("第四十二条",), "收费的法律依据（第四十二条）"),
            Requirement(("国办函〔2020〕109号",), "收费标准的依据"),
            Requirement(("{fee_lines}",), "计算明细"),
            Requirement(("{fee_amount}",), "应缴金额"),
            Requirement(("20个工作日",), "缴费期限20个工作日"),
            Requirement(("{fee_due_on}", "{fee_due_clause}"), "缴费截止日期"),
            Requirement(("视为放弃申请",), "逾期不缴费的后果"),
        ]
    elif kind is LetterKind.REFERRAL_NOTICE:
        reqs += [
            Requirement(("第三十六条第（五）项",), "告知负责公开的机关（第三十六条第（五）项）"),
            Requirement(("{referral_agency}",), "负责公开的机关名称"),
            Requirement(("{referral_contact}",), "其联系方式"),
            Requirement(("行政复议",), "救济途径"),
        ]
    elif kind is LetterKind.REASONS_NOTICE:
        reqs += [
            Requirement(("第三十五条",), "要求说明理由的法律依据（第三十五条）"),
            Requirement(("{reasons_period_workdays}",), "说明理由的期限"),
            Requirement(("不予处理",), "理由不合理的后果"),
        ]
    elif kind is LetterKind.DEADLINE_NOTICE:
        reqs += [
            Requirement(("第三十五条",), "确定延迟答复期限的法律依据（第三十五条）"),
            Requirement(("{deadline_reason}",), "理由"),
            Requirement(("{deadline_due_on}",), "确定的答复期限"),
        ]
    elif kind is LetterKind.THIRD_PARTY_NOTICE:
        reqs += [
            Requirement(("第三十二条",), "书面告知第三方的法律依据（第三十二条）"),
            Requirement(("{disclosure_reason}",), "决定公开的内容和理由"),
            Requirement(("行政复议",), "救济途径"),
        ]
    return reqs


# What a text must not say. The consultation letter's period runs from the day the consultee
# receives it, which the office does not record; `{consultation_answer_due_on}` is counted from
# the day sent (RULES §2.7 item 4, the handler's own reminder), so printed next to "自收到本函之日起"
# it would state an earlier end than the period gives (RULES §2.10's letters never overstate a
# date; decision 0013 on delivery).
FORBIDDEN: dict[LetterKind, tuple[tuple[str, str], ...]] = {
    LetterKind.CONSULTATION_LETTER: (
        (
            "{consultation_answer_due_on}",
            "按发函之日计算的截止日期（期限自收到本函之日起计算，发函日起算的日期会早于实际期限）",
        ),
    ),
}


def check_template(kind: LetterKind | str, variant: str, text: str) -> list[str]:
    """Problems with a template text: missing legal content, unknown placeholders."""
    problems = [f"缺少：{r.why}" for r in requirements(kind, variant) if not any(f in text for f in r.any_of)]
    problems += [f"不应包含：{why}" for found, why in FORBIDDEN.get(LetterKind(kind), ()) if found in text]
    unknown = sorted({name for name in placeholders_in(text) if name not in PLACEHOLDERS})
    if unknown:
        problems.append("未知的占位符：" + "、".join("{" + n + "}" for n in unknown))
    return problems


def placeholders_in(text: str) -> list[str]:
    return _PLACEHOLDER_RE.findall(text)


def fill(text: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders replaced. A placeholder without a value becomes a
    `【待填写：…】` marker, so the letter cannot be signed off until someone writes it in."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value:
            return value
        return f"【待填写：{PLACEHOLDERS.get(name, name)}】"

    return _PLACEHOLDER_RE.sub(one, text)


def markers(text: str) -> list[str]:
    """The `【待填写：…】` markers still in a letter."""
    return _MARKER_RE.findall(text)
