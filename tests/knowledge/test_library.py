"""The Q&A library (issue 24.3): validity follows the source's lifecycle, publishing goes through
the review engine, hotline staff propose from calls, the search is the platform's exact one."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.catalog.factories import published
from zwgk.catalog.services import document_record_lifecycle, document_withdraw
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.knowledge import sources
from zwgk.knowledge.models import Entry, EntryState, QueryChannel
from zwgk.knowledge.selectors import public_answers, statistics
from zwgk.knowledge.services import (
    EntryInput,
    entry_create,
    entry_propose_from_call,
    entry_submit,
    entry_update,
    entry_withdraw,
    log_query,
)
from zwgk.review.models import ReviewRequest, ReviewState
from zwgk.review.services import review_approve, review_return
from zwgk.search.normalise import matches, normalise, parse_query

pytestmark = pytest.mark.django_db

QUESTION = "申请法律援助的经济困难标准是多少？"
ANSWER = "家庭人均月收入低于本市最低工资标准的，视为经济困难，可以申请法律援助。"


def served_ids(**kw):
    return [a.entry.pk for a in public_answers(**kw).answers]


def test_an_entry_whose_source_policy_is_repealed_stops_being_current(
    admin_user, agency, policy, publish_entry
):
    entry = publish_entry(agency, QUESTION, ANSWER, "document", policy.pk, tags=["法律援助"])
    assert served_ids(q="法律援助") == [entry.pk]
    repealing = published(agency, on=date(2026, 5, 6), kind="normative", title="关于废止部分规范性文件的决定")

    document_record_lifecycle(
        actor=admin_user, document_id=policy.pk, kind="repealed", on=date(2026, 5, 6), by_id=repealing.pk
    )

    assert served_ids(q="法律援助") == []
    [expired] = public_answers(q="法律援助", include_expired=True).answers
    assert expired.entry.pk == entry.pk and expired.current is False
    assert expired.source.expired_because == (
        "来源文件《大连市司法局关于印发《大连市法律援助经济困难标准》的通知》于2026-05-06已废止"
        "（依据《关于废止部分规范性文件的决定》）"
    )


def test_an_amended_or_withdrawn_source_also_ends_an_entry(
    admin_user, reviewer, agency, policy, publish_entry
):
    other = published(
        agency, on=date(2026, 3, 9), title="大连市司法局关于公证服务收费的通知", doc_no="大司发〔2026〕13号"
    )
    amended = publish_entry(agency, QUESTION, ANSWER, "document", policy.pk)
    withdrawn = publish_entry(agency, "公证费怎么收？", "按照公证服务收费标准执行。", "document", other.pk)
    amending = published(
        agency, on=date(2026, 5, 6), kind="normative", title="关于修改《大连市法律援助经济困难标准》的决定"
    )
    document_record_lifecycle(
        actor=admin_user, document_id=policy.pk, kind="amended", on=date(2026, 5, 6), by_id=amending.pk
    )
    document_withdraw(actor=reviewer, document_id=other.pk, reason="内容有误")

    assert served_ids() == []
    reasons = {a.entry.pk: a.source.expired_because for a in public_answers(include_expired=True).answers}
    assert "于2026-05-06已修改" in reasons[amended.pk]
    assert reasons[withdrawn.pk] == "来源文件《大连市司法局关于公证服务收费的通知》已不再公开"


def test_an_entry_drawn_from_an_interpretation_ends_with_the_policy_it_explains(
    admin_user, agency, policy, publish_entry
):
    interp = published(
        agency,
        on=date(2026, 3, 2),
        kind="interpretation",
        title="《大连市法律援助经济困难标准》政策解读",
        interprets=policy,
        doc_no="",
    )
    entry = publish_entry(agency, QUESTION, ANSWER, "interpretation", interp.pk)
    [served] = public_answers(q="经济困难").answers
    assert served.current and served.source.url == f"/documents/{interp.pk}/"

    document_record_lifecycle(actor=admin_user, document_id=policy.pk, kind="expired", on=date(2026, 5, 1))

    assert served_ids(q="经济困难") == []
    [expired] = public_answers(q="经济困难", include_expired=True).answers
    assert expired.entry.pk == entry.pk
    assert expired.source.expired_because.endswith("于2026-05-01已失效")


def test_a_dated_repeal_ends_the_entry_only_when_it_takes_effect(admin_user, agency, policy, publish_entry):
    """The catalogue's own rule: a repeal decided today that takes effect next month."""
    from zwgk.catalog.services import document_validity_refresh_due

    publish_entry(agency, QUESTION, ANSWER, "document", policy.pk)
    later = timezone.localdate() + timedelta(days=30)
    document_record_lifecycle(actor=admin_user, document_id=policy.pk, kind="repealed", on=later)
    assert len(served_ids()) == 1
    document_validity_refresh_due(today=later)
    assert served_ids() == []


