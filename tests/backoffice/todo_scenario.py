"""One working day at 市司法局 with something to do for every role (issue 20 item 4), built
through the services. Today is Thu 2026-03-26 (2026 schedule: 春节 02-15..23 off, Sat 02-14 and
02-28 worked); expected dates were counted by hand on that calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tests.catalog.factories import document_input, genre, published
from tests.foi.factories import ApplicantFactory, RequestFactory, ev, register_case
from tests.monitoring.test_pages import stored_round
from zwgk.casework import letters
from zwgk.casework.models import Letter
from zwgk.catalog.services import document_create_draft, document_submit
from zwgk.foi import services
from zwgk.monitoring.models import Site
from zwgk.review.chains import StepSpec, signoff_chain_save
from zwgk.review.models import ReviewRequest
from zwgk.review.services import review_return

TODAY = date(2026, 3, 26)
D = date.fromisoformat


@dataclass
class Scenario:
    handler: Any
    office_head: Any
    reviewer: Any
    editor: Any
    supervisor: Any
    cases: dict[str, Any]
    submitted_letter: Letter
    returned: Any
    missing_interpretation: Any
    site: Site


def _append(case: Any, actor: Any, type_: str, on: str, **fields: Any) -> None:
    services.application_append_event(
        actor=actor, application_id=case.pk, event=ev(type_, on, **fields), today=D(on)
    )


def build(city: Any, agency: Any, make_staff: Any) -> Scenario:
    handler = make_staff(agency, "handler", username="sfj_handler")
    office_head = make_staff(agency, "office_head", username="sfj_head")
    reviewer = make_staff(agency, "reviewer", username="sfj_reviewer")
    editor = make_staff(agency, "editor", username="sfj_editor")
    supervisor = make_staff(city, "supervisor", username="gkb")

    def case(received: str, **kw: Any) -> Any:
        return register_case(agency, handler, received_on=received, today=TODAY, **kw)

    cases = {
        # 20 working days after Mon 02-02, 02-14 and 02-28 worked: due Fri 03-06, overdue today.
        "overdue": case("2026-02-02"),
        # Due Mon 03-30: 2 working days left.
        "due_soon": case("2026-03-02"),
        # Received Fri 03-20: the correction notice is due on Tue 03-31 (7 working days).
        "fresh": case("2026-03-20"),
        "consulting": case("2026-03-03"),
        "fee": case("2026-02-25"),
    }
    # A third party consulted on Thu 03-05 has until Thu 03-26 (15 working days): today.
    _append(
        cases["consulting"],
        handler,
        "consultation_started",
        "2026-03-05",
        party="大连某建设有限公司",
        kind="third_party",
    )
    # Fee notice Thu 02-26 (Sat 02-28 worked): payment due Wed 03-25, past.
    _append(cases["fee"], handler, "fee_notice_sent", "2026-02-26", basis="per_page", quantity=100)
    cases["online"] = services.application_submit(
        organization=agency,
        applicant=ApplicantFactory(),
        request=RequestFactory(title="2025年度法律援助案件办理情况"),
        now=timezone.make_aware(timezone.datetime(2026, 3, 25, 10, 0)),
    )
    # Letters are signed off by the office head here (a sign-off chain, decision 0016); the fee
    # notice goes to sign-off, the consultation letter stays a draft to finish.
    signoff_chain_save(
        actor=office_head,
        organization=agency,
        kind="foi.letter",
        steps=[StepSpec("office_head", "负责人签发")],
    )
    fee_letter = Letter.objects.get(application=cases["fee"])
    letters.letter_submit(actor=handler, letter_id=fee_letter.pk)

    draft = document_create_draft(
        actor=editor, data=document_input(agency, title="关于开展2026年普法宣传月活动的通知")
    )
    req = document_submit(actor=editor, document_id=draft.pk)
    review_return(actor=reviewer, request_id=req.pk, comment="请补充活动时间安排")
    pending = document_create_draft(
        actor=editor,
        data=document_input(agency, title="大连市司法局2026年政务公开工作要点", doc_no="大司发〔2026〕15号"),
    )
    document_submit(actor=editor, document_id=pending.pk)
    missing = published(
        agency,
        on=D("2026-03-05"),
        kind="policy",
        genre=genre("yijian"),
        title="关于加强公共法律服务体系建设的意见",
    )

    site = Site.objects.create(
        organization=agency, name="市司法局门户网站", home_url="https://sfj.example.gov.cn/"
    )
    stored_round(site, d2=0.86, d3=0.78, score=55.0, passed=False)
    assert ReviewRequest.objects.pending().count() == 2
    # The scheduler's daily refresh: paused cases' stored due dates move to today's reading.
    services.applications_refresh_derived(today=TODAY)
    return Scenario(
        handler=handler,
        office_head=office_head,
        reviewer=reviewer,
        editor=editor,
        supervisor=supervisor,
        cases=cases,
        submitted_letter=fee_letter,
        returned=draft,
        missing_interpretation=missing,
        site=site,
    )


def more_of_everything(agency: Any, scenario: Scenario, n: int = 5) -> None:
    """More rows behind every count: the query count of the to-do list must not grow."""
    handler = scenario.handler
    for i in range(n):
        c = register_case(agency, handler, received_on=TODAY - timedelta(days=60 + i), today=TODAY)
        _append(c, handler, "consultation_started", "2026-03-05", party=f"第三方{i}", kind="third_party")
        published(
            agency,
            on=D("2026-03-06"),
            kind="normative",
            title=f"大连市司法局规范性文件（第{i}号）",
            doc_no=f"大司规〔2026〕{i + 1}号",
        )
        draft = document_create_draft(
            actor=scenario.editor,
            data=document_input(agency, title=f"稿件{i}", doc_no=f"大司发〔2026〕{30 + i}号"),
        )
        req = document_submit(actor=scenario.editor, document_id=draft.pk)
        review_return(actor=scenario.reviewer, request_id=req.pk, comment="请修改")
    services.applications_refresh_derived(today=TODAY)
