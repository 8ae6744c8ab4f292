"""The seed's 2020 arrangement with all its tasks and units, and a year of progress reports.

Which unit finished what is decided by a stable hash of (unit, task), not by random numbers, so
every `load-demo` builds the same picture: most units complete most tasks, some complete late,
some stay in progress or never report (overdue). The demo 信息员 of 市司法局 is left open tasks
to report on.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from zwgk.workplan.models import ProgressReport, ProgressStatus, TaskUnit, WorkPlan
from zwgk.workplan.services import progress_report_submit, workplan_import, workplan_preview
from zwgk.workplan.units import mapping_key

SEED = Path(__file__).resolve().parent / "demo_data" / "2020-dalian-zwgk-work-arrangement.txt"
REPORTERS = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周敏", "吴昊"]
# Units whose demo staff should find work waiting: every third of their tasks stays open.
OPEN_FOR_DEMO_STAFF = {"dl-sfj", "dl-mzj"}
# Tasks of a few named units that every unit finished (some late), so the overview has both kinds.
FULLY_DONE = {"五、(二)", "六、(三)"}

PROGRESS_TEXT = {
    "三、(三)": (
        "已梳理本单位出台的“六稳”“六保”政策文件，报送市政府门户网站专题栏目，并在本部门网站同步发布。"
    ),
    "六、(三)": "已组织下属公共企事业单位核对服务网点地址、联系方式和投诉举报渠道，逐条核实并更正。",
    "七、(三)": "已完成网站IPv6改造，二三级页面支持度经检测达到要求。",
    "七、(一)": "已按门户网站风格样式完成网站集约整合，信息资源迁移至统一信息资源库。",
    "八、(一)": "已明确分管负责同志，报同级政府信息公开工作主管部门备案。",
}


def _score(*parts: str) -> int:
    """0–99, stable across runs and machines (unlike hash())."""
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:8], 16) % 100


def _evidence(org_code: str, section: str, day: date) -> list[str]:
    slug = section.replace("、", "").replace("(", "-").replace(")", "")
    return [f"https://www.dl.gov.cn/{org_code}/zwgk/{day:%Y%m}/{slug}.html"]


def _reports_for(row: TaskUnit) -> list[tuple[date, str, str, list[str]]]:
    task, org = row.task, row.organization
    score = _score(org.code, task.section)
    if task.section in FULLY_DONE:
        score %= 72
    elif org.code in OPEN_FOR_DEMO_STAFF and task.position % 3 == 0:
        score = 95 if task.position % 2 else 85
    deadline = task.deadline
    start = max(date(2020, 8, 24), deadline - timedelta(days=90))
    midway = start + timedelta(days=(deadline - start).days // 2)
    done_text = PROGRESS_TEXT.get(task.section, f"已按要求完成“{task.title}”相关工作。")
    working = f"正在推进“{task.title}”，已制定工作方案并明确责任人。"
    if score < 60:  # done on time
        day = deadline - timedelta(days=score % 20)
        return [
            (midway, ProgressStatus.IN_PROGRESS, working, []),
            (day, ProgressStatus.DONE, done_text, _evidence(org.code, task.section, day)),
        ]
    if score < 72:  # done, late
        day = deadline + timedelta(days=5 + score % 30)
        return [
            (day, ProgressStatus.DONE, done_text + "（逾期完成）", _evidence(org.code, task.section, day))
        ]
    if score < 88:  # still in progress: overdue
        return [(midway, ProgressStatus.IN_PROGRESS, working, [])]
    return []  # never reported: overdue


# The seed's 五、(一) gives the standard catalogues to "市政府有关部门": the departments of the
# pilot areas of the 基层政务公开标准化规范化 work (国办发〔2019〕54号) in the demo directory.
MAPPINGS = {
    mapping_key("五、(一)", "市政府有关部门"): [
        "dl-sfj", "dl-mzj", "dl-wjw", "dl-jyj", "dl-sthjj", "dl-zjj", "dl-jtj", "dl-rsj", "dl-czj",
    ],
}  # fmt: skip


def load(*, stdout: Any) -> str:
    # The same path as `zwgk workplan import` and the back-office page: preview, then import.
    text = SEED.read_text(encoding="utf-8")
    preview = workplan_preview(text=text, mappings=MAPPINGS)
    if preview.unresolved:
        stdout.write(f"  未能对应到机构的单位：{preview.unresolved}")
    result = workplan_import(actor=None, text=text, mappings=MAPPINGS, check_permission=False)
    plan: WorkPlan = result.plan
    if ProgressReport.objects.filter(task__plan=plan).exists():
        return f"{plan.title}：{result.tasks} 项任务（进展报送已存在）"
    rows = (
        TaskUnit.objects.responsible()
        .filter(task__plan=plan)
        .select_related("task", "organization")
        .order_by("task__position", "organization__sort_order")
    )
    count = 0
    for row in rows:
        for day, status, text, links in _reports_for(row):
            progress_report_submit(
                actor=None,
                task_id=row.task_id,
                organization=row.organization,
                status=status,
                text=text,
                reported_on=day,
                links=links,
                reporter_name=REPORTERS[_score(row.organization.code) % len(REPORTERS)],
                check_permission=False,
            )
            count += 1
    units = TaskUnit.objects.filter(task__plan=plan).values("organization").distinct().count()
    return f"{plan.title}：{result.tasks} 项任务，{units} 个单位，{count} 条进展报送"
