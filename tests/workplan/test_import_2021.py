"""A made-up 2021 arrangement in the seed's style with the layouts real texts vary in: what the
preview understood, every line and unit it did not, and the command API.md names."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zwgk.workplan.arrangement import parse
from zwgk.workplan.models import WorkPlan
from zwgk.workplan.services import workplan_import, workplan_preview, workplan_unit_create

FIXTURE = Path(__file__).resolve().parent / "data" / "2021-arrangement.txt"


@pytest.fixture
def text():
    return FIXTURE.read_text(encoding="utf-8")


def test_every_variation_is_read(text):
    a = parse(text)
    assert (a.year, a.doc_no, a.issued_on) == (2021, "大政公领发〔2021〕1号", date(2021, 4, 12))
    by = {t.section: t for t in a.tasks}
    assert list(by) == ["二、(一)", "二、(二)", "二、(三)", "三、(一)1", "三、(一)2", "三、(二)", "四、(一)"]
    # The body on the line after the title keeps its text, its deadline and its units.
    first = by["二、(一)"]
    assert "各部门编制专项规划" in first.text and "牵头单位" not in first.text
    assert (first.deadline.on, first.deadline.wording) == (date(2021, 10, 31), "10月31日前")
    assert first.responsible_units == ("市政府各部门",) and not first.units_defaulted
    # "。" after the bracket, 牵头部门/责任部门, 6月底完成.
    second = by["二、(二)"]
    assert (second.lead_units, second.responsible_units) == (
        ("市政府办公室",),
        ("市农业农村局", "各区市县政府"),
    )
    assert (second.deadline.on, second.deadline.wording) == (date(2021, 6, 30), "6月底完成")
    assert by["二、(三)"].deadline.on == date(2021, 6, 30)  # 上半年
    # Sub-items with their own units are tasks of their own; without, steps of their item.
    assert by["三、(一)1"].lead_units == ("市委编办",) and by["三、(一)1"].deadline.on == date(2021, 9, 30)
    assert by["三、(一)2"].deadline.wording == "年底前"
    platform = by["三、(二)"]
    assert "1.每月核查栏目更新情况;2.每季度通报检查结果" in platform.text
    assert platform.lead_units == ("市大数据中心",)
    # The annual-report item is due with the report.
    assert by["四、(一)"].deadline.on == date(2022, 1, 31)
    assert "未能识别的行（已忽略）：附件:2021年政务公开工作联系人名单" in a.warnings


def test_the_preview_reports_each_unit_not_understood(dalian, text):
    preview = workplan_preview(text=text)
    assert preview.unresolved == {"二、(二)": ["市农业农村局"], "二、(三)": ["市政府有关部门"]}
    data = preview.as_json()
    assert set(data) == {"year", "doc_no", "tasks", "warnings"}
    task = next(t for t in data["tasks"] if t["number"] == "二、(二)")
    assert set(task) == {"number", "title", "lead", "units", "unresolved", "deadline", "deadline_defaulted"}
    assert task["lead"] == ["dl-zfb"] and task["unresolved"] == ["市农业农村局"]
    assert task["deadline"] == "2021-06-30" and task["deadline_defaulted"] is False
    # No lead named: the competent department leads, and the preview says so.
    assert next(t for t in data["tasks"] if t["number"] == "二、(三)")["lead"] == ["dl-zfb"]
    assert any("二、(三)：未写明牵头单位" in w for w in data["warnings"])
    # 市政府各部门 without the institution or the Party organ; 各直属单位 the institution.
    units = {t["number"]: t["units"] for t in data["tasks"]}
    assert "dl-dsjzx" not in units["二、(一)"] and "dl-bb" not in units["二、(一)"]
    assert "dl-dsjzx" in units["三、(一)1"]


def test_an_unresolved_unit_blocks_the_command_and_nothing_is_saved(dalian, capsys):
    with pytest.raises(CommandError):
        call_command("workplan", "import", str(FIXTURE), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["doc_no"] == "大政公领发〔2021〕1号"
    assert not WorkPlan.objects.exists()


def test_mapped_and_created_units_let_the_command_import(dalian, capsys):
    concerned = "二、(三)|市政府有关部门=dl-sfj,dl-mzj"
    call_command(
        "workplan", "import", str(FIXTURE), "--dry-run", "--map", concerned, "--map", "市农业农村局=dl-fgw"
    )
    assert not WorkPlan.objects.exists()  # a dry run saves nothing
    nyj = workplan_unit_create(
        actor=None,
        government=dalian["dl"],
        code="dl-nyj",
        name="大连市农业农村局",
        short_name="市农业农村局",
        check_permission=False,
    )
    call_command("workplan", "import", str(FIXTURE), "--map", "二、(三)|市政府有关部门=dl-sfj,dl-mzj")
    plan = WorkPlan.objects.get()
    task = plan.tasks.get(section="二、(二)")
    assert task.assignments.filter(organization=nyj, role="responsible").exists()
    concerned = plan.tasks.get(section="二、(三)").assignments.filter(role="responsible")
    assert set(concerned.values_list("organization__code", flat=True)) == {"dl-sfj", "dl-mzj"}
    assert "已新建" in capsys.readouterr().out


def test_a_task_with_no_units_is_never_completed(dalian, text):
    """The old import gave 市农业农村局's task no unit, so it counted as done and never overdue."""
    workplan_import(
        actor=None,
        text=text,
        mappings={"市农业农村局": ["dl-fgw"], "二、(三)|市政府有关部门": ["dl-sfj"]},
        check_permission=False,
    )
    plan = WorkPlan.objects.get()
    assert not plan.tasks.filter(assignments__isnull=True).exists()
    assert plan.tasks.completed().count() == 0
    assert plan.tasks.overdue(on=date(2021, 7, 1)).filter(section="二、(二)").exists()
