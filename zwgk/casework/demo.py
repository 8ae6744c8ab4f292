"""Demo casework on top of the demo applications (runs after `zwgk.foi.demo`): the letter of every
step, signed and issued at 市司法局 and 市民政局 (which have demo reviewers), drafts elsewhere;
appeal details; a few library cases (some published); the repeated applications grouped; two
joint studies (会商), one waiting for 市司法局's opinion, one concluded.

Idempotent: letters exist once per event, library cases once per source case, groups once per
set of members, appeal details are overwritten with the same values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from zwgk.casework import appeals, conversion, joint_studies, letters, library
from zwgk.casework.domain.letter_texts import EVENT_KINDS
from zwgk.casework.models import Letter, LetterState, LibraryCase, LibraryState
from zwgk.core.demo import shifted
from zwgk.foi.models import Application, ApplicationEvent
from zwgk.organizations.models import Organization

# agency → (handler, reviewer) usernames of the organizations demo
SIGNERS = {"dl-sfj": ("handler", "reviewer"), "dl-mzj": ("mzj_handler", "mzj_editor")}
LIBRARY_TITLES = {
    "2025年度法律援助经费使用情况": True,
    "2025年度律师事务所年度考核结果": True,
    "某医院与某医药企业的采购合同": True,
    "养老服务条例修订过程中的内部讨论记录": True,
    "全市中小学近十年生均经费按学校汇总分析表": False,
    "要求查处邻居违章搭建": False,
}  # title → also published on the portal
APPEAL_DETAILS = {
    ("2025年度行政复议案件办理情况统计", "reconsideration_filed"): ("大连市人民政府", "大政复〔2026〕15号"),
    ("2025年度行政复议案件办理情况统计", "litigation_filed"): (
        "大连市中山区人民法院",
        "（2026）辽0202行初88号",
    ),
    ("2025年度低保对象名单", "reconsideration_filed"): ("大连市人民政府", "大政复〔2026〕9号"),
}
_BLANK = re.compile(r"【待填写[：:]([^】]*)】")


def _fill_blanks(body: str) -> str:
    # Demo text where a handler would write: keeps the letter readable and lets it be signed.
    return _BLANK.sub(lambda m: f"（{m.group(1)}：见附件说明）", body)


def _letters(users: dict[str, Any]) -> tuple[int, int]:
    created = issued = 0
    events = ApplicationEvent.objects.filter(type__in=list(EVENT_KINDS), letter__isnull=True).select_related(
        "application__organization"
    )
    for event in events.order_by("application_id", "seq"):
        if letters.letter_for_event(application=event.application, event=event, actor=None) is not None:
            created += 1
    for code, (handler_name, reviewer_name) in SIGNERS.items():
        handler, reviewer = users.get(handler_name), users.get(reviewer_name)
        if handler is None or reviewer is None:
            continue
        for letter in Letter.objects.filter(application__organization__code=code, state=LetterState.DRAFT):
            letters.letter_update(actor=handler, letter_id=letter.pk, body=_fill_blanks(letter.body))
            letters.letter_submit(actor=handler, letter_id=letter.pk)
            letters.letter_approve(actor=reviewer, letter_id=letter.pk, comment="同意（演示）")
            issued += 1
    return created, issued


def _library(admin: Any, users: dict[str, Any]) -> int:
    made = 0
    for title, public in LIBRARY_TITLES.items():
        application = Application.objects.filter(title=title, state="closed").order_by("pk").first()
        if application is None or LibraryCase.objects.filter(source=application).exists():
            continue
        case = library.library_case_create(actor=admin, application_id=application.pk)
        library.library_case_submit(actor=admin, pk=case.pk)
        letters_approve_library(admin, case, users)
        if public:
            library.library_case_set_public(actor=admin, pk=case.pk, public=True)
        made += 1
    return made


def letters_approve_library(admin: Any, case: LibraryCase, users: dict[str, Any] | None = None) -> None:
    from zwgk.review.models import ReviewRequest
    from zwgk.review.services import may_decide, review_approve

    req = ReviewRequest.objects.for_target(case).pending().first()
    if req is not None:
        # Decision 0016: not the one who submitted it; the agency's own signer of the demo.
        candidates = sorted((users or {}).values(), key=lambda u: u.username == "admin_review")
        signers = [u for u in candidates if u.pk != admin.pk and may_decide(u, req)]
        review_approve(
            actor=signers[0] if signers else admin, request_id=req.pk, comment="已核对脱敏（演示）"
        )
    case.refresh_from_db()
    assert case.state == LibraryState.APPROVED


def _appeals(admin: Any) -> None:
    for (title, event_type), (body, number) in APPEAL_DETAILS.items():
        event = ApplicationEvent.objects.filter(application__title=title, type=event_type).first()
        if event is not None:
            appeals.appeal_update(
                actor=admin, filed_event_id=event.pk, body_name=body, case_number=number, note=""
            )


# Joint studies (会商, issue 19 item 12) on open 民政局 cases: (title, opened, question, difficulty,
# units, opinions {unit: (user, day, text)}, conclusion (day, text, proposed outcome) or None).
# 市司法局's opinion on the first is still awaited, so it is on the demo handler's to-do list.
JOINT_STUDIES: list[tuple[str, str, str, str, list[str], dict[str, tuple[str, str, str]], Any]] = [
    (
        "2026年度社会组织年检结果",
        "2026-11-18",
        "年检结论为“不合格”的社会组织名单及原因能否公开？",
        "涉及社会组织的商业信息和负责人个人信息，年检结论是否属于应当主动公开的行政检查结果存在不同理解。",
        ["dl-sfj", "dl"],
        {"dl": ("supervisor", "2026-11-20", "年检结论属于行政检查结果，应当公开；负责人个人信息不予公开。")},
        None,
    ),
    (
        "2026年婚姻登记数据按月统计",
        "2026-11-02",
        "按月、按街道细分的婚姻登记统计数据是否会识别到个人？",
        "部分街道单月登记数量很少，细分后可能间接识别到当事人；同时已征求第三方和统计部门意见。",
        ["dl-sfj", "dl"],
        {
            "dl-sfj": ("handler", "2026-11-04", "单月数量少于5件的单元宜合并后公开，避免识别到个人。"),
            "dl": ("supervisor", "2026-11-05", "同意市司法局意见，按区汇总公开。"),
        },
        ("2026-11-06", "按区、按月汇总公开，单月少于5件的街道并入所在区合计。", "3.2"),
    ),
]


def _joint_studies(users: dict[str, Any]) -> int:
    opener = users.get("mzj_handler")
    if opener is None:
        return 0
    made = 0
    units = {o.code: o.pk for o in Organization.objects.filter(code__in=["dl-sfj", "dl"])}
    for title, opened, question, difficulty, invited, opinions, conclusion in JOINT_STUDIES:
        application = Application.objects.filter(title=title, organization__code="dl-mzj").first()
        if application is None or application.joint_studies.exists() or not application.is_open:
            continue
        study = joint_studies.joint_study_open(
            actor=opener,
            application_id=application.pk,
            question=question,
            difficulty=difficulty,
            units=[units[code] for code in invited if code in units],
            today=shifted(date.fromisoformat(opened)),
        )
        for invitation in study.invitations.select_related("organization"):
            answer = opinions.get(invitation.organization.code)
            if answer is not None and users.get(answer[0]) is not None:
                who, day, text = answer
                joint_studies.joint_study_answer(
                    actor=users[who],
                    invitation_id=invitation.pk,
                    opinion=text,
                    today=shifted(date.fromisoformat(day)),
                )
        if conclusion is not None:
            day, text, outcome = conclusion
            joint_studies.joint_study_conclude(
                actor=opener,
                study_id=study.pk,
                conclusion=text,
                proposed_outcome=outcome,
                today=shifted(date.fromisoformat(day)),
            )
        made += 1
    return made


def load(*, stdout: Any) -> str:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["admin", "admin_review", "supervisor", *sum(SIGNERS.values(), ())]
        )
    }
    admin = users.get("admin")
    if admin is None:
        return "缺少演示账号，未载入"
    created, issued = _letters(users)
    made = _library(admin, users)
    _appeals(admin)
    studies = _joint_studies(users)
    groups = conversion.conversion_groups_propose()
    return (
        f"文书 {Letter.objects.count()} 份（本次生成 {created} 份、审签发出 {issued} 份），"
        f"案例 {LibraryCase.objects.count()} 件（本次 {made} 件），会商 {studies} 件，"
        f"新发现同一信息申请组 {len(groups)} 组"
    )
