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
# Seed 八 names no units: "各级政府部门要…", i.e. every agency of the city.
ALL_AGENCIES: tuple[str, ...] = ("各区市县政府", "各先导区管委会", "市政府各部门", "各直属单位")
# Section 一 (总体要求) holds the guiding ideas, principles and targets, not work items.
NON_TASK_SECTIONS: frozenset[str] = frozenset({"总体要求"})

_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "，": ","})
_SECTION = re.compile(rf"^([{NUMERALS}]+)、\s*(.+?)\s*$")
_ITEM = re.compile(rf"^\(([{NUMERALS}]+)\)\s*(.+)$")
_UNITS = re.compile(r"\((?=[^()]*(?:牵头单位|责任单位)\s*:)([^()]*)\)\s*$")
_DOC_NO = re.compile(r"^\S{1,12}〔(\d{4})〕\d+号$")
_ISSUED = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PLAN_TITLE = re.compile(r"^(\d{4})年\S*(?:工作安排|工作要点|工作计划)$")
# The earliest of these in an item is its deadline. 5个工作日内 is a rolling rule, not a date.
_DEADLINES = re.compile(
    r"(?:(?P<y1>\d{4})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:前|之前)"
    r"|(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?:底|末)(?:前|之前)"
    r"|(?P<y3>\d{4})?年(?:底|末)(?:前|之前)"
)


class ArrangementError(ValueError):
    """The text does not have the layout of a work arrangement."""


@dataclass(frozen=True)
class Deadline:
    on: date
    wording: str  # as written ("9月15日前"); "" when defaulted to the year end
    defaulted: bool


@dataclass(frozen=True)
class Task:
    section: str  # "三、(三)"
    section_title: str  # "推动重点政务信息集中统一公开"
    title: str  # the item's first sentence, without its number
    text: str  # the whole item without its unit brackets
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    units_wording: str  # the bracket as written; "" when the item names none
    deadline: Deadline
    position: int


@dataclass(frozen=True)
class Arrangement:
    notice_title: str
    title: str
    doc_no: str
    issuer: str
    issued_on: date | None
    year: int
    tasks: tuple[Task, ...]

    def task(self, section: str) -> Task:
        for task in self.tasks:
            if task.section == section:
                return task
        raise KeyError(section)


def split_units(wording: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """ "牵头单位:A、B;责任单位:C,D、E" → ((A, B), (C, D, E))."""
    lead: list[str] = []
    responsible: list[str] = []
    for part in wording.translate(_HALF).split(";"):
        label, sep, names = part.partition(":")
        if not sep:
            raise ArrangementError(f"无法识别单位：{part!r}")
        target = lead if "牵头" in label else responsible if "责任" in label else None
        if target is None:
            raise ArrangementError(f"无法识别单位类别：{label!r}")
        target.extend(n.strip() for n in re.split(r"[、,]", names) if n.strip())
    return tuple(dict.fromkeys(lead)), tuple(dict.fromkeys(responsible))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find_deadline(text: str, year: int) -> Deadline:
    """The earliest dated deadline written in `text`; the year end, flagged, when none is."""
    found: list[tuple[date, str]] = []
    for m in _DEADLINES.finditer(text):
        try:
            if m["m1"]:
                on = date(int(m["y1"] or year), int(m["m1"]), int(m["d1"]))
            elif m["m2"]:
                on = _month_end(int(m["y2"] or year), int(m["m2"]))
            else:
                on = date(int(m["y3"] or year), 12, 31)
        except ValueError as exc:
            raise ArrangementError(f"期限无效：{m[0]}") from exc
        found.append((on, m[0]))
    if not found:
        return Deadline(on=date(year, 12, 31), wording="", defaulted=True)
    on, wording = min(found)
    return Deadline(on=on, wording=wording, defaulted=False)


def _lines(text: str) -> list[str]:
    # Web copies of documents carry no-break spaces for layout; they are not content.
    cleaned = (line.replace("\xa0", " ").strip() for line in text.splitlines())
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


def _item(section: str, section_title: str, number: str, body: str, year: int, position: int) -> Task:
    units = _UNITS.search(body)
    if units:
        wording = units[1].strip()
        lead, responsible = split_units(wording)
        text = body[: units.start()].rstrip()
    else:
        wording, lead, responsible, text = "", (), ALL_AGENCIES, body
    title = re.split(r"(?<=[。;])", text, maxsplit=1)[0].rstrip("。;")
    return Task(
        section=f"{section}、({number})",
        section_title=section_title,
        title=title,
        text=text,
        lead_units=lead,
        responsible_units=responsible,
        units_wording=wording,
        deadline=find_deadline(text, year),
        position=position,
    )


def parse(text: str, *, year: int | None = None) -> Arrangement:
    """The arrangement in `text`; `year` overrides the one read from its title."""
    lines = _lines(text)
    notice_title, title, doc_no, issued_on, issuer = _header(lines)
    if year is None:
        m = re.match(r"(\d{4})年", title)
        year = int(m[1]) if m else issued_on.year if issued_on else None
    if year is None:
        raise ArrangementError("无法确定工作安排的年度。")
    tasks: list[Task] = []
    section = section_title = ""
    for line in lines:
        if m := _SECTION.match(line):
            section, section_title = m[1], m[2]
            continue
        if not section or section_title in NON_TASK_SECTIONS:
            continue
        if m := _ITEM.match(line):
            tasks.append(_item(section, section_title, m[1], m[2], year, len(tasks) + 1))
    if not tasks:
        raise ArrangementError("未找到任何工作任务：应有“一、…”的章节和“(一)…”的条目。")
    seen: set[str] = set()
    for task in tasks:
        if task.section in seen:
            raise ArrangementError(f"条目编号重复：{task.section}")
        seen.add(task.section)
    return Arrangement(
        notice_title=notice_title,
        title=title,
        doc_no=doc_no,
        issuer=issuer,
        issued_on=issued_on,
        year=year,
        tasks=tuple(tasks),
    )