def test_nothing_is_served_before_sign_off_and_an_edit_waits_for_it_too(editor, reviewer, agency, policy):
    entry = entry_create(
        actor=editor,
        data=EntryInput(
            organization=agency, question=QUESTION, answer=ANSWER, source_kind="document", source_id=policy.pk
        ),
    )
    assert served_ids() == []
    req = entry_submit(actor=editor, entry_id=entry.pk, note="请审签")
    assert req.kind == "knowledge.publish" and req.organization == agency
    with pytest.raises(NotPermitted):  # decision 0016: nobody signs off their own draft
        review_approve(actor=editor, request_id=req.pk)
    review_return(actor=reviewer, request_id=req.pk, comment="请注明标准金额")
    entry.refresh_from_db()
    assert entry.state == EntryState.RETURNED and served_ids() == []

    entry_update(
        actor=editor,
        entry_id=entry.pk,
        data=EntryInput(
            organization=agency,
            question=QUESTION,
            answer=ANSWER + "现行标准为每月2100元。",
            source_kind="document",
            source_id=policy.pk,
        ),
    )
    review_approve(actor=reviewer, request_id=entry_submit(actor=editor, entry_id=entry.pk).pk)
    assert served_ids(q="2100元") == [entry.pk]

    # An edit of a published entry: the approved text is served until the edit is signed off.
    entry_update(
        actor=editor,
        entry_id=entry.pk,
        data=EntryInput(
            organization=agency,
            question=QUESTION,
            answer="现行标准为每月2300元。",
            source_kind="document",
            source_id=policy.pk,
        ),
    )
    req = entry_submit(actor=editor, entry_id=entry.pk)
    assert served_ids(q="2300元") == [] and served_ids(q="2100元") == [entry.pk]
    with pytest.raises(Conflict):
        entry_update(
            actor=editor,
            entry_id=entry.pk,
            data=EntryInput(
                organization=agency,
                question=QUESTION,
                answer="又改",
                source_kind="document",
                source_id=policy.pk,
            ),
        )
    review_approve(actor=reviewer, request_id=req.pk)
    assert served_ids(q="2300元") == [entry.pk] and served_ids(q="2100元") == []


def test_an_entry_needs_a_source_that_stands(editor, admin_user, agency, other_agency, policy):
    def make(**kw):
        values = {"organization": agency, "question": QUESTION, "answer": ANSWER, "source_kind": "document"}
        return entry_create(actor=editor, data=EntryInput(**(values | kw)))

    with pytest.raises(ValidationFailed) as missing:
        make()
    assert "source_id" in missing.value.fields
    with pytest.raises(ValidationFailed) as unknown_kind:
        make(source_kind="webpage", source_id=policy.pk)
    assert "source_kind" in unknown_kind.value.fields
    document_record_lifecycle(actor=admin_user, document_id=policy.pk, kind="repealed", on=date(2026, 5, 6))
    with pytest.raises(ValidationFailed) as repealed:
        make(source_id=policy.pk)
    assert "已废止" in repealed.value.fields["source_id"]
    with pytest.raises(NotPermitted):
        make(organization=other_agency, source_kind="hotline_call")


def test_hotline_staff_propose_from_a_call_and_the_agency_signs_it_off(
    hotline_staff, editor, reviewer, agency
):
    entry = entry_propose_from_call(
        actor=hotline_staff,
        organization=agency,
        question="法律援助申请需要带哪些材料？",
        answer="身份证明、经济困难状况说明和与申请事项有关的材料。",
        call_reference="8890-20261203-0042",
        tags=["法律援助", "材料"],
    )
    assert entry.state == EntryState.SUBMITTED and entry.source_kind == "hotline_call"
    assert served_ids() == []
    req = ReviewRequest.objects.get(object_id=entry.pk, kind="knowledge.publish")
    assert req.state == ReviewState.PENDING and req.author == hotline_staff
    review_approve(actor=reviewer, request_id=req.pk)

    [served] = public_answers(q="材料").answers
    assert served.entry.pk == entry.pk and served.current
    assert served.source.url is None
    with pytest.raises(NotPermitted):  # only hotline staff propose from calls
        entry_propose_from_call(actor=editor, organization=agency, question="问", answer="答")
    with pytest.raises(NotPermitted):  # and they do not edit agencies' entries
        entry_update(
            actor=hotline_staff,
            entry_id=entry.pk,
            data=EntryInput(organization=agency, question="问", answer="答", source_kind="hotline_call"),
        )


def test_a_reviewer_withdraws_an_entry(editor, reviewer, agency, policy, publish_entry):
    entry = publish_entry(agency, QUESTION, ANSWER, "document", policy.pk)
    with pytest.raises(NotPermitted):
        entry_withdraw(actor=editor, entry_id=entry.pk, reason="过时")
    entry_withdraw(actor=reviewer, entry_id=entry.pk, reason="过时")
    assert served_ids(include_expired=True) == []


