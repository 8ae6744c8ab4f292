"""Importing the seed: its tasks, their units resolved to the demo agencies, idempotence, audit."""

from datetime import date

import pytest

from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.organizations.models import OrgKind
from zwgk.workplan.arrangement import GROUP_PHRASES
from zwgk.workplan.demo import MAPPINGS
from zwgk.workplan.models import TaskUnit, UnitRole, WorkPlan, WorkTask
from zwgk.workplan.services import workplan_import, workplan_preview
from zwgk.workplan.units import DEFAULT_LEAD_PHRASE, mapping_key

pytestmark = pytest.mark.django_db


def units(task, role):
    return [
        a.organization.short_name
        for a in task.assignments.filter(role=role).order_by("organization__sort_order")
    ]


def test_the_seed_becomes_a_plan_of_23_tasks_issued_by_the_leading_group(plan, dalian):
    assert plan.doc_no == "大政公领发〔2020〕1号"
    assert plan.title == "2020年大连市政务公开工作安排"
    assert (plan.year, plan.issued_on) == (2020, date(2020, 8, 24))
    assert plan.organization == dalian["dl-zwgkldxz"]
    assert plan.tasks.count() == 23


def test_every_unit_phrase_of_the_seed_resolves_but_the_departments_concerned(dalian, seed_text):
    # "市政府有关部门" (五、(一)) does not say which departments: staff choose them.
    assert workplan_preview(text=seed_text).unresolved == {"五、(一)": ["市政府有关部门"]}
    with pytest.raises(Conflict):
        workplan_import(actor=None, text=seed_text, check_permission=False)
    assert not WorkPlan.objects.exists()
    assert workplan_preview(text=seed_text, mappings=MAPPINGS).unresolved == {}


def test_the_seed_names_22_units_and_5_dated_deadlines(plan):
    named = TaskUnit.objects.filter(task__plan=plan).exclude(phrase__in=[*GROUP_PHRASES, DEFAULT_LEAD_PHRASE])
    assert named.values("organization").distinct().count() == 22
    assert plan.tasks.filter(deadline_defaulted=False).count() == 5


def test_named_units_and_deadline_of_three_three(plan):
    task = plan.tasks.get(section="三、(三)")
    assert (task.deadline, task.deadline_wording, task.deadline_defaulted) == (
        date(2020, 9, 15),
        "9月15日前",
        False,
    )
    assert units(task, UnitRole.LEAD) == ["市政府办公室"]


def test_six_three_has_the_thirteen_named_responsible_units(plan):
    task = plan.tasks.get(section="六、(三)")
    assert task.deadline == date(2020, 9, 30)
    assert units(task, UnitRole.LEAD) == ["市政府办公室", "市大数据中心"]
    assert set(units(task, UnitRole.RESPONSIBLE)) == {
        "市教育局", "市生态环境局", "市卫生健康委", "市国资委", "市医保局", "市文旅局", "市水务局",
        "市住建局", "市交通运输局", "市邮政管理局", "市通信管理局", "大连供电公司", "市水务集团",
    }  # fmt: skip
    assert units(task, UnitRole.RESPONSIBLE)[-2:] == ["大连供电公司", "市水务集团"]


def test_group_phrases_expand_by_kind_and_keep_their_wording(plan, dalian):
    task = plan.tasks.get(section="二、(一)")
    rows = task.assignments.filter(role=UnitRole.RESPONSIBLE).select_related("organization")
    by_phrase = {}
    for row in rows:
        by_phrase.setdefault(row.phrase, set()).add(row.organization.code)
    districts = {c for c, o in dalian.items() if o.kind == OrgKind.DISTRICT}
    zones = {c for c, o in dalian.items() if o.kind == OrgKind.DEVELOPMENT_ZONE}
    assert by_phrase["各区市县政府"] == districts and len(districts) == 9
    assert by_phrase["各先导区管委会"] == zones and len(zones) == 3
    departments = by_phrase["市政府各部门"]
    assert {"dl-zfb", "dl-sfj", "dl-mzj"} <= departments
    # Vertically managed bureaus and district departments are not the city government's
    # departments; a Party organ (市委编办) is not one either; the big-data centre is a
    # directly affiliated institution (各直属单位), not a department.
    assert not departments & {"dl-yzglj", "dl-txglj", "dl-zsq-mzj", "dl-jpxq-mzj", "dl-bb", "dl-dsjzx"}
    assert by_phrase["各直属单位"] == {"dl-dsjzx"}
    assert rows.count() == len(districts) + len(zones) + len(departments) + 1


def test_party_organs_only_where_named(plan, dalian):
    bb = TaskUnit.objects.filter(task__plan=plan, organization=dalian["dl-bb"])
    assert [(a.task.section, a.role) for a in bb] == [("三、(二)", UnitRole.LEAD)]


