"""Demo data of public participation, dated from the demo day (zwgk.core.demo): message columns
(司法局's 政务咨询 column hosts its monitored website's messages), messages answered, pending and
overdue, one consultation closed with its feedback report linked to the final document and one
open, a meeting open for registration, an interview with its transcript, and the city's annual
list of major decisions. Idempotent: nothing is added twice."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from zwgk.catalog.models import Document, DocumentState
from zwgk.core.demo import demo_today
from zwgk.monitoring.models import Site
from zwgk.organizations.models import Organization
from zwgk.participation import services
from zwgk.participation.models import (
    ChannelKind,
    Consultation,
    Interview,
    MajorDecision,
    Meeting,
    Message,
    MessageChannel,
    Selection,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")

# (days before the demo day, subject, body, answer or None, publish)
MESSAGES = [
    (
        40,
        "申请法律援助需要哪些材料",
        "您好，我因劳动报酬纠纷想申请法律援助，请问需要准备哪些材料，到哪里申请？",
        "您好！申请法律援助需提交身份证明、经济困难状况说明和与案件有关的材料，可到市公共法律服务中心"
        "（西岗区人民广场1号）或通过“12348”热线咨询办理。",
        True,
    ),
    (
        25,
        "人民调解员如何申请",
        "退休后想参加社区人民调解工作，请问如何成为人民调解员？",
        "您好！人民调解员由人民调解委员会委任或聘任，请向所在街道司法所咨询报名。",
        True,
    ),
    (30, "律师执业投诉处理进度", "去年12月投诉某律师事务所，至今没有处理结果，请问进展如何？", None, False),
    (3, "公证收费标准咨询", "办理继承公证怎么收费？是否可以减免？", None, False),
]


def _at(day: Any, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _channels(sfj: Organization, mzj: Organization | None, head: Any) -> None:
    site = Site.objects.filter(organization=sfj).first()
    services.channel_upsert(
        actor=head, organization=sfj, kind=ChannelKind.CONSULTATION, name="政务咨询", site=site
    )
    services.channel_upsert(
        actor=head, organization=sfj, kind=ChannelKind.SUGGESTION, name="建言献策", site=site
    )
    if mzj is not None:
        MessageChannel.objects.get_or_create(
            organization=mzj, kind=ChannelKind.CONSULTATION, defaults={"name": "政务咨询"}
        )


def _messages(sfj: Organization, handler: Any, today: Any) -> int:
    added = 0
    for days, subject, body, answer, publish in MESSAGES:
        if Message.objects.filter(organization=sfj, subject=subject).exists():
            continue
        received = today - timedelta(days=days)
        m = services.message_submit(
            organization=sfj,
            data=services.MessageData(
                subject=subject, body=body, name="张明", phone="13800001111", publish_allowed=publish
            ),
            now=_at(received),
        )
        if answer:
            services.message_answer(
                actor=handler, message=m, answer=answer, publish=publish, on=min(m.due_on, today)
            )
        added += 1
    return added


def _final_document(sfj: Organization) -> Document | None:
    return (
        Document.objects.filter(organization=sfj, state=DocumentState.PUBLISHED)
        .order_by("-published_on", "-pk")
        .first()
    )


def _consultations(sfj: Organization, editor: Any, today: Any) -> int:
    added = 0
    closed_title = "大连市公共法律服务体系建设实施办法（征求意见稿）"
    final = _final_document(sfj)
    if final is not None and not Consultation.objects.filter(title=closed_title).exists():
        opens = today - timedelta(days=60)
        c = services.consultation_create(
            actor=editor,
            organization=sfj,
            data=services.ConsultationData(
                title=closed_title,
                kind="normative",
                draft_text=(
                    "第一条 为推进公共法律服务体系建设，制定本办法。\n"
                    "第二条 市、区（市）县、街道（乡镇）、社区（村）建立四级公共法律服务平台。\n"
                    "第三条 公共法律服务中心工作日全天开放，节假日安排值班。\n"
                    "第四条 本办法自发布之日起施行。"
                ),
                explanation="为落实法治政府建设要求，方便群众就近获得法律服务，起草了本办法。",
                opens_on=opens,
                closes_on=opens + timedelta(days=30),
            ),
        )
        services.consultation_publish(actor=editor, consultation=c, today=opens)
        comments = [
            (
                "建议公共法律服务中心周六上午开放。",
                3,
                "开放时间",
                "partly",
                "节假日安排值班，周六上午开放视试点情况推广。",
            ),
            ("建议在社区平台配备专职律师。", 2, "平台建设", "adopted", ""),
            (
                "希望增加线上视频咨询。",
                None,
                "服务方式",
                "not_adopted",
                "线上咨询已由“12348”平台提供，不在本办法中重复规定。",
            ),
        ]
        after = c.closes_on + timedelta(days=1) if c.closes_on else today
        for i, (body, paragraph, topic, adoption, reason) in enumerate(comments):
            x = services.comment_submit(
                consultation=c, body=body, paragraph=paragraph, now=_at(opens + timedelta(days=3 + i))
            )
            services.comment_moderate(actor=editor, comment=x, publish=True)
            services.comment_assess(
                actor=editor, comment=x, topic=topic, adoption=adoption, reason=reason, today=after
            )
        services.consultation_report_publish(
            actor=editor,
            consultation=c,
            final_document=final,
            summary="征求意见期间共收到意见3条，采纳1条，部分采纳1条，未采纳1条，未采纳的理由逐条说明如下。",
            today=after,
        )
        added += 1
    open_title = "大连市人民调解工作规定（征求意见稿）"
    if not Consultation.objects.filter(title=open_title).exists():
        opens = today - timedelta(days=5)
        c = services.consultation_create(
            actor=editor,
            organization=sfj,
            data=services.ConsultationData(
                title=open_title,
                kind="normative",
                draft_text=(
                    "第一条 为规范人民调解工作，制定本规定。\n"
                    "第二条 人民调解委员会调解民间纠纷，不收取任何费用。\n"
                    "第三条 本规定自发布之日起施行。"
                ),
                explanation="为落实《中华人民共和国人民调解法》，结合本市实际，起草了本规定。",
                opens_on=opens,
                closes_on=opens + timedelta(days=30),
            ),
        )
        services.consultation_publish(actor=editor, consultation=c, today=opens)
        services.comment_submit(
            consultation=c,
            body="建议明确调解协议的司法确认程序。",
            paragraph=2,
            now=_at(opens + timedelta(days=1)),
        )
        added += 1
    return added


def _meeting(sfj: Organization, editor: Any, today: Any) -> int:
    title = "市司法局局务会议（审议《大连市人民调解工作规定》）"
    if Meeting.objects.filter(title=title).exists():
        return 0
    m = services.meeting_create(
        actor=editor,
        organization=sfj,
        data=services.MeetingData(
            title=title,
            topics="一、审议《大连市人民调解工作规定（草案）》\n二、听取公众代表意见",
            starts_at=_at(today + timedelta(days=14), 9),
            place="大连市司法局三楼第一会议室",
            seats=5,
            registration_closes_at=_at(today + timedelta(days=7), 17),
            selection=Selection.LOTTERY,
        ),
    )
    for i, name in enumerate(["王丽", "刘洋", "陈静"]):
        services.meeting_register(meeting=m, name=name, phone=f"1390000000{i}", now=_at(today, 9 + i))
    # First come with a wait list: full, then one withdrawal gives the seat to the first waiting.
    m = services.meeting_create(
        actor=editor,
        organization=sfj,
        data=services.MeetingData(
            title="市司法局法律援助工作座谈会",
            topics="听取公众对法律援助便民措施的意见",
            starts_at=_at(today + timedelta(days=10), 14),
            place="大连市司法局二楼会议室",
            seats=2,
            registration_closes_at=_at(today + timedelta(days=5), 17),
            selection=Selection.FIRST_COME,
        ),
    )
    regs = [
        services.meeting_register(meeting=m, name=name, phone=f"1370000000{i}", now=_at(today, 9 + i))
        for i, name in enumerate(["赵敏", "孙强", "周婷", "吴磊"])
    ]
    services.meeting_withdraw(meeting=m, code=regs[0].code, phone=regs[0].phone, now=_at(today, 15))
    return 1


def _interview(sfj: Organization, editor: Any, today: Any) -> int:
    title = "解读《大连市公共法律服务体系建设实施办法》"
    if Interview.objects.filter(title=title).exists():
        return 0
    policy = _final_document(sfj)
    i = services.interview_create(
        actor=editor,
        organization=sfj,
        data=services.InterviewData(
            title=title,
            guests="市司法局副局长 高明",
            starts_at=_at(today - timedelta(days=2), 15),
            summary="围绕公共法律服务平台建设、法律援助申请等问题与网友在线交流。",
            policy=policy,
        ),
    )
    qa = [
        ("社区公共法律服务工作室能办理哪些事项？", "可以提供法律咨询、人民调解、法律援助申请受理等服务。"),
        ("法律援助申请多长时间能批下来？", "法律援助机构自收到申请之日起7日内审查并作出决定。"),
    ]
    asked = [
        services.question_submit(interview=i, body=body, now=_at(today - timedelta(days=4))) for body, _ in qa
    ]
    # The live session: a question asked during it is a live one.
    i = services.interview_live(actor=editor, interview=i, live=True, now=_at(today - timedelta(days=2), 15))
    asked.append(
        services.question_submit(
            interview=i, body="残疾人申请法律援助有没有便利措施？", now=_at(today - timedelta(days=2), 15)
        )
    )
    qa.append(("", "残疾人申请法律援助可以预约上门受理，并免予经济困难审查。"))
    i = services.interview_live(actor=editor, interview=i, live=False, now=_at(today - timedelta(days=2), 16))
    for q, (_, answer) in zip(asked, qa, strict=True):
        services.question_moderate(actor=editor, question=q, accept=True, answer=answer)
    services.interview_publish_transcript(
        actor=editor,
        interview=i,
        transcript="主持人：各位网友，大家好！今天我们邀请到市司法局副局长高明，解读《大连市公共法律服务体系建设实施办法》。\n"
        "高明：网友们好！……",
        today=today,
    )
    return 1


def _decisions(city: Organization, sfj: Organization, head: Any, today: Any) -> int:
    year = today.year
    items = [
        ("制定《大连市公共法律服务体系建设实施办法》", "市司法局", f"{year}年10月"),
        ("编制大连市养老服务设施布局专项规划", "市民政局", f"{year}年12月"),
        ("调整大连市中心城区公共交通票价", "市交通局", f"{year}年12月"),
    ]
    added = 0
    for title, unit, planned in items:
        if MajorDecision.objects.filter(title=title, year=year).exists():
            continue
        d = services.decision_add(
            actor=head, organization=city, year=year, title=title, responsible_unit=unit, planned=planned
        )
        added += 1
        if unit == "市司法局":
            c = Consultation.objects.filter(organization=sfj, state="reported").first()
            start = c.opens_on if c is not None and c.opens_on else today - timedelta(days=60)
            services.decision_stage_record(
                actor=head,
                decision=d,
                stage="public_participation",
                on=start,
                note="公开征求意见30日",
                consultation=c,
            )
            services.decision_stage_record(
                actor=head, decision=d, stage="legality_review", on=start + timedelta(days=35)
            )
            services.decision_stage_record(
                actor=head,
                decision=d,
                stage="collective_discussion",
                on=start + timedelta(days=40),
                note="市政府常务会议审议通过",
            )
            final = _final_document(sfj)
            services.decision_stage_record(
                actor=head, decision=d, stage="publication", on=start + timedelta(days=41), document=final
            )
    return added


def load(*, stdout: Any) -> str:
    orgs = Organization.objects.filter(code__in=["dl", "dl-sfj", "dl-mzj"]).in_bulk(field_name="code")
    sfj, city = orgs.get("dl-sfj"), orgs.get("dl")
    head, handler, editor, supervisor = (
        _user("office_head"),
        _user("handler"),
        _user("editor"),
        _user("supervisor"),
    )
    if sfj is None or city is None or None in (head, handler, editor, supervisor):
        return "缺少演示机构或账号，未载入"
    today = demo_today()
    _channels(sfj, orgs.get("dl-mzj"), head)
    messages = _messages(sfj, handler, today)
    consultations = _consultations(sfj, editor, today)
    meetings = _meeting(sfj, editor, today)
    interviews = _interview(sfj, editor, today)
    decisions = _decisions(city, sfj, supervisor, today)
    return (
        f"留言 {messages} 条、意见征集 {consultations} 项、公众列席会议 {meetings} 个、"
        f"在线访谈 {interviews} 场、重大行政决策事项 {decisions} 项（本次新增）"
    )
