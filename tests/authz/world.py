"""The world the authorization table is tested in: one object of each kind in the "own" agency
(市司法局, under the city government 市政府), and one user per actor class of tests/authz/table.py.

Built once per test module inside a transaction that is rolled back afterwards; every request of
the table test runs in its own savepoint, so an action that changes state leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from tests.authz.table import ACTORS, ROLES
from tests.casework.steps import close, new_case, step
from tests.catalog.factories import document_input, published
from tests.factories import OrganizationFactory, grant
from zwgk.api.tokens import api_token_issue

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    objects: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)  # actor class → user (None: anonymous)
    sessions: dict[str, str] = field(default_factory=dict)  # actor class → session key
    tokens: dict[str, str] = field(default_factory=dict)  # actor class → API token

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _file(name: str, data: bytes = PDF) -> dict[str, Any]:
    return {
        "file": ContentFile(data, name=name),
        "original_name": name,
        "content_type": "application/pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _actors(w: World, city, own, other) -> None:
    User = get_user_model()
    for actor in ACTORS:
        if actor == "anonymous":
            w.users[actor] = None
            continue
        user = User.objects.create_user(username=f"authz-{actor.replace(':', '-')}", password="x")
        if actor == "superuser":
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        else:
            place, role = actor.split(":")
            assert role in ROLES
            grant(user, {"own": own, "other": other, "city": city}[place], role)
        w.users[actor] = user
        client = Client()
        client.force_login(user)
        w.sessions[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
        w.tokens[actor] = api_token_issue(actor=None, user=user)


def build_world() -> World:
    from zwgk.casework import appeals, conversion, letters, library
    from zwgk.casework.joint_studies import joint_study_open
    from zwgk.casework.models import (
        AppealDocument,
        ConversionGroup,
        Letter,
        LetterState,
        LibraryCase,
        LibraryState,
    )
    from zwgk.catalog.models import Attachment, Column
    from zwgk.catalog.services import document_create_draft, document_submit
    from zwgk.foi.models import ApplicationAttachment
    from zwgk.monitoring.models import HarvestRun, InspectionRound, Site, WatchedColumn
    from zwgk.review.models import ReviewRequest
    from zwgk.workplan.models import ProgressEvidence, ProgressReport, TaskUnit, WorkPlan, WorkTask

    w = World()
    city = OrganizationFactory(
        code="dl", name="大连市人民政府", short_name="市政府", kind="government", parent=None
    )
    own = OrganizationFactory(code="dl-sfj", name="大连市司法局", short_name="市司法局", parent=city)
    other = OrganizationFactory(code="dl-mzj", name="大连市民政局", short_name="市民政局", parent=city)
    # Invited to the joint study: a third agency, so that "other" stays a stranger to every object.
    invited = OrganizationFactory(
        code="dl-wjw", name="大连市卫生健康委员会", short_name="市卫生健康委", parent=city
    )
    enterprise = OrganizationFactory(
        code="dl-lsfw",
        name="大连市法律服务中心",
        short_name="法律服务中心",
        kind="public_enterprise",
        parent=own,
    )
    _actors(w, city, own, other)
    o = w.objects
    o.update(city=city, own=own, other=other, invited=invited, enterprise=enterprise)
    editor, handler = w.users["own:editor"], w.users["own:handler"]

    # Catalogue: a draft with an attachment in a column, one waiting for review, a published item.
    column = Column.objects.create(code="dl-sfj-tzgg", name="通知公告", organization=own)
    draft = document_create_draft(
        actor=editor, data=document_input(own, title="大连市司法局关于开展普法宣传月活动的通知")
    )
    attachment = Attachment.objects.create(document=draft, file_type="pdf", **_file("活动方案.pdf"))
    draft.placements.create(column=column, placed_by=editor) if hasattr(draft, "placements") else None
    pending = document_create_draft(
        actor=editor, data=document_input(own, title="大连市司法局关于公证收费标准的说明")
    )
    document_submit(actor=editor, document_id=pending.pk)
    review = ReviewRequest.objects.filter(object_id=pending.pk).latest("pk")
    doc = published(own, on=date(2026, 3, 2), title="大连市行政执法公示办法")
    published_attachment = Attachment.objects.create(document=doc, file_type="pdf", **_file("公示办法.pdf"))
    o.update(
        published_attachment=published_attachment,
        column=column,
        draft=draft,
        attachment=attachment,
        pending=pending,
        review=review,
        published=doc,
    )

    # Applications: an open case with a letter, a replied case (library, conversion, appeal).
    case = new_case(own, handler, received_on="2026-03-02")
    letter = step(case, handler, "correction_requested", "2026-03-04", period_workdays=10)
    if letter is None:
        letter = Letter.objects.filter(application=case).latest("pk")
    file = ApplicationAttachment.objects.create(
        application=case, kind="identity_proof", **_file("身份证明.pdf")
    )
    event_file = ApplicationAttachment.objects.create(application=case, kind="event", **_file("补正材料.pdf"))
    replied = new_case(own, handler, received_on="2026-03-03")
    reply = close(replied, "2026-03-10", "3.1")  # by the agency's 审签人-handler (decision 0016)
    # Issued, so that the tracking page's signed link to it works.
    Letter.objects.filter(pk=reply.pk).update(state=LetterState.ISSUED, issued_at=timezone.now())
    letter_token = signing.dumps({"l": reply.pk}, salt=letters.PUBLIC_LINK_SALT)
    record = appeals.appeal_file(
        actor=handler, application_id=replied.pk, kind="reconsideration", on=date(2026, 4, 1),
        body_name="大连市人民政府", today=date(2026, 4, 1),
    )  # fmt: skip
    appeal_doc = AppealDocument.objects.create(appeal=record, label="复议申请书", **_file("复议申请书.pdf"))
    library_case = library.library_case_create(actor=handler, application_id=replied.pk)
    # Approved and public, so that the portal's case library shows it.
    LibraryCase.objects.filter(pk=library_case.pk).update(state=LibraryState.APPROVED, public=True)
    replied_too = new_case(own, handler, received_on="2026-03-05")
    close(replied_too, "2026-03-12", "3.1")
    library_draft = library.library_case_create(actor=handler, application_id=replied_too.pk)
    twin = new_case(own, handler, received_on="2026-03-04")
    group = ConversionGroup.objects.create(
        organization=own, title=case.title, signature=f"{case.pk},{twin.pk}"
    )
    group.members.set([case, twin])
    study = joint_study_open(
        actor=handler, application_id=case.pk, question="是否涉及第三方商业秘密？", difficulty="third_party",
        units=[invited.pk], today=date(2026, 3, 5),
    )  # fmt: skip
    o.update(
        case=case, letter=letter, foi_file=file, replied=replied, appeal=record, appeal_doc=appeal_doc,
        library_case=library_case, group=group, study=study, letter_token=letter_token,
        event_file=event_file, library_draft=library_draft,
    )  # fmt: skip
    del conversion  # the group is built by hand: the proposal needs many similar cases

    # Monitoring: a site with a watched column, a finished round and a harvest.
    site = Site.objects.create(organization=own, name="大连市司法局网站", home_url="https://sfj.dl.gov.cn/")
    watched = WatchedColumn.objects.create(site=site, name="通知公告", url="https://sfj.dl.gov.cn/tzgg/")
    now = timezone.now()
    rnd = InspectionRound.objects.create(site=site, status="done", queued_at=now, finished_at=now)
    harvest = HarvestRun.objects.create(site=site, start_url="https://sfj.dl.gov.cn/tzgg/", queued_at=now)
    o.update(site=site, watched=watched, round=rnd, harvest=harvest)

    # Service guides (issue 24): two published, one with a new draft open, in a public package,
    # and a case pushed by the service system's account.
    from tests.factories import grant
    from tests.services.factories import guide_input, published_guide
    from zwgk.services import guides as service_guides
    from zwgk.services import packages as service_packages
    from zwgk.services import progress as service_progress

    guide = published_guide(own, editor, w.users["own:reviewer"], "SFJ-AUTHZ-1")
    second = published_guide(own, editor, w.users["own:reviewer"], "SFJ-AUTHZ-2", name="公证")
    guide_draft = service_guides.guide_save_draft(actor=editor, pk=guide.pk, data=guide_input(name="修订稿"))
    service_packages.package_save(
        actor=w.users["own:reviewer"],
        code="authz",
        name="一件事",
        lead=own,
        guides=[guide, second],
        public=True,
    )
    system = get_user_model().objects.create_user(username="authz-service-system", password="x")
    grant(system, city, "service_system")
    service_progress.progress_push(
        actor=system, case_no="AUTHZ-1", item_code="SFJ-AUTHZ-1", organization_code=own.code,
        milestone="accepted", on=date(2026, 3, 2), verification_code="123456", today=date(2026, 3, 2),
    )  # fmt: skip
    import io

    from zwgk.services.material_files import material_file_upload
    from zwgk.services.models import GuideMaterial

    material_file = material_file_upload(
        actor=editor, guide_id=second.pk, fileobj=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), original_name="表.pdf"
    )
    GuideMaterial.objects.filter(version=second.published).update(template_file=material_file)
    o.update(guide=guide, guide_draft=guide_draft, material_file=material_file)

    # Work plan: the city's arrangement with one task led by the own agency, with evidence.
    plan = WorkPlan.objects.create(
        title="2026年大连市政务公开工作要点",
        year=2026,
        organization=city,
        doc_no="大政办发〔2026〕1号",
        source_text="…",
    )
    task = WorkTask.objects.create(
        plan=plan, section="一、(一)", section_title="推进决策公开", title="完善重大行政决策公开目录",
        text="各部门年内公开重大行政决策事项目录。", position=1, deadline=date(2026, 12, 31),
    )  # fmt: skip
    TaskUnit.objects.create(task=task, organization=own, role="lead", phrase="市司法局")
    report = ProgressReport.objects.create(
        task=task, organization=own, reported_by=editor, reported_on=date(2026, 6, 30), status="in_progress",
        text="已梳理决策事项12项。",
    )  # fmt: skip
    evidence = ProgressEvidence.objects.create(report=report, **_file("目录.pdf"))
    o.update(plan=plan, task=task, evidence=evidence)

    # Annual report: the own agency's 2025 report, published (the portal shows it).
    from zwgk.reports import selectors as report_selectors
    from zwgk.reports import services as report_services
    from zwgk.reports.models import PublishedReport

    snapshot = report_services.build_snapshot(
        own,
        2025,
        report=report_selectors.live_report(own, 2025),
        text=report_selectors.report_text(own, 2025),
    )
    PublishedReport.objects.create(
        organization=own, year=2025, version=1, snapshot=snapshot, published_at=now,
        published_by=w.users["own:office_head"],
    )  # fmt: skip

    # Q&A library (issue 24.3): a draft of the own agency; new media (24.4): one of its accounts.
    from zwgk.knowledge.services import EntryInput, entry_create
    from zwgk.newmedia.services import account_open

    qa_entry = entry_create(
        actor=editor,
        data=EntryInput(
            organization=own,
            question="行政执法公示包括哪些内容？",
            answer="执法主体、人员、职责、依据、程序等。",
            source_kind="document",
            source_id=doc.pk,
        ),
    )
    account = account_open(
        actor=editor, organization=own, platform="wechat", name="大连司法", operator="市司法局办公室",
        filed_on=date(2026, 1, 5),
    )  # fmt: skip
    o.update(qa_entry=qa_entry, account=account)
    # A complaint (申诉) about the enterprise, routed to its competent department (the own agency).
    from zwgk.directory.complaints import Filing, complaint_file

    o["complaint"] = complaint_file(
        filing=Filing(
            organization=enterprise, name="张先生", subject="服务时间不符", body="…", email="z@example.cn"
        ),
        received_on=date(2026, 3, 2),
    )
    from zwgk.organizations.profiles import ProfileInput, agency_profile_save

    agency_profile_save(
        actor=None,
        organization=own,
        data=ProfileInput(functions="负责全市法治建设。"),
        check_permission=False,
    )
    _registries(o, city, own)
    # Public participation: a pending message and an open consultation with one comment.
    from zwgk.participation import services as participation
    from zwgk.participation.models import ChannelKind, MessageChannel

    MessageChannel.objects.create(organization=own, kind=ChannelKind.CONSULTATION, name="政务咨询")
    message = participation.message_submit(
        organization=own,
        data=participation.MessageData(
            subject="法律援助咨询", body="请问如何申请法律援助？", name="张明", phone="13800001111",
            publish_allowed=True,
        ),
    )  # fmt: skip
    # Answered and published, so that its public page exists; staff actions on it are then
    # refused as a conflict (409) by the service, after the access checks the table is about.
    participation.message_answer(
        actor=handler, message=message, answer="请携带身份证明到公共法律服务中心申请。", publish=True
    )
    today = timezone.localdate()
    consultation = participation.consultation_create(
        actor=editor,
        organization=own,
        data=participation.ConsultationData(
            title="大连市法律援助办法（征求意见稿）", kind="normative", draft_text="第一条\n第二条",
            explanation="起草说明", opens_on=today, closes_on=today + timedelta(days=30),
        ),
    )  # fmt: skip
    participation.consultation_publish(actor=editor, consultation=consultation)
    comment = participation.comment_submit(consultation=consultation, body="建议扩大援助范围。", paragraph=1)
    meeting = participation.meeting_create(
        actor=editor,
        organization=own,
        data=participation.MeetingData(
            title="局务会议", topics="审议法律援助办法", starts_at=now + timedelta(days=7),
            place="三楼会议室",
            seats=5, registration_closes_at=now + timedelta(days=3), selection="first_come",
        ),
    )  # fmt: skip
    registration = participation.meeting_register(meeting=meeting, name="王丽", phone="13600000000")
    interview = participation.interview_create(
        actor=editor,
        organization=own,
        data=participation.InterviewData(
            title="解读法律援助办法", guests="副局长", starts_at=now, summary="在线交流"
        ),
    )
    question = participation.question_submit(interview=interview, body="经济困难标准是什么？")
    decision = participation.decision_add(
        actor=w.users["own:office_head"], organization=own, year=2026, title="制定法律援助办法",
        responsible_unit="法律援助处", planned="2026年12月",
    )  # fmt: skip
    o.update(
        message=message, consultation=consultation, comment=comment, meeting=meeting,
        registration=registration,
        interview=interview, question=question, decision=decision,
    )  # fmt: skip
    return w


def _registries(o: dict[str, Any], city, own) -> None:
    """Issue 22: a district's standard catalogue, the own agency's power list (published, and a
    draft adjustment under way), the current negative list."""
    from tests.registries.conftest import item_raw, power_raw
    from zwgk.registries import powers
    from zwgk.registries.catalogues import parse_item, standard_item_upsert
    from zwgk.registries.models import NegativeListEdition

    district = OrganizationFactory(code="dl-gjz", name="大连市甘井子区人民政府", kind="district", parent=city)
    item = standard_item_upsert(
        actor=None, organization=district, data=parse_item(item_raw()), check_permission=False
    )
    version = powers.power_list_draft(actor=None, organization=own, check_permission=False)
    powers.power_item_upsert(
        actor=None, version=version, data=powers.parse_power_item(power_raw()), check_permission=False
    )
    powers.power_list_publish(actor=None, version=version, on=date(2026, 3, 2), check_permission=False)
    powers.power_list_draft(actor=None, organization=own, check_permission=False)
    edition = NegativeListEdition.objects.create(
        title="市场准入负面清单（2025年版）",
        issued_on=date(2025, 4, 24),
        issuer="国家发展改革委 商务部",
        is_current=True,
    )
    negative_item = edition.items.create(
        number=108,
        category="licensed",
        industry="租赁和商务服务业",
        title="未获得许可，不得设立律师事务所",
        measures="律师事务所设立审批",
    )
    from zwgk.registries.emergency import plan_register
    from zwgk.registries.models import EmergencyPlanType
    from zwgk.registries.plan_types import seed_plan_types

    seed_plan_types()
    plan = plan_register(
        actor=None,
        organization=own,
        title="司法行政系统突发事件应急预案",
        level="city",
        issued_on=date(2023, 3, 2),
        plan_type=EmergencyPlanType.objects.get(code="departmental"),
        check_permission=False,
    )
    o.update(registry_district=district, standard_item=item, emergency_plan=plan, negative_item=negative_item)