def test_departments_concerned_are_the_ones_staff_chose(plan):
    task = plan.tasks.get(section="五、(一)")
    concerned = task.assignments.filter(phrase="市政府有关部门").values_list("organization__code", flat=True)
    assert set(concerned) == set(MAPPINGS[mapping_key("五、(一)", "市政府有关部门")])


def test_a_task_without_a_named_lead_is_led_by_the_competent_department(plan):
    task = plan.tasks.get(section="二、(三)")
    assert task.lead_defaulted
    lead = task.assignments.get(role=UnitRole.LEAD)
    assert (lead.organization.code, lead.phrase) == ("dl-zfb", DEFAULT_LEAD_PHRASE)
    assert not plan.tasks.get(section="二、(一)").lead_defaulted


def test_section_eight_gives_every_agency_without_wording_and_says_so(plan):
    task = plan.tasks.get(section="八、(一)")
    assert task.units_wording == "" and task.units_defaulted and task.lead_defaulted
    assert task.assignments.filter(role=UnitRole.LEAD).count() == 1
    # Districts, zones, the administrative departments and the institution; no Party organ.
    assert task.assignments.filter(role=UnitRole.RESPONSIBLE).count() == 31


def test_tasks_without_a_written_deadline_are_due_at_year_end_and_flagged(plan):
    flagged = plan.tasks.filter(deadline_defaulted=True)
    assert flagged.count() == 18
    assert set(flagged.exclude(section="八、(四)").values_list("deadline", flat=True)) == {date(2020, 12, 31)}
    # 八、(四): the plan's results go into the annual report, due 31 January of the next year.
    assert plan.tasks.get(section="八、(四)").deadline == date(2021, 1, 31)
    assert set(plan.tasks.filter(deadline_defaulted=False).values_list("section", flat=True)) == {
        "三、(一)", "三、(三)", "六、(三)", "七、(一)", "七、(三)",
    }  # fmt: skip


def test_reimporting_the_same_text_changes_nothing(plan, seed_text):
    audits = AuditEntry.objects.filter(verb="workplan.import").count()
    rows = TaskUnit.objects.count()
    # The mappings are kept with the plan: a re-import needs not repeat them.
    result = workplan_import(actor=None, text=seed_text, check_permission=False)
    assert (result.plan.pk, result.created, result.changed) == (plan.pk, False, False)
    assert (WorkPlan.objects.count(), WorkTask.objects.count(), TaskUnit.objects.count()) == (1, 23, rows)
    assert AuditEntry.objects.filter(verb="workplan.import").count() == audits


def test_a_corrected_text_updates_tasks_in_place(plan, seed_text):
    task = plan.tasks.get(section="三、(三)")
    corrected = seed_text.replace("9月15日前,各级政府部门", "9月20日前,各级政府部门")
    result = workplan_import(actor=None, text=corrected, check_permission=False)
    assert result.changed and not result.created
    task.refresh_from_db()
    assert (task.deadline, task.deadline_wording) == (date(2020, 9, 20), "9月20日前")
    entry = AuditEntry.objects.filter(verb="workplan.import").latest("id")
    assert entry.data["created"] is False


def test_import_is_audited(plan):
    entry = AuditEntry.objects.get(verb="workplan.import")
    assert entry.organization_code == "dl-zwgkldxz"
    assert entry.data["tasks"] == 23 and entry.data["mappings"] == MAPPINGS


def test_unknown_units_block_the_import_until_mapped(plan, seed_text, dalian):
    text = seed_text.replace("市教育局、市生态环境局", "市教育局、市气象局")
    assert workplan_preview(text=text).unresolved == {"六、(三)": ["市气象局"]}
    with pytest.raises(Conflict) as exc:
        workplan_import(actor=None, text=text, check_permission=False)
    assert exc.value.code == "unresolved_units"
    task = plan.tasks.get(section="六、(三)")
    assert task.assignments.filter(organization=dalian["dl-sthjj"]).exists()  # nothing saved
    workplan_import(actor=None, text=text, mappings={"市气象局": ["dl-sthjj"]}, check_permission=False)
    assert task.assignments.get(organization=dalian["dl-sthjj"]).phrase == "市气象局"


def test_only_supervisors_import(dalian, seed_text, make_staff):
    editor = make_staff(dalian["dl-sfj"], "editor")
    with pytest.raises(NotPermitted):
        workplan_import(actor=editor, text=seed_text, mappings=MAPPINGS)
    supervisor = make_staff(dalian["dl"], "supervisor")
    assert workplan_import(actor=supervisor, text=seed_text, mappings=MAPPINGS).created


def test_text_without_a_document_number_is_refused(dalian):
    with pytest.raises(ValidationFailed):
        workplan_import(actor=None, text="2020年工作安排\n二、甲\n(一)做好甲。\n", check_permission=False)
