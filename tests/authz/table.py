"""The authorization table (issue 21, item 8): who may reach every endpoint and page.

One row per URL pattern and HTTP method (pages: the Django URL name; the JSON API: "METHOD
/api/v1/path" as /api/v1/openapi.json lists it). `access` reads across the actor classes:

    anonymous | own agency: editor reviewer handler office_head supervisor admin
              | other agency: the same six roles | city government's supervisor | superuser

    "+" allowed (2xx, or a redirect that is not to a login page)
    "-" denied  (403/404 for staff, a redirect to the login page or 401 for anonymous callers)

"Own agency" is the agency of the object the URL names (市司法局); "other" is a sibling agency
(市民政局); the city's supervisor sits above both. The objects are built in tests/authz/world.py;
`params` fill the URL from them ("draft.pk" → world.draft.pk; "=docx" is the literal "docx").
POST rows send `data` (a dict or a function of the world) so that the request gets past form
validation to the permission check; only the decision is asserted, not what the action did.

Adding an endpoint: add a row here (test_every_endpoint_has_a_row names the missing ones).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = ("editor", "reviewer", "handler", "office_head", "supervisor", "admin")
ACTORS = (
    "anonymous",
    *(f"own:{r}" for r in ROLES),
    *(f"other:{r}" for r in ROLES),
    "city:supervisor",
    "superuser",
)

#         anon  own: E R H O S A   other: E R H O S A   city S   su
PUBLIC = "  +   |    ++++++        |      ++++++        |  +     | +"
SIGNED_IN = "- | ++++++ | ++++++ | + | +"  # any member of staff, whatever the agency or role
ADMIN_ONLY = "- | -----+ | -----+ | - | +"  # platform administrators (the admin role anywhere)
SUPERUSER_ONLY = "- | ------ | ------ | - | +"  # Django's admin site: is_staff users only


@dataclass(frozen=True)
class Row:
    endpoint: str  # "backoffice:catalog_document" or "GET /api/v1/staff/applications/{application_id}"
    method: str
    access: str
    params: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None = None
    why: str = ""  # what the decision rests on, where it is not obvious
    case: str = ""  # a second row for the same endpoint names the object it differs by

    @property
    def is_api(self) -> bool:
        return self.endpoint.startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE "))

    @property
    def expected(self) -> dict[str, bool]:
        marks = [c for c in self.access if c in "+-"]
        assert len(marks) == len(ACTORS), f"{self.endpoint}: {len(marks)} marks for {len(ACTORS)} actors"
        return {actor: mark == "+" for actor, mark in zip(ACTORS, marks, strict=True)}

    @property
    def id(self) -> str:
        name = self.endpoint if self.is_api else f"{self.method} {self.endpoint}"
        return f"{name} [{self.case}]" if self.case else name


def get(endpoint: str, access: str, why: str = "", case: str = "", **params: str) -> Row:
    return Row(endpoint, "GET", access, params, why=why, case=case)


def post(endpoint: str, access: str, data=None, why: str = "", **params: str) -> Row:
    return Row(endpoint, "POST", access, params, data, why=why)


def api(endpoint: str, access: str, data=None, why: str = "", **params: str) -> Row:
    return Row(endpoint, endpoint.split(" ", 1)[0], access, params, data, why=why)


def pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "说明.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def document_form(w) -> dict[str, Any]:
    d = w.draft
    return {
        "organization": d.organization_id,
        "title": d.title,
        "doc_no": d.doc_no,
        "signed_on": "2026-03-02",
        "kind": d.kind,
        "genre": d.genre_id or "",
        "summary": d.summary,
        "body": d.body,
        "validity": "in_force",
        "disclosure_method": d.disclosure_method,
        "disclosure_scope": d.disclosure_scope,
        "source": d.source,
        "subjects": [s.pk for s in d.subjects.all()],
        "keywords": "行政执法",
    }


def template_form(w) -> dict[str, Any]:
    from zwgk.casework.letters import template_current

    return {"body": template_current("correction_notice", "")[0], "note": "措辞调整"}


WATCHED_COLUMN = {
    "name": "政策解读",
    "url": "https://sfj.dl.gov.cn/zcjd/",
    "kind": "policy",
    "sort_order": 10,
}
API_MEETING = {
    "title": "市司法局局务会议",
    "topics": "审议法律援助办法",
    "starts_at": "2027-03-01T09:00:00+08:00",
    "place": "三楼会议室",
    "seats": 5,
    "registration_closes_at": "2027-02-20T17:00:00+08:00",
    "selection": "first_come",
}
API_INTERVIEW = {
    "title": "法律援助新规解读",
    "guests": "市司法局副局长",
    "starts_at": "2027-03-01T09:00:00+08:00",
    "summary": "解读法律援助办法。",
}
API_DECISION = {
    "year": 2026,
    "title": "法律援助办法",
    "responsible_unit": "市司法局",
    "planned": "2026年第四季度",
}
API_DOCUMENT = {
    "organization": "dl-sfj",
    "title": "大连市司法局关于律师执业年度考核的通知",
    "body": "<p>现将有关事项通知如下。</p>",
    "doc_no": "大司发〔2026〕30号",
    "signed_on": "2026-03-02",
    "genre": "tongzhi",
    "subjects": ["15.03"],
}
API_APPLICATION = {
    "organization": "dl-sfj",
    "applicant": {"type": "natural_person", "name": "张明", "email": "zm@example.cn"},
    "description": "请提供2025年度律师事务所年度考核结果。",
    "delivery": "email",
    "channel": "post",
    "received_on": "2026-03-02",
}

APPEAL = {"kind": "litigation", "on": "2026-04-20", "body_name": "大连市中山区人民法院"}
LIBRARY_CASE = {
    "step": "save",
    "title": "申请公开律师事务所考核结果",
    "request_summary": "申请人申请公开律师事务所年度考核结果。",
    "reasoning": "考核结果属于主动公开范围，已告知获取途径。",
}

# These views check the agency first (403 for other agencies) and the role only once the form is
# valid; a "+" for a role the service would refuse means "past the agency check" (400 form errors).
FORM_FIRST = "agency checked first; role checked by the service after the form"
# Sent without a body: "+" means past the check that fetches the object for the user.
GATE_ONLY = "no body sent: the object's access check is what is tested"

# Django's admin site (reference data) is guarded as a whole by AdminSite.admin_view (is_staff):
# one row covers every pattern of the namespace; the test visits its index and every changelist.
ADMIN_SITE = Row("admin:*", "GET", SUPERUSER_ONLY)

REGISTRY_ITEM = {
    "area": "elderly-care", "level1": "养老服务机构", "level2": "养老机构备案信息", "content": "名称、地址",
    "legal_basis": "《养老机构管理办法》", "time_limit": "20个工作日内", "responsible": "区民政局",
    "channels": ["website"], "audience": "everyone", "method": "proactive", "tiers": ["county"],
}  # fmt: skip

ROWS: list[Row] = [
    # Columns of `access`:   anon | own: E R H O S A | other: E R H O S A | city: S | superuser
    #   (E editor, R reviewer, H handler, O office_head, S supervisor, A admin)
    # ---------------------------------------------------------------- public portal
    get("portal:home", PUBLIC),
    get("portal:robots_txt", PUBLIC),
    get("portal:favicon", PUBLIC),
    get("portal:registries", PUBLIC),
    get("portal:registries_common_catalogue", PUBLIC),
    get("portal:registries_catalogue", PUBLIC, code="registry_district.code"),
    get("portal:registries_power_search", PUBLIC),
    get("portal:registries_power_list", PUBLIC, code="own.code"),
    get("portal:registries_negative_list", PUBLIC),
    get("portal:registries_emergency_plans", PUBLIC),
    get("portal:registries_training", PUBLIC),
    get("portal:site_rss", PUBLIC),
    get("portal:site_atom", PUBLIC),
    get("portal:organizations", PUBLIC),
    get("portal:public_services", PUBLIC),
    get("portal:accessibility", PUBLIC),
    get("portal:foi_apply", PUBLIC),
    post("portal:foi_apply", PUBLIC),
    get("portal:foi_submitted", PUBLIC),
    get("portal:foi_track", PUBLIC),
    get("portal:casework_letter", PUBLIC, token="letter_token"),
    get("portal:casework_cases", PUBLIC),
    get("portal:casework_case", PUBLIC, pk="library_case.pk"),
    get("portal:search", PUBLIC),
    get("portal:annual_reports", PUBLIC),
    get("portal:annual_report", PUBLIC, code="own.code", year="=2025"),
    get("portal:annual_report_file", PUBLIC, code="own.code", year="=2025", fmt="=docx"),
    get("portal:agency_detail", PUBLIC, code="own.code"),
    get("portal:agency_guide", PUBLIC, code="own.code"),
    get("portal:agency_catalogue", PUBLIC, code="own.code"),
    get("portal:agency_rss", PUBLIC, code="own.code"),
    get("portal:agency_atom", PUBLIC, code="own.code"),
    get("portal:column_detail", PUBLIC, key="column.code"),
    get("portal:column_rss", PUBLIC, key="column.code"),
    get("portal:column_atom", PUBLIC, key="column.code"),
    get("portal:document_detail", PUBLIC, pk="published.pk"),
    get("portal:attachment_download", PUBLIC, pk="published.pk", attachment_id="published_attachment.pk"),
    get("portal:lifecycle_list", PUBLIC),
    get("portal:sitemap", PUBLIC),
    get("portal:sitemap_section", PUBLIC, section="=documents"),
    get("portal:complaint_new", PUBLIC),
    post("portal:complaint_new", PUBLIC, why="no proof of work sent: the form again, not a denial"),
    get("portal:complaint_status", PUBLIC, token="complaint.token"),
    get("portal:subscribe", PUBLIC),
    post("portal:subscribe", PUBLIC),
    get("portal:subscribe_sent", PUBLIC),
    get("portal:subscription_confirm", PUBLIC, token="=unknown-token"),
    get("portal:subscription_unsubscribe", PUBLIC, token="=unknown-token"),
    get("portal:participation_messages", PUBLIC),
    get("portal:participation_message", PUBLIC, pk="message.pk"),
    get("portal:participation_message_new", PUBLIC),
    post("portal:participation_message_new", PUBLIC),
    get("portal:participation_message_submitted", PUBLIC),
    get("portal:participation_message_track", PUBLIC),
    post("portal:participation_message_track", PUBLIC),
    get("portal:participation_consultations", PUBLIC),
    get("portal:participation_consultation", PUBLIC, pk="consultation.pk"),
    post("portal:participation_consultation", PUBLIC, pk="consultation.pk"),
    get("portal:participation_meetings", PUBLIC),
    get("portal:participation_meeting", PUBLIC, pk="meeting.pk"),
    post("portal:participation_meeting", PUBLIC, pk="meeting.pk"),
    get("portal:participation_meeting_withdraw", PUBLIC, pk="meeting.pk"),
    post("portal:participation_meeting_withdraw", PUBLIC, pk="meeting.pk"),
    get("portal:participation_interviews", PUBLIC),
    get("portal:participation_interview", PUBLIC, pk="interview.pk"),
    post("portal:participation_interview", PUBLIC, pk="interview.pk"),
    get("portal:participation_interview_answers", PUBLIC, pk="interview.pk"),
    get("portal:participation_decisions", PUBLIC),
    # ---------------------------------------------------------------- public API
    api("GET /api/v1/challenge", PUBLIC),
    api("GET /api/v1/organizations", PUBLIC),
    api("GET /api/v1/calendar/{year}", PUBLIC, year="=2026"),
    api("GET /api/v1/documents", PUBLIC),
    api("GET /api/v1/documents/{document_id}", PUBLIC, document_id="published.pk"),
    api(
        "GET /api/v1/documents/{document_id}/attachments/{attachment_id}",
        PUBLIC,
        document_id="published.pk",
        attachment_id="published_attachment.pk",
    ),
    api("POST /api/v1/applications", PUBLIC, why="no proof of work sent: 400 challenge_failed, not a denial"),
    api("GET /api/v1/applications/track/{code}", PUBLIC, code="case.tracking_code"),
    get("portal:service_guides", PUBLIC),
    get("portal:service_guide", PUBLIC, pk="guide.pk"),
    get("portal:service_package", PUBLIC, code="=authz"),
    get("portal:service_progress", PUBLIC),
    post("portal:service_progress", PUBLIC, why="no proof of work: the form again, not a denial"),
    api("GET /api/v1/guides", PUBLIC),
    api("GET /api/v1/guides/{guide_id}", PUBLIC, guide_id="guide.pk"),
    api("GET /api/v1/guide-packages", PUBLIC),
    api("GET /api/v1/guide-packages/{code}", PUBLIC, code="=authz"),
    api("GET /api/v1/services/progress/{case_no}", PUBLIC, {"code": "123456"}, case_no="=AUTHZ-1"),
    get("portal:service_material_file", PUBLIC, pk="material_file.pk"),
    api(
        "GET /api/v1/organizations/{code}/profile",
        PUBLIC,
        why="404 until a profile exists: the world has one",
        code="own.code",
    ),
    api("GET /api/v1/public-enterprises", PUBLIC),
    api("GET /api/v1/public-enterprises/sectors", PUBLIC),
    api("POST /api/v1/public-enterprises/complaints", PUBLIC, why="no proof of work sent: 400, not a denial"),
    api("GET /api/v1/public-enterprises/complaints/{token}", PUBLIC, token="complaint.token"),
    api("POST /api/v1/messages", PUBLIC, why="no proof of work sent: 400 challenge_failed, not a denial"),
    api("GET /api/v1/messages", PUBLIC),
    api("GET /api/v1/messages/track/{code}", PUBLIC, code="message.tracking_code"),
    api("GET /api/v1/consultations", PUBLIC),
    api("GET /api/v1/consultations/{consultation_id}", PUBLIC, consultation_id="consultation.pk"),
    api(
        "POST /api/v1/consultations/{consultation_id}/comments",
        PUBLIC,
        {"body": "意见"},
        why="no proof of work sent: 400 challenge_failed, not a denial",
        consultation_id="consultation.pk",
    ),
    api("GET /api/v1/meetings", PUBLIC),
    api("GET /api/v1/meetings/{meeting_id}", PUBLIC, meeting_id="meeting.pk"),
    api(
        "POST /api/v1/meetings/{meeting_id}/registrations",
        PUBLIC,
        {"name": "李华", "phone": "13800001111"},
        why="no proof of work sent: 400 challenge_failed, not a denial",
        meeting_id="meeting.pk",
    ),
    api(
        "POST /api/v1/meetings/{meeting_id}/withdrawal",
        PUBLIC,
        {"code": "AAAA-BBBB-CCCC", "phone": "13800001111"},
        why="no proof of work sent: 400 challenge_failed, not a denial",
        meeting_id="meeting.pk",
    ),
    api("GET /api/v1/interviews", PUBLIC),
    api("GET /api/v1/interviews/{interview_id}", PUBLIC, interview_id="interview.pk"),
    api(
        "POST /api/v1/interviews/{interview_id}/questions",
        PUBLIC,
        {"body": "问题"},
        why="no proof of work sent: 400 challenge_failed, not a denial",
        interview_id="interview.pk",
    ),
    api("GET /api/v1/decisions", PUBLIC),
    # ---------------------------------------------------------------- back office: accounts
    get("backoffice:login", PUBLIC),
    post("backoffice:login", PUBLIC),
    post("backoffice:logout", PUBLIC, why="the redirect to the login page afterwards is the logout itself"),
    get("backoffice:password_change", SIGNED_IN),
    post("backoffice:password_change", SIGNED_IN),
    get("backoffice:password_done", SIGNED_IN),
    # ---------------------------------------------------------------- back office: overview
    #                        anon | own: E R H O S A | other: E R H O S A | city: S | superuser
    get("backoffice:dashboard", SIGNED_IN),
    get("backoffice:leaders", "- | ---+++ | ---+++ | + | +"),
    get("backoffice:calendar", "- | ----++ | ----++ | + | +"),
    post("backoffice:calendar", "- | -----+ | -----+ | - | +"),
    get("backoffice:audit", "- | ----++ | ----++ | + | +"),
    get("backoffice:agency_profiles", SIGNED_IN, why="lists only the agencies the user may see"),
    get("backoffice:agency_profile", "- | ++++++ | -----+ | + | +", code="own.code"),
    post(
        "backoffice:agency_profile",
        "- | +--+-+ | -----+ | - | +",
        {"functions": "负责全市法治建设。", "leaders": "周正｜局长"},
        why="the agency's own 信息员 or office head; supervisors read",
        code="own.code",
    ),
    get("backoffice:completeness", SIGNED_IN, why="lists only the agencies the user may see"),
    get("backoffice:completeness_matrix", SIGNED_IN),
    post("backoffice:completeness_matrix", ADMIN_ONLY, {"cell": ["20.1|department"], "days-20.7": "400"}),
    get("backoffice:supervision", "- | ----++ | ----++ | + | +"),
    get("backoffice:assessment", "- | ----++ | ----++ | + | +"),
    get("backoffice:assessment_export", "- | ----++ | ----++ | + | +"),
    post(
        "backoffice:assessment_publish",
        "- | ----++ | ----++ | + | +",
        data={"year": "2025"},
        why="each supervising office publishes the assessment of the agencies it supervises",
    ),
    # ---------------------------------------------------------------- catalogue
    get("backoffice:catalog_documents", "- | ++--++ | ++--++ | + | +"),
    get("backoffice:catalog_document_new", "- | ++---+ | ++---+ | - | +"),
    post("backoffice:catalog_document_new", "- | ++---+ | ++---+ | - | +"),
    get("backoffice:catalog_document", "- | ++++++ | -----+ | + | +", pk="draft.pk"),
    get("backoffice:catalog_document_edit", "- | ++---+ | -----+ | - | +", pk="draft.pk"),
    post("backoffice:catalog_document_edit", "- | ++---+ | -----+ | - | +", document_form, pk="draft.pk"),
    post("backoffice:catalog_document_submit", "- | ++---+ | -----+ | - | +", pk="draft.pk"),
    post("backoffice:catalog_document_publish", "- | ++---+ | -----+ | - | +", pk="draft.pk"),
    post(
        "backoffice:catalog_document_withdraw",
        "- | -+---+ | -----+ | - | +",
        {"reason": "内容有误，撤回更正"},
        pk="published.pk",
    ),
    post(
        "backoffice:catalog_attachment_upload",
        "- | ++---+ | -----+ | - | +",
        lambda w: {"file": pdf_upload()},
        pk="draft.pk",
    ),
    post(
        "backoffice:catalog_attachment_delete",
        "- | ++---+ | -----+ | - | +",
        pk="draft.pk",
        attachment_id="attachment.pk",
    ),
    get(
        "backoffice:catalog_attachment_download", "- | ++++++ | -----+ | + | +", attachment_id="attachment.pk"
    ),
    post(
        "backoffice:catalog_lifecycle_add",
        "- | ++---+ | -----+ | - | +",
        {"kind": "repealed", "on": "2026-05-01"},
        pk="published.pk",
    ),
    post(
        "backoffice:catalog_interpretation_link",
        "- | ++---+ | -----+ | - | +",
        lambda w: {"policy": w.published.title, "form": "text"},  # chosen by title (issue 20.5)
        pk="draft.pk",
    ),
    post(
        "backoffice:catalog_placement_add",
        "- | ++---+ | -----+ | - | +",
        lambda w: {"column": w.column.pk},
        pk="draft.pk",
    ),
    post(
        "backoffice:catalog_placement_remove",
        "- | ++---+ | -----+ | - | +",
        pk="draft.pk",
        column_id="column.pk",
    ),
    get(
        "backoffice:review_queue",
        "- | -+-+-+ | -+-+-+ | - | +",
        why="office heads sign letters (decision 0016)",
    ),
    get(
        "backoffice:catalog_document_lookup",
        "- | ++--++ | ++--++ | + | +",
        why="answers what the user may see",
    ),
    get("backoffice:catalog_columns", "- | ++--++ | ++--++ | + | +"),
    get("backoffice:catalog_column_new", "- | -+--++ | -+--++ | + | +"),
    post("backoffice:catalog_column_new", "- | -+--++ | -+--++ | + | +", why=GATE_ONLY),
    get("backoffice:catalog_column_edit", "- | -+--++ | -----+ | + | +", pk="column.pk"),
    post("backoffice:catalog_column_edit", "- | -+--++ | -----+ | + | +", why=GATE_ONLY, pk="column.pk"),
    post("backoffice:catalog_column_deactivate", "- | -+--++ | -----+ | + | +", pk="column.pk"),
    post("backoffice:catalog_column_activate", "- | -+--++ | -----+ | + | +", pk="column.pk"),
    get("backoffice:signoff_chains", "- | ---+-+ | ---+-+ | - | +"),
    post("backoffice:signoff_chains", "- | ---+-+ | ---+-+ | - | +", why=GATE_ONLY),
    post(
        "backoffice:signoff_chain_remove",
        "- | ------ | ------ | - | -",
        why="no chain in the world: an unknown chain is a 404 for everyone",
        chain_id="=999999",
    ),
    post(
        "backoffice:review_decide",
        "- | -+---+ | -----+ | - | +",
        {"decision": "approve"},
        request_id="review.pk",
    ),
    get("backoffice:catalog_compliance", "- | ----++ | ----++ | + | +"),
    # ---------------------------------------------------------------- work plan
    get("backoffice:workplan_overview", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:workplan_import", "- | ----++ | ----++ | + | +", why="supervisors and administrators"),
    post(
        "backoffice:workplan_import",
        "- | ----++ | ----++ | + | +",
        data={"action": "preview", "text": ""},
        why="the import itself checks the supervisor role over the issuer",
    ),
    get("backoffice:workplan_plan", "- | ++++++ | -----+ | + | +", plan_id="plan.pk"),
    get("backoffice:workplan_matrix", "- | ++++++ | -----+ | + | +", plan_id="plan.pk"),
    get("backoffice:workplan_tasks", "- | ++++++ | -----+ | + | +", plan_id="plan.pk"),
    get("backoffice:workplan_task", "- | ++++++ | -----+ | + | +", task_id="task.pk"),
    post("backoffice:workplan_task", "- | +--+-+ | -----+ | - | +", task_id="task.pk"),
    get("backoffice:workplan_evidence", "- | ++++++ | -----+ | + | +", evidence_id="evidence.pk"),
    # ---------------------------------------------------------------- annual report
    get("backoffice:report_annual", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:report_part2_import", "- | ++++++ | ++++++ | + | +"),
    post("backoffice:report_part2_import", "- | ++++++ | ++++++ | + | +", why=FORM_FIRST),
    get("backoffice:report_part2_template", "- | ++++++ | ++++++ | + | +"),
    post(
        "backoffice:report_part2_save",
        "- | ++++++ | -----+ | + | +",
        why=FORM_FIRST,
        code="own.code",
        year="=2025",
    ),
    post(
        "backoffice:report_texts_save",
        "- | +--+++ | -----+ | + | +",
        why=GATE_ONLY,
        code="own.code",
        year="=2025",
    ),
    post(
        "backoffice:report_publish",
        "- | ---+++ | -----+ | + | +",
        why=FORM_FIRST,
        code="own.code",
        year="=2025",
    ),
    post(
        "backoffice:report_scope_save",
        "- | ++++++ | -----+ | + | +",
        why=FORM_FIRST,
        code="own.code",
        year="=2025",
    ),
    get(
        "backoffice:report_draft_file",
        "- | ++++++ | -----+ | + | +",
        code="own.code",
        year="=2025",
        fmt="=docx",
    ),
    # ---------------------------------------------------------------- website monitoring
    get("backoffice:monitoring_dashboard", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:monitoring_site_new", "- | ----++ | ----++ | + | +"),
    post("backoffice:monitoring_site_new", "- | ----++ | ----++ | + | +"),
    get("backoffice:monitoring_site", "- | ++++++ | -----+ | + | +", pk="site.pk"),
    get("backoffice:monitoring_site_edit", "- | ----++ | -----+ | + | +", pk="site.pk"),
    post("backoffice:monitoring_site_edit", "- | ----++ | -----+ | + | +", pk="site.pk"),
    post("backoffice:monitoring_site_run", "- | ++++++ | -----+ | + | +", pk="site.pk"),
    get("backoffice:monitoring_column_new", "- | ++++++ | -----+ | + | +", pk="site.pk"),
    post("backoffice:monitoring_column_new", "- | ----++ | -----+ | + | +", WATCHED_COLUMN, pk="site.pk"),
    get(
        "backoffice:monitoring_column_edit",
        "- | ++++++ | -----+ | + | +",
        pk="site.pk",
        column_id="watched.pk",
    ),
    post(
        "backoffice:monitoring_column_delete",
        "- | ----++ | -----+ | + | +",
        pk="site.pk",
        column_id="watched.pk",
    ),
    get("backoffice:monitoring_harvest_new", "- | ++---+ | -----+ | - | +", pk="site.pk"),
    post("backoffice:monitoring_harvest_new", "- | ++---+ | -----+ | - | +", pk="site.pk"),
    get("backoffice:monitoring_round", "- | ++++++ | -----+ | + | +", pk="round.pk"),
    get("backoffice:monitoring_round_progress", "- | ++++++ | -----+ | + | +", pk="round.pk"),
    get("backoffice:monitoring_harvest", "- | ++++++ | -----+ | + | +", pk="harvest.pk"),
    # ---------------------------------------------------------------- applications (依申请公开)
    get("backoffice:foi_workbench", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:foi_register", "- | --++-+ | --++-+ | - | +"),
    post("backoffice:foi_register", "- | --++-+ | --++-+ | - | +"),
    get("backoffice:foi_case", "- | --++++ | -----+ | + | +", pk="case.pk"),
    post(
        "backoffice:foi_event",
        "- | --++-+ | -----+ | - | +",
        {"withdrawn-on": "2026-03-06"},
        pk="case.pk",
        event_type="=withdrawn",
    ),
    post("backoffice:foi_handler", "- | ---+-+ | -----+ | - | +", {"handler": ""}, pk="case.pk"),
    get(
        "backoffice:foi_file",
        "- | --++-- | ------ | - | -",
        "an identity proof: the handling agency's own staff only (ARCHITECTURE: personal data)",
        case="identity proof",
        pk="foi_file.pk",
    ),
    get("backoffice:foi_file", "- | --++++ | -----+ | + | +", case="event document", pk="event_file.pk"),
    # ---------------------------------------------------------------- casework
    get("backoffice:casework_case", "- | -+++++ | -----+ | + | +", pk="case.pk"),
    post(
        "backoffice:casework_letter_new",
        "- | --++-+ | -----+ | - | +",
        {"kind": "reply", "variant": "3.1"},
        pk="case.pk",
    ),
    post("backoffice:casework_appeal_new", "- | --++-+ | -----+ | - | +", APPEAL, pk="replied.pk"),
    post("backoffice:casework_library_new", "- | --++-+ | -----+ | - | +", pk="replied.pk"),
    post("backoffice:casework_convert", "- | -----+ | -----+ | - | +", pk="replied.pk"),
    get("backoffice:casework_letter", "- | -+++-- | ------ | - | -", pk="letter.pk"),
    post("backoffice:casework_letter", "- | -+++-- | ------ | - | -", why=GATE_ONLY, pk="letter.pk"),
    post(
        "backoffice:casework_letter_action", "- | -+++-- | ------ | - | -", pk="letter.pk", action="=submit"
    ),
    get("backoffice:casework_letter_file", "- | -+++-- | ------ | - | -", pk="letter.pk", fmt="=docx"),
    get("backoffice:casework_templates", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:casework_template", "- | ++++++ | ++++++ | + | +", kind="=correction_notice"),
    post(
        "backoffice:casework_template",
        "- | -----+ | -----+ | - | +",
        template_form,
        kind="=correction_notice",
    ),
    get("backoffice:casework_template_variant", "- | ++++++ | ++++++ | + | +", kind="=reply", variant="=3.1"),
    get("backoffice:casework_appeals", "- | --++++ | --++++ | + | +"),
    get("backoffice:casework_joint_study_new", "- | --++-+ | -----+ | - | +", pk="case.pk"),
    post("backoffice:casework_joint_study_new", "- | --++-+ | -----+ | - | +", pk="case.pk"),
    get("backoffice:casework_joint_studies", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:casework_joint_study", "- | --++++ | -----+ | + | +", pk="study.pk"),
    post("backoffice:casework_joint_study", "- | --++++ | -----+ | + | +", why=GATE_ONLY, pk="study.pk"),
    get("backoffice:casework_appeal", "- | --++++ | -----+ | + | +", pk="appeal.filed_event_id"),
    post(
        "backoffice:casework_appeal", "- | --++++ | -----+ | + | +", why=GATE_ONLY, pk="appeal.filed_event_id"
    ),
    get("backoffice:casework_appeal_file", "- | --++++ | -----+ | + | +", pk="appeal_doc.pk"),
    get("backoffice:casework_library", "- | ++++++ | ++++++ | + | +"),
    get(
        "backoffice:casework_library_case",
        "- | ++++++ | ++++++ | + | +",
        case="approved",
        pk="library_case.pk",
    ),
    get(
        "backoffice:casework_library_case",
        "- | ++++++ | -----+ | + | +",
        "drafts stay with the agency (and whoever supervises it) until approved",
        case="draft",
        pk="library_draft.pk",
    ),
    post(
        "backoffice:casework_library_case", "- | -+++-+ | -----+ | - | +", LIBRARY_CASE, pk="library_case.pk"
    ),
    get("backoffice:casework_groups", "- | ++++++ | ++++++ | + | +"),
    post("backoffice:casework_group_action", "- | ++++-+ | -----+ | - | +", pk="group.pk", action="=confirm"),
    # ---------------------------------------------------------------- public enterprises
    get("backoffice:directory_enterprises", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:directory_enterprise", "- | ++++++ | -----+ | + | +", code="enterprise.code"),
    get("backoffice:services_guides", "- | ++++++ | ++++++ | + | +"),
    get("backoffice:services_guide", "- | ++++++ | -----+ | + | +", pk="guide.pk"),
    get("backoffice:services_guide_new", "- | ++---+ | ++---+ | - | +"),
    post(
        "backoffice:services_guide_new",
        "- | ++---+ | ++---+ | - | +",
        {"organization": "dl-sfj", "item_code": "SFJ-FORM", "name": "新事项", "limit_unit": "workdays"},
        why="another agency's editor is not offered 市司法局: the form again, nothing saved",
    ),
    get("backoffice:services_guide_edit", "- | ++---+ | -----+ | - | +", pk="guide.pk"),
    post(
        "backoffice:services_guide_edit",
        "- | ++---+ | -----+ | - | +",
        {"name": "改", "limit_unit": "workdays"},
        pk="guide.pk",
    ),
    post("backoffice:services_guide_submit", "- | ++---+ | -----+ | - | +", pk="guide.pk"),
    get("backoffice:services_version", "- | ++++++ | -----+ | + | +", pk="guide_draft.pk"),
    # Withdrawal (停止办理) is the signers' call, like publishing; files are the editors'.
    post(
        "backoffice:services_guide_withdraw",
        "- | -+-+-+ | -----+ | - | +",
        {"reason": "职能调整"},
        pk="guide.pk",
    ),
    post(
        "backoffice:services_guide_file_upload",
        "- | ++---+ | -----+ | - | +",
        lambda w: {"file": pdf_upload()},
        pk="guide.pk",
    ),
    # 一件事 packages: listed to all staff, kept by the lead agency's signers.
    get("backoffice:services_packages", SIGNED_IN),
    get("backoffice:services_package_new", "- | -+-+-+ | -+-+-+ | - | +"),
    post(
        "backoffice:services_package_new",
        "- | -+-+-+ | -+-+-+ | - | +",
        {
            "code": "authz-new",
            "name": "新套餐",
            "kind": "one_thing",
            "lead": "dl-sfj",
            "item_codes": "SFJ-AUTHZ-1\nSFJ-AUTHZ-2",
        },
        why="another agency's signer is not offered 市司法局 as lead: the form again, nothing saved",
    ),
    get("backoffice:services_package", "- | -+-+-+ | -----+ | - | +", code="=authz"),
    post(
        "backoffice:services_package",
        "- | -+-+-+ | -----+ | - | +",
        {"name": "一件事", "kind": "one_thing", "lead": "dl-sfj", "item_codes": "SFJ-AUTHZ-1\nSFJ-AUTHZ-2"},
        code="=authz",
    ),
    post(
        "backoffice:directory_enterprise",
        "- | +--+++ | -----+ | + | +",
        {"action": "verify", "verified_on": "2026-03-02", "result": "ok"},
        code="enterprise.code",
    ),
    # ---------------------------------------------------------------- Q&A library, new media (issue 24)
    get("portal:qa_search", PUBLIC),
    get("backoffice:knowledge_entries", "- | ++--++ | ++--++ | + | +"),
    get("backoffice:knowledge_entry_new", "- | ++---+ | ++---+ | - | +", "any agency's own editors"),
    post("backoffice:knowledge_entry_new", "- | ++---+ | ++---+ | - | +", why=FORM_FIRST),
    get("backoffice:knowledge_call_new", "- | ------ | ------ | - | -", "hotline staff only"),
    post("backoffice:knowledge_call_new", "- | ------ | ------ | - | -", why="hotline staff only"),
    get("backoffice:knowledge_statistics", "- | ++--++ | ++--++ | + | +"),
    get("backoffice:knowledge_entry", "- | ++++++ | -----+ | + | +", pk="qa_entry.pk"),
    post(
        "backoffice:knowledge_entry",
        "- | ++---+ | -----+ | - | +",
        {"action": "save"},
        pk="qa_entry.pk",
    ),
    post(
        "backoffice:knowledge_entry_action",
        "- | ++---+ | -----+ | - | +",
        {"note": "请审签"},
        pk="qa_entry.pk",
        action="=submit",
    ),
    get("backoffice:newmedia_accounts", "- | +--+++ | +--+++ | + | +"),
    post("backoffice:newmedia_accounts", "- | +--+++ | +--+++ | + | +", why=FORM_FIRST),
    get("backoffice:newmedia_account_new", "- | +--+++ | +--+++ | + | +"),
    post("backoffice:newmedia_account_new", "- | +--+++ | +--+++ | + | +", why=FORM_FIRST),
    get("backoffice:newmedia_account", "- | ++++++ | -----+ | + | +", pk="account.pk"),
    post(
        "backoffice:newmedia_account",
        "- | +--+++ | -----+ | + | +",
        {"action": "figures", "last_updated_on": "2026-03-02", "unanswered_messages": "0"},
        pk="account.pk",
    ),
    get("backoffice:newmedia_account_posts", "- | ++++++ | -----+ | + | +", pk="account.pk"),
    api("GET /api/v1/qa", PUBLIC),
    api(
        "POST /api/v1/staff/qa",
        "- | ++---+ | -----+ | - | +",
        lambda w: {
            "organization": "dl-sfj",
            "question": "公示期多长？",
            "answer": "不少于7日。",
            "source": {"kind": "document", "id": w.published.pk},
        },
    ),
    api("POST /api/v1/staff/qa/{entry_id}/submit", "- | ++---+ | -----+ | - | +", entry_id="qa_entry.pk"),
    api(
        "POST /api/v1/staff/qa/calls",
        "- | ------ | ------ | - | -",
        {"organization": "dl-sfj", "question": "问", "answer": "答"},
        "hotline staff only",
    ),
    api(
        "GET /api/v1/staff/qa/statistics",
        "- | ++++++ | ++++++ | + | +",
        why="each sees its agencies' searches",
    ),
    api(
        "GET /api/v1/staff/newmedia/accounts", "- | ++++++ | ++++++ | + | +", why="a list of the visible ones"
    ),
    api(
        "POST /api/v1/staff/newmedia/accounts",
        "- | +--+++ | -----+ | + | +",
        {
            "organization": "dl-sfj",
            "platform": "weibo",
            "name": "大连司法微博",
            "operator": "办公室",
            "filed_on": "2026-03-02",
        },
    ),
    api(
        "POST /api/v1/staff/newmedia/accounts/{account_id}/filings",
        "- | +--+++ | -----+ | + | +",
        {"kind": "closure", "filed_on": "2026-03-02"},
        account_id="account.pk",
    ),
    api(
        "POST /api/v1/staff/newmedia/accounts/{account_id}/figures",
        "- | +--+++ | -----+ | + | +",
        {"last_updated_on": "2026-03-02", "unanswered_messages": 0},
        account_id="account.pk",
    ),
    api("GET /api/v1/staff/newmedia/report", "- | ++++++ | ++++++ | + | +", why="a list of the visible ones"),
    api(
        "GET /api/v1/staff/newmedia/accounts/{account_id}/posts",
        "- | ++++++ | -----+ | + | +",
        account_id="account.pk",
    ),
    get("backoffice:directory_sectors", SIGNED_IN),
    post("backoffice:directory_sectors", ADMIN_ONLY, {"code": "heating", "name": "供热", "sort": "10"}),
    get(
        "backoffice:directory_export",
        "- | ++++++ | ++++++ | + | +",
        why="lists only the units the user may see",
    ),
    get("backoffice:directory_import", "- | ++++++ | ++++++ | + | +"),
    post(
        "backoffice:directory_import",
        "- | ++++++ | ++++++ | + | +",
        why="rows of units the importer may not edit are refused row by row (tests/directory)",
    ),
    get(
        "backoffice:directory_complaints",
        "- | ++++++ | ++++++ | + | +",
        why="filtered to the user's departments",
    ),
    get("backoffice:directory_complaint", "- | +--+++ | -----+ | + | +", pk="complaint.pk"),
    post(
        "backoffice:directory_complaint",
        "- | +--+-+ | -----+ | - | +",
        {"outcome": "upheld", "answer": "已责令整改。", "answered_on": "2026-03-10"},
        why="the competent department's 信息员 or office head answers; supervisors only read",
        pk="complaint.pk",
    ),
    # ---------------------------------------------------------------- registries (issue 22)
    get("backoffice:registries", SIGNED_IN),
    get("backoffice:registries_catalogue_template", SIGNED_IN),
    get("backoffice:registries_power_template", SIGNED_IN),
    get(
        "backoffice:registries_catalogue",
        "- | -----+ | -----+ | + | +",
        "catalogues are the districts' (dl-gjz): its staff, the supervisors above, administrators",
        code="registry_district.code",
    ),
    post(
        "backoffice:registries_catalogue",
        "- | -----+ | -----+ | + | +",
        {"action": "adopt", "area": "elderly-care"},
        code="registry_district.code",
    ),
    get(
        "backoffice:registries_catalogue_export", "- | -----+ | -----+ | + | +", code="registry_district.code"
    ),
    get("backoffice:registries_powers", "- | ++++++ | -----+ | + | +", code="own.code"),
    post(
        "backoffice:registries_powers",
        "- | +--+++ | -----+ | + | +",
        {"action": "delete", "item_code": "000172101000"},
        code="own.code",
    ),
    get("backoffice:registries_power_export", "- | ++++++ | -----+ | + | +", code="own.code"),
    get(
        "backoffice:registries_emergency",
        "- | -----+ | -----+ | - | +",
        "the emergency-management office role (none of the table's actors hold it) and administrators",
    ),
    get("backoffice:registries_emergency_unit", "- | ++++++ | -----+ | + | +", code="own.code"),
    get("backoffice:registries_training", "- | ++++++ | -----+ | + | +", code="own.code"),
    post(
        "backoffice:registries_training",
        "- | +--+++ | -----+ | + | +",
        {
            "topic": "培训",
            "held_on": "2026-05-06",
            "trainer": "刘洋",
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "0",
            "p-MAX_NUM_FORMS": "1000",
            "p-0-organization": "dl-sfj",
            "p-0-role": "frontline",
            "p-0-count": "9",
        },
        code="own.code",
    ),
    post(
        "backoffice:registries_emergency_unit",
        "- | +--+++ | -----+ | + | +",
        lambda w: {
            "action": "revision",
            "plan": w.emergency_plan.pk,
            "kind": "evaluated",
            "on": "2026-03-02",
        },
        code="own.code",
    ),
    # City-wide reference data of the registries (decision 0035), formerly in the Django admin.
    get("backoffice:registries_areas", ADMIN_ONLY),
    post("backoffice:registries_areas", ADMIN_ONLY, {"code": "sports", "name": "全民健身", "sort": "270"}),
    get("backoffice:registries_area", ADMIN_ONLY, code="=elderly-care"),
    post(
        "backoffice:registries_area",
        ADMIN_ONLY,
        {"name": "养老服务", "sort": "190", "is_active": "on"},
        code="=elderly-care",
    ),
    get(
        "backoffice:registries_plan_types",
        "- | -----+ | -----+ | - | +",
        "the emergency-management office role (none of the table's actors hold it) and administrators",
    ),
    post(
        "backoffice:registries_plan_types",
        "- | -----+ | -----+ | - | +",
        {"code": "enterprise", "name": "企业事业单位应急预案", "review_period_months": "36", "sort": "60"},
    ),
    get("backoffice:registries_plan_type", "- | -----+ | -----+ | - | +", code="=general"),
    post(
        "backoffice:registries_plan_type",
        "- | -----+ | -----+ | - | +",
        {"name": "总体应急预案", "review_period_months": "24", "sort": "10"},
        code="=general",
    ),
    get("backoffice:registries_negative_editions", ADMIN_ONLY),
    post(
        "backoffice:registries_negative_editions",
        ADMIN_ONLY,
        {"title": "市场准入负面清单（2026年版）", "issued_on": "2026-03-02", "issuer": "国家发展改革委"},
    ),
    get("backoffice:registries_negative_edition", ADMIN_ONLY, pk="negative_item.edition_id"),
    post(
        "backoffice:registries_negative_edition",
        ADMIN_ONLY,
        {"action": "publish"},
        pk="negative_item.edition_id",
    ),
    get(
        "backoffice:registries_plan",
        "- | ++++++ | -----+ | + | +",
        code="own.code",
        pk="emergency_plan.pk",
    ),
    post(
        "backoffice:registries_plan",
        "- | +--+++ | -----+ | + | +",
        {"action": "evaluate", "on": "2026-03-02", "note": "评估认为无需修订"},
        code="own.code",
        pk="emergency_plan.pk",
    ),
    # ---------------------------------------------------------------- public participation
    get("backoffice:participation_messages", SIGNED_IN),
    get("backoffice:participation_message", "- | ++++++ | -----+ | + | +", pk="message.pk"),
    post(
        "backoffice:participation_message",
        "- | +-++++ | -----+ | + | +",
        {"action": "invalid", "reason": "重复留言"},
        pk="message.pk",
    ),
    get("backoffice:participation_statistics", SIGNED_IN),
    get("backoffice:participation_channels", SIGNED_IN),
    post(
        "backoffice:participation_channels",
        "- | ---+++ | -----+ | + | +",
        lambda w: {
            "organization": w.own.code,
            "kind": "suggestion",
            "name": "建言献策",
            "reply_workdays": "10",
            "active": "on",
        },
        why="the agency's office head for its own columns, supervisors for those they supervise",
    ),
    get("backoffice:participation_words", ADMIN_ONLY),
    post("backoffice:participation_words", ADMIN_ONLY, {"action": "add", "word": "某某"}),
    get("backoffice:participation_consultations", SIGNED_IN),
    get("backoffice:participation_consultation_new", "- | +--+++ | +--+++ | + | +"),
    post("backoffice:participation_consultation_new", "- | +--+++ | +--+++ | + | +"),
    get("backoffice:participation_consultation", "- | ++++++ | -----+ | + | +", pk="consultation.pk"),
    post(
        "backoffice:participation_consultation",
        "- | +--+++ | -----+ | + | +",
        lambda w: {"action": "moderate", "comment": w.comment.pk, "publish": "1"},
        pk="consultation.pk",
    ),
    get("backoffice:participation_meetings", SIGNED_IN),
    post("backoffice:participation_meetings", "- | +--+++ | +--+++ | + | +"),
    get("backoffice:participation_meeting", "- | ++++++ | -----+ | + | +", pk="meeting.pk"),
    post(
        "backoffice:participation_meeting",
        "- | +--+++ | -----+ | + | +",
        {"action": "minutes", "minutes": "1名代表列席。"},
        pk="meeting.pk",
    ),
    get("backoffice:participation_interviews", SIGNED_IN),
    post("backoffice:participation_interviews", "- | +--+++ | +--+++ | + | +"),
    get("backoffice:participation_interview", "- | ++++++ | -----+ | + | +", pk="interview.pk"),
    post(
        "backoffice:participation_interview",
        "- | +--+++ | -----+ | + | +",
        lambda w: {
            "action": "moderate",
            "question": w.question.pk,
            "accept": "1",
            "answer": "以低保标准2倍为准。",
        },
        pk="interview.pk",
    ),
    get("backoffice:participation_decisions", SIGNED_IN),
    post(
        "backoffice:participation_decisions",
        "- | +--+++ | -----+ | + | +",
        lambda w: {
            "action": "stage",
            "decision": w.decision.pk,
            "stage": "public_participation",
            "on": "2026-07-01",
        },
    ),
    # ---------------------------------------------------------------- staff API
    api(
        "PUT /api/v1/staff/calendar/{year}",
        "- | -----+ | -----+ | - | +",
        {"holidays": ["2027-01-01"], "workdays": []},
        year="=2027",
    ),
    api("POST /api/v1/staff/documents", "- | ++---+ | -----+ | - | +", API_DOCUMENT),
    api(
        "POST /api/v1/staff/documents/{document_id}/publish",
        "- | ++---+ | -----+ | - | +",
        document_id="draft.pk",
    ),
    api(
        "POST /api/v1/staff/meetings",
        "- | +--+++ | -----+ | + | +",
        lambda w: {"organization": w.own.code, **API_MEETING},
    ),
    api(
        "PUT /api/v1/staff/meetings/{meeting_id}",
        "- | +--+++ | -----+ | + | +",
        API_MEETING,
        meeting_id="meeting.pk",
    ),
    api(
        "POST /api/v1/staff/meetings/{meeting_id}/publish",
        "- | +--+++ | -----+ | + | +",
        {"published": True},
        meeting_id="meeting.pk",
    ),
    api(
        "POST /api/v1/staff/interviews",
        "- | +--+++ | -----+ | + | +",
        lambda w: {"organization": w.own.code, **API_INTERVIEW},
    ),
    api(
        "PUT /api/v1/staff/interviews/{interview_id}",
        "- | +--+++ | -----+ | + | +",
        API_INTERVIEW,
        interview_id="interview.pk",
    ),
    api(
        "POST /api/v1/staff/interviews/{interview_id}/live",
        "- | +--+++ | -----+ | + | +",
        {"live": True},
        interview_id="interview.pk",
    ),
    api(
        "POST /api/v1/staff/decisions",
        "- | ---+++ | -----+ | + | +",
        lambda w: {"organization": w.own.code, **API_DECISION},
        why="the annual list is kept by the office head and supervisors (services.decision_add)",
    ),
    api(
        "PUT /api/v1/staff/decisions/{decision_id}",
        "- | ---+++ | -----+ | + | +",
        API_DECISION,
        decision_id="decision.pk",
    ),
    api(
        "POST /api/v1/staff/meetings/{meeting_id}/draw",
        "- | +--+++ | -----+ | + | +",
        {"seed": "20261207"},
        meeting_id="meeting.pk",
        why="first come, no draw: 409 for those allowed",
    ),
    api(
        "POST /api/v1/staff/meetings/registrations/{registration_id}/attendance",
        "- | +--+++ | -----+ | + | +",
        {"attended": True},
        registration_id="registration.pk",
    ),
    api(
        "POST /api/v1/staff/interviews/questions/{question_id}/moderate",
        "- | +--+++ | -----+ | + | +",
        {"accept": True, "answer": "答"},
        question_id="question.pk",
    ),
    api(
        "POST /api/v1/staff/interviews/{interview_id}/transcript",
        "- | +--+++ | -----+ | + | +",
        {"transcript": "实录"},
        interview_id="interview.pk",
    ),
    api(
        "POST /api/v1/staff/decisions/{decision_id}/stages",
        "- | +--+++ | -----+ | + | +",
        {"stage": "public_participation", "on": "2026-07-01"},
        decision_id="decision.pk",
    ),
    api("GET /api/v1/staff/messages", SIGNED_IN),
    api("GET /api/v1/staff/messages/statistics", SIGNED_IN),
    api(
        "POST /api/v1/staff/messages/{message_id}/answer",
        "- | +-++++ | -----+ | + | +",
        {"answer": "您好，申请法律援助请携带身份证明。"},
        message_id="message.pk",
    ),
    api(
        "POST /api/v1/staff/messages/{message_id}/invalid",
        "- | +-++++ | -----+ | + | +",
        {"reason": "重复留言"},
        message_id="message.pk",
    ),
    api(
        "POST /api/v1/staff/consultations",
        "- | +--+++ | -----+ | + | +",
        {
            "organization": "dl-sfj",
            "title": "大连市公证服务办法（征求意见稿）",
            "kind": "normative",
            "draft_text": "第一条",
            "explanation": "说明",
            "opens_on": "2030-01-01",
            "closes_on": "2030-03-01",
        },
    ),
    api(
        "POST /api/v1/staff/consultations/{consultation_id}/publish",
        "- | +--+++ | -----+ | + | +",
        consultation_id="consultation.pk",
        why="already open: 409 for those allowed",
    ),
    api(
        "POST /api/v1/staff/consultations/{consultation_id}/report",
        "- | +--+++ | -----+ | + | +",
        lambda w: {"final_document": w.published.pk, "summary": "共收到意见1条。"},
        consultation_id="consultation.pk",
        why="the period is still open: 409 for those allowed",
    ),
    api(
        "POST /api/v1/staff/consultations/comments/{comment_id}/moderate",
        "- | +--+++ | -----+ | + | +",
        {"publish": True},
        comment_id="comment.pk",
    ),
    api(
        "POST /api/v1/staff/consultations/comments/{comment_id}/assess",
        "- | +--+++ | -----+ | + | +",
        {"topic": "援助范围", "adoption": "adopted"},
        comment_id="comment.pk",
        why="the period is still open: 409 for those allowed",
    ),
    api("GET /api/v1/staff/applications", "- | ++++++ | ++++++ | + | +"),
    api(
        "PUT /api/v1/staff/organizations/{code}/profile",
        "- | +--+-+ | -----+ | - | +",
        {"functions": "负责全市法治建设。"},
        code="own.code",
    ),
    api(
        "GET /api/v1/staff/completeness", "- | ++++++ | ++++++ | + | +", why="the agencies the caller may see"
    ),
    api("GET /api/v1/staff/public-enterprises/complaints", "- | ++++++ | ++++++ | + | +"),
    api(
        "GET /api/v1/staff/public-enterprises/complaints/{complaint_id}",
        "- | +--+++ | -----+ | + | +",
        complaint_id="complaint.pk",
    ),
    api(
        "POST /api/v1/staff/public-enterprises/complaints/{complaint_id}/answer",
        "- | +--+-+ | -----+ | - | +",
        {"outcome": "upheld", "answer": "已责令整改。", "answered_on": "2026-03-10"},
        complaint_id="complaint.pk",
    ),
    api(
        "PUT /api/v1/staff/public-enterprises/{code}/outlets",
        "- | +----+ | -----+ | - | +",
        {"name": "新网点", "address": "人民路1号"},
        code="enterprise.code",
    ),
    api("GET /api/v1/staff/supervision/{year}", "- | ----++ | ----++ | + | +", year="=2026"),
    api("POST /api/v1/staff/applications", "- | --++-+ | -----+ | - | +", API_APPLICATION),
    api(
        "GET /api/v1/staff/applications/{application_id}",
        "- | --++++ | -----+ | + | +",
        application_id="case.pk",
    ),
    api(
        "GET /api/v1/staff/applications/{application_id}/letters/{letter_id}.{fmt}",
        "- | -+++++ | -----+ | + | +",
        application_id="case.pk",
        letter_id="letter.pk",
        fmt="=docx",
    ),
    api(
        "POST /api/v1/staff/applications/{application_id}/events",
        "- | --++-+ | -----+ | - | +",
        {"type": "withdrawn", "on": "2026-03-06"},
        application_id="case.pk",
    ),
    api(
        "PUT /api/v1/staff/applications/{application_id}/handler",
        "- | ---+-+ | -----+ | - | +",
        {"handler": None},
        application_id="case.pk",
    ),
    api(
        "GET /api/v1/reports/annual/{year}",
        "- | ++++++ | -----+ | + | +",
        {"organization": "dl-sfj"},
        year="=2025",
    ),
    api("GET /api/v1/staff/monitoring/sites", "- | ++++++ | ++++++ | + | +"),
    # Service guides and progress (issue 24): only the service system's own account pushes
    # progress (no actor class here holds it; administrators do not type in another system's
    # record); guides are drafted by the agency's editors and signers.
    api(
        "POST /api/v1/staff/services/progress",
        "- | ------ | ------ | - | -",
        {
            "case_no": "AUTHZ-1",
            "item_code": "SFJ-AUTHZ-1",
            "organization": "dl-sfj",
            "milestone": "decided",
            "on": "2026-03-03",
            "verification_code": "123456",
        },
    ),
    api(
        "POST /api/v1/staff/guides",
        "- | ++---+ | -----+ | - | +",
        {"organization": "dl-sfj", "item_code": "SFJ-NEW", "name": "新事项"},
    ),
    api(
        "PUT /api/v1/staff/guides/{guide_id}",
        "- | ++---+ | -----+ | - | +",
        {"name": "改"},
        guide_id="guide.pk",
    ),
    api("POST /api/v1/staff/guides/{guide_id}/submit", "- | ++---+ | -----+ | - | +", guide_id="guide.pk"),
    api(
        "POST /api/v1/staff/guides/{guide_id}/withdraw",
        "- | -+-+-+ | -----+ | - | +",
        {"reason": "职能调整"},
        guide_id="guide.pk",
    ),
    api(
        "PUT /api/v1/staff/guide-packages/{code}",
        "- | -+-+-+ | -----+ | - | +",
        {"name": "一件事", "lead": "dl-sfj", "guides": ["SFJ-AUTHZ-1", "SFJ-AUTHZ-2"], "public": True},
        code="=authz",
    ),
    api(
        "GET /api/v1/staff/services/statistics",
        "- | ++++++ | ++++++ | + | +",
        why="each sees its own agencies",
    ),
    api("GET /api/v1/staff/monitoring/sites/{site_id}", "- | ++++++ | -----+ | + | +", site_id="site.pk"),
    # Registries (issue 22): public reading, editing by the owning unit.
    api("GET /api/v1/registries/areas", PUBLIC),
    api("GET /api/v1/registries/standard-items", PUBLIC),
    api("GET /api/v1/registries/power-items", PUBLIC),
    api("GET /api/v1/registries/power-lists/{code}", PUBLIC, code="own.code"),
    api("GET /api/v1/registries/negative-list", PUBLIC),
    api("GET /api/v1/registries/emergency-plans", PUBLIC),
    api(
        "PUT /api/v1/staff/registries/negative-list/items/{number}",
        ADMIN_ONLY,
        {"city_measures": "全程网办"},
        number="negative_item.number",
    ),
    api(
        "POST /api/v1/staff/registries/emergency-plans",
        "- | +--+++ | -----+ | + | +",
        {
            "organization": "dl-sfj",
            "title": "新预案",
            "plan_type": "special",
            "level": "city",
            "issued_on": "2026-03-02",
        },
    ),
    api(
        "POST /api/v1/staff/registries/emergency-plans/{plan_id}/revisions",
        "- | +--+++ | -----+ | + | +",
        {"kind": "evaluated", "on": "2026-03-02"},
        plan_id="emergency_plan.pk",
    ),
    api("GET /api/v1/staff/registries/emergency-plans/overdue", "- | -----+ | -----+ | - | +"),
    api(
        "GET /api/v1/staff/registries/trainings",
        "- | ++++++ | -----+ | + | +",
        {"organization": "dl-sfj", "year": "2026"},
    ),
    api(
        "POST /api/v1/staff/registries/trainings",
        "- | +--+++ | -----+ | + | +",
        {
            "organization": "dl-sfj",
            "topic": "培训",
            "held_on": "2026-05-06",
            "trainer": "刘洋",
            "participants": [{"organization": "dl-sfj", "role": "frontline", "count": 9}],
        },
    ),
    api(
        "POST /api/v1/staff/registries/catalogues/{code}/items",
        "- | -----+ | -----+ | + | +",
        lambda w: {**REGISTRY_ITEM, "level2": "新事项"},
        code="registry_district.code",
    ),
    api(
        "POST /api/v1/staff/registries/catalogues/{code}/adopt",
        "- | -----+ | -----+ | + | +",
        {"area": "elderly-care"},
        code="registry_district.code",
    ),
    api(
        "GET /api/v1/staff/registries/catalogues/{code}/unfulfilled",
        "- | -----+ | -----+ | + | +",
        code="registry_district.code",
    ),
    api(
        "GET /api/v1/staff/registries/catalogues/{code}/departures",
        "- | -----+ | -----+ | + | +",
        code="registry_district.code",
    ),
    api(
        "DELETE /api/v1/staff/registries/standard-items/{item_id}",
        "- | -----+ | -----+ | + | +",
        item_id="standard_item.pk",
    ),
    api(
        "POST /api/v1/staff/registries/power-lists/{code}/draft",
        "- | +--+++ | -----+ | + | +",
        code="own.code",
    ),
    api(
        "POST /api/v1/staff/registries/power-lists/{code}/draft/items",
        "- | +--+++ | -----+ | + | +",
        lambda w: {
            "code": "000572101000",
            "kind": "penalty",
            "name": "对公证员的处罚",
            "legal_basis": "《公证法》",
            "responsible_unit": "公证管理处",
            "accountability": "追责",
        },
        code="own.code",
    ),
    api(
        "DELETE /api/v1/staff/registries/power-lists/{code}/draft/items/{item_code}",
        "- | +--+++ | -----+ | + | +",
        code="own.code",
        item_code="=000172101000",
    ),
    api(
        "POST /api/v1/staff/registries/power-lists/{code}/draft/publish",
        "- | -+-+++ | -----+ | + | +",
        {"published_on": "2026-06-01"},
        code="own.code",
    ),
]
