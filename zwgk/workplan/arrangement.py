"""An annual work arrangement (工作安排/工作要点) as text → its sections and tasks.

Pure module: no Django imports. The layout is the one of official documents like the seed
(大政公领发〔2020〕1号): top-level sections numbered 一、二、…, items numbered (一)(二)…, each
item one paragraph ending with its units in brackets — (牵头单位:…;责任单位:…). Section 一
(总体要求) states principles and is not a task. Deadlines are written inside the text
(9月15日前, 9月底前, 年底前, 2020年底前) and are relative to the plan's year; an item without
one is due at the end of that year, flagged, because the arrangement is annual.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from zwgk.reports.deadlines import DEPARTMENT_DUE

NUMERALS = "一二三四五六七八九十"

# Phrases naming a group of agencies rather than one; the caller expands them by kind.
GROUP_PHRASES: frozenset[str] = frozenset(
    {
        "各区市县政府",
        "各区市县人民政府",
        "各先导区管委会",
        "市政府各部门",
        "市政府各委办局",
        "各直属单位",
        "各直属机构",
        "市政府有关部门",
    }
)
# An item naming no units: "各地区、各部门" (seed 八: "各级政府部门要…", "各行政机关需…").
ALL_AGENCIES: tuple[str, ...] = ("各区市县政府", "各先导区管委会", "市政府各部门", "各直属单位")
# Section 一 (总体要求) holds the guiding ideas, principles and targets, not work items.
NON_TASK_SECTIONS: frozenset[str] = frozenset({"总体要求"})
# An item asking to report the plan's results in the annual report is due with that report
# (条例第四十九条: departments publish last year's report by 31 January).
ANNUAL_REPORT = "政府信息公开工作报告"
ANNUAL_REPORT_WORDING = "随政府信息公开工作年度报告（次年1月31日前）"

_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "，": ",", "．": "."})
_SECTION = re.compile(rf"^([{NUMERALS}]+)、\s*(.+?)\s*$")
_ITEM = re.compile(rf"^\(([{NUMERALS}]+)\)\s*(.*)$")
_SUB_ITEM = re.compile(r"^(\d{1,2})[.、]\s*(.+)$")
_LABEL = r"(?:牵头|责任|配合)(?:单位|部门)"
# The unit bracket ends its paragraph; a full stop after it is common in copied documents.
_UNITS = re.compile(rf"\((?=[^()]*{_LABEL}\s*:)([^()]*)\)\s*[。;]?\s*$")
_BRACKET_LINE = re.compile(rf"^\((?=[^()]*{_LABEL}\s*:)[^()]*\)\s*[。;]?$")
_DOC_NO = re.compile(r"^\S{1,12}〔(\d{4})〕\d+号$")
_ISSUED = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PLAN_TITLE = re.compile(r"^(\d{4})年\S*(?:工作安排|工作要点|工作计划)$")
# A paragraph of prose ends with a full stop, a semicolon or its unit bracket; page furniture
# copied from a website ("打印 关闭", "上一篇:") does not.
_PROSE_END = re.compile(r"[。;)!?”]$")
_DONE = r"(?:前|之前|完成|以前)"
# The earliest of these in an item is its deadline. 5个工作日内 is a rolling rule, not a date.
_DEADLINES = re.compile(
    rf"(?:(?P<y1>\d{{4}})年)?(?P<m1>\d{{1,2}})月(?P<d1>\d{{1,2}})日{_DONE}"
    rf"|(?:(?P<y2>\d{{4}})年)?(?P<m2>\d{{1,2}})月(?:底|末){_DONE}?"
    rf"|(?:(?P<yh>\d{{4}})年)?(?P<half>上|下)半年"
    rf"|(?:(?P<yq>\d{{4}})年)?(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?{_DONE}?"
    rf"|(?P<y3>\d{{4}})?年(?:底|末){_DONE}?"
    rf"|(?P<within>年内)完成"
)
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class ArrangementError(ValueError):
    """The text does not have the layout of a work arrangement."""


@dataclass(frozen=True)
class Deadline:
    on: date
    wording: str  # as written ("9月15日前"), or the rule applied; "" when defaulted to the year end
    defaulted: bool  # no date written in the item


@dataclass(frozen=True)
class Task:
    section: str  # "三、(三)", or "三、(三)1" for a numbered sub-item with its own units
    section_title: str  # "推动重点政务信息集中统一公开"
    title: str  # the item's first sentence, without its number
    text: str  # the whole item without its unit brackets
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    units_wording: str  # the bracket as written; "" when the item names none
    deadline: Deadline
    position: int
    # No responsible unit named: ALL_AGENCIES stands in, and the preview says so.
    units_defaulted: bool = False


@dataclass(frozen=True)
class Arrangement:
    notice_title: str
    title: str
    doc_no: str
    issuer: str
    issued_on: date | None
    year: int
    tasks: tuple[Task, ...]
    # Lines and unit labels that were not understood, for the import preview.
    warnings: tuple[str, ...] = ()

    def task(self, section: str) -> Task:
        for task in self.tasks:
            if task.section == section:
                return task
        raise KeyError(section)


def split_units_checked(wording: str) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    """ "牵头单位:A、B;责任单位:C,D、E" → ((A, B), (C, D, E), problems).

    牵头单位/牵头部门 lead; 责任单位/责任部门 and 配合单位 (units that cooperate: they carry the
    work too) are responsible. A part with another label is left out and named in `problems`.
    """
    lead: list[str] = []
    responsible: list[str] = []
    problems: list[str] = []
    for part in wording.translate(_HALF).split(";"):
        if not part.strip():
            continue
        label, sep, names = part.partition(":")
        target = lead if "牵头" in label else responsible if ("责任" in label or "配合" in label) else None
        if not sep or target is None:
            problems.append(f"无法识别的单位类别“{part.strip()}”")
            continue
        target.extend(n.strip(" 。") for n in re.split(r"[、,]", names) if n.strip(" 。"))
    return tuple(dict.fromkeys(lead)), tuple(dict.fromkeys(responsible)), problems


def split_units(wording: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lead, responsible, problems = split_units_checked(wording)
    if problems:
        raise ArrangementError("；".join(problems))
    return lead, responsible


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _deadline_of(m: re.Match[str], year: int) -> date:
    if m["m1"]:
        return date(int(m["y1"] or year), int(m["m1"]), int(m["d1"]))
    if m["m2"]:
        return _month_end(int(m["y2"] or year), int(m["m2"]))
    if m["half"]:
        return _month_end(int(m["yh"] or year), 6 if m["half"] == "上" else 12)
    if m["q"]:
        return _month_end(int(m["yq"] or year), 3 * _QUARTERS[m["q"]])
    return date(int(m["y3"] or year), 12, 31)


def find_deadline(text: str, year: int) -> Deadline:
    """The earliest dated deadline written in `text`; else the annual report's date for an item
    about the annual report; else the year end, flagged, because the arrangement is annual."""
    found: list[tuple[date, str]] = []
    for m in _DEADLINES.finditer(text):
        try:
            on = _deadline_of(m, year)
        except ValueError as exc:
            raise ArrangementError(f"期限无效：{m[0]}") from exc
        found.append((on, m[0]))
    if found:
        on, wording = min(found)
        return Deadline(on=on, wording=wording, defaulted=False)
    if ANNUAL_REPORT in text:
        month, day = DEPARTMENT_DUE
        return Deadline(on=date(year + 1, month, day), wording=ANNUAL_REPORT_WORDING, defaulted=True)
    return Deadline(on=date(year, 12, 31), wording="", defaulted=True)


def _lines(text: str) -> list[str]:
    # Web copies of documents carry no-break spaces for layout; they are not content.
    cleaned = (line.replace("\xa0", " ").replace("\u3000", " ").strip() for line in text.splitlines())
    return [line.translate(_HALF) for line in cleaned if line]


def _header(lines: list[str]) -> tuple[str, str, str, date | None, str]:
    notice_title = lines[0] if lines else ""
    doc_no = next((ln for ln in lines[:8] if _DOC_NO.match(ln)), "")
    issued_on, issuer, title = None, "", ""
    for i, line in enumerate(lines):
        m = _ISSUED.match(line)
        if m and issued_on is None:
            issued_on = date(int(m[1]), int(m[2]), int(m[3]))
            issuer = lines[i - 1] if i else ""
        if _PLAN_TITLE.match(line) and not title:
            title = line
        if _SECTION.match(line):
            break
    if not title:
        m = re.search(r"印发(\d{4}年\S+?)的通知", notice_title)
        title = m[1] if m else notice_title
    return notice_title, title, doc_no, issued_on, issuer


@dataclass
class _Block:
    """An item or sub-item being read: its number and its lines (the body may follow the title)."""

    number: str
    lines: list[str]

    @property
    def body(self) -> str:
        return "".join(self.lines)

    @property
    def closed(self) -> bool:
        """Its unit bracket has been read: what follows is not part of it."""
        return bool(self.lines) and _UNITS.search(self.lines[-1]) is not None


@dataclass
class _Item(_Block):
    section: str = ""
    section_title: str = ""
    subs: list[_Block] | None = None
    # The unit bracket on a line of its own after the sub-items: it is the item's.
    tail_units: str = ""


def _title(text: str) -> str:
    return re.split(r"(?<=[。;])", text, maxsplit=1)[0].rstrip("。;")


def _units_of(
    body: str, where: str, warnings: list[str]
) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """(text without the bracket, wording, lead, responsible) of one paragraph."""
    units = _UNITS.search(body)
    if not units:
        return body, "", (), ()
    wording = units[1].strip()
    lead, responsible, problems = split_units_checked(wording)
    warnings.extend(f"{where}：{p}" for p in problems)
    return body[: units.start()].rstrip(), wording, lead, responsible


def _tasks_of(item: _Item, year: int, first_position: int, warnings: list[str]) -> list[Task]:
    where = f"{item.section}、({item.number})"
    text, wording, lead, responsible = _units_of(item.body, where, warnings)
    subs = item.subs or []
    own = [s for s in subs if _UNITS.search(s.body)]
    if not own:
        # Sub-items without units of their own are the item's steps: one task, whole text.
        if subs or item.tail_units:
            steps = "".join(s.number + "." + s.body for s in subs)
            text, wording, lead, responsible = _units_of(item.body + steps + item.tail_units, where, warnings)
        parts = [(where, _title(text) or _title(item.body), text, wording, lead, responsible)]
    else:
        parts = []
        for sub in subs:
            sub_where = f"{where}{sub.number}"
            sub_text, sub_wording, sub_lead, sub_resp = _units_of(sub.body, sub_where, warnings)
            if not sub_wording:  # the item's own bracket covers the sub-items that name none
                sub_wording, sub_lead, sub_resp = wording, lead, responsible
            full = f"{text}{sub.number}.{sub_text}" if text else sub_text
            parts.append((sub_where, _title(sub_text), full, sub_wording, sub_lead, sub_resp))
    tasks = []
    for offset, (section, title, body, units_wording, lead_units, resp_units) in enumerate(parts):
        defaulted = not resp_units
        if defaulted:
            warnings.append(f"{section}：未写明责任单位，按“{'、'.join(ALL_AGENCIES)}”确定，请核对。")
        tasks.append(
            Task(
                section=section,
                section_title=item.section_title,
                title=title,
                text=body,
                lead_units=lead_units,
                responsible_units=resp_units or ALL_AGENCIES,
                units_wording=units_wording,
                deadline=find_deadline(body, year),
                position=first_position + offset,
                units_defaulted=defaulted,
            )
        )
    return tasks


def parse(text: str, *, year: int | None = None) -> Arrangement:
    """The arrangement in `text`; `year` overrides the one read from its title.

    Every line after the first section heading is either a heading, an item, a sub-item, the
    continuation of the item above it (its body on the next line), or reported in `warnings`.
    """
    lines = _lines(text)
    notice_title, title, doc_no, issued_on, issuer = _header(lines)
    if year is None:
        m = re.match(r"(\d{4})年", title)
        year = int(m[1]) if m else issued_on.year if issued_on else None
    if year is None:
        raise ArrangementError("无法确定工作安排的年度。")
    items: list[_Item] = []
    warnings: list[str] = []
    section = section_title = ""
    current: _Block | None = None
    for line in lines:
        if m := _SECTION.match(line):
            section, section_title, current = m[1], m[2], None
            continue
        if not section or section_title in NON_TASK_SECTIONS:
            continue
        if m := _ITEM.match(line):
            item = _Item(
                number=m[1], lines=[m[2]] if m[2] else [], section=section, section_title=section_title
            )
            items.append(item)
            current = item
            continue
        item_open = items and items[-1].section == section and current is not None
        if (m := _SUB_ITEM.match(line)) and item_open:
            sub = _Block(number=m[1], lines=[m[2]])
            items[-1].subs = (items[-1].subs or []) + [sub]
            current = sub
            continue
        if (
            item_open
            and isinstance(current, _Block)
            and current is not items[-1]
            and _BRACKET_LINE.match(line)
        ):
            items[-1].tail_units = line
            current = None
            continue
        if current is not None and not current.closed and _PROSE_END.search(line):
            current.lines.append(line)
            continue
        warnings.append(f"未能识别的行（已忽略）：{line[:60]}")
    tasks: list[Task] = []
    for item in items:
        tasks.extend(_tasks_of(item, year, len(tasks) + 1, warnings))
    if not tasks:
        raise ArrangementError("未找到任何工作任务：应有“一、…”的章节和“(一)…”的条目。")
    seen: set[str] = set()
    for task in tasks:
        if task.section in seen:
            raise ArrangementError(f"条目编号重复：{task.section}")
        seen.add(task.section)
        if not task.text:
            warnings.append(f"{task.section}：条目没有内容。")
    return Arrangement(
        notice_title=notice_title,
        title=title,
        doc_no=doc_no,
        issuer=issuer,
        issued_on=issued_on,
        year=year,
        tasks=tuple(tasks),
        warnings=tuple(warnings),
    )