def test_source_kinds_of_other_apps_plug_in_through_the_registry(monkeypatch, editor, agency, publish_entry):
    """`message` and `guide` belong to other apps: without a resolver an entry is not current;
    once the owning app registers one, its answer decides."""
    # The services app registers the real guide resolver; this test plugs in its own.
    monkeypatch.setattr(sources, "_resolvers", {k: v for k, v in sources._resolvers.items() if k != "guide"})
    with pytest.raises(ValidationFailed) as refused:
        entry_create(
            actor=editor,
            data=EntryInput(
                organization=agency, question="问", answer="答", source_kind="guide", source_id=7
            ),
        )
    assert refused.value.fields["source_id"] == "来源类型尚未接入"

    guides = {7: sources.Resolution(url="/services/guides/7/", current=True)}
    sources.register_resolver("guide", lambda ids: {i: guides[i] for i in ids if i in guides})
    entry = publish_entry(agency, "结婚登记在哪里办？", "各区婚姻登记处。", "guide", 7)
    [served] = public_answers(q="结婚登记").answers
    assert served.entry.pk == entry.pk and served.source.url == "/services/guides/7/"

    guides[7] = sources.Resolution(url="/services/guides/7/", current=False, expired_because="办事指南已停用")
    assert served_ids(q="结婚登记") == []
    with pytest.raises(ValueError):
        sources.register_resolver("guide", lambda ids: {})
    with pytest.raises(ValueError):
        sources.register_resolver("hotline_call", lambda ids: {})


# --- exact search ---------------------------------------------------------------------------------
TEXTS = [
    ("申请法律援助需要什么条件？", "经济困难的公民可以向法律援助机构申请。", ["法律援助"]),
    ("公积金提取需要多长时间？", "资料齐全的，3个工作日内办结（大政办发〔2019〕27号）。", ["住房公积金"]),
    ("ＰＭ2.5超标怎么投诉？", "拨打12345或8890热线。", ["环境", "投诉"]),
    ("婚姻登记可以预约吗", "可通过“辽事通”预约。", ["婚姻 登记"]),
    ("社保卡丢了怎么办", "到任一社保网点挂失补办。", ["社保"]),
]
QUERIES = [
    "法律援助", "援助 条件", "大政办发[2019]27号", "大政办发（2019）", "pm2.5", "PM2.5 投诉", "8890",
    "婚姻 登记", '"婚姻 登记"', "姻登", "《辽事通》", "社保网点", "社保 网点 挂失", "不存在的词", "12345热线",
    "住房", "公积金 3个工作日",
]  # fmt: skip


def test_the_search_is_the_platforms_exact_one(agency, publish_entry):
    """Every query finds exactly the entries whose question, answer or a tag holds every term
    (zwgk.search's reference definition): recall 100 %, no false hits."""
    entries = [publish_entry(agency, q, a, "hotline_call", tags=t) for q, a, t in TEXTS]
    for query in QUERIES:
        terms = parse_query(query).terms
        expected = {
            e.pk
            for e in entries
            if matches(terms, [normalise(e.question), normalise(e.answer), normalise(" ; ".join(e.tags))])
        }
        assert set(served_ids(q=query)) == expected, query
    assert served_ids(q="大政办发[2019]27号") == [entries[1].pk]  # brackets folded
    assert served_ids(q="pm2.5") == [entries[2].pk]  # full-width and case folded
    assert served_ids(q='"婚姻 登记"') == [entries[3].pk]  # a phrase in a tag, not across fields


def test_question_matches_come_first(agency, publish_entry):
    in_answer = publish_entry(
        agency, "怎么办理居住证？", "持身份证到派出所办理，社保记录可作为居住证明。", "hotline_call"
    )
    in_question = publish_entry(agency, "社保记录怎么打印？", "登录社保网站打印。", "hotline_call")
    assert served_ids(q="社保") == [in_question.pk, in_answer.pk]


def test_statistics_count_what_is_asked_most_and_what_finds_nothing(agency):
    for q, n in [
        ("法律援助", 3),
        ("公积金", 0),
        ("法律援助", 2),
        ("公积金", 0),
        ("公积金", 0),
        ("落户", 0),
        ("社保", 1),
    ]:
        log_query(normalised=q, organization_code="", channel=QueryChannel.API, results=n)
    most, never = statistics(since=timezone.now() - timedelta(days=1))
    assert [(r.query, r.asked, r.unanswered) for r in most] == [
        ("公积金", 3, 3),
        ("法律援助", 2, 0),
        ("社保", 1, 0),
        ("落户", 1, 1),
    ]
    assert [(r.query, r.asked) for r in never] == [("公积金", 3), ("落户", 1)]
    assert Entry.objects.count() == 0
