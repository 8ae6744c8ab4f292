"""Tables 二, 三 and 四 laid out as the national format prints them (国办公开办函〔2021〕30号).

Pure module: no Django imports. One grid per table, with the official merged header cells; the
portal page, the back-office page, the .docx and the .xlsx all draw this grid, so the four can
never disagree on a label, a merge or a number. Labels come from `annual` only.

Each cell knows its place (row, column, spans). Header cells carry a `scope` and an id; data
cells carry the ids of every header over them and to their left (`headers`), which is how an
irregular table with merged headers stays readable by a screen reader (WCAG technique H43).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from zwgk.reports.annual import (
    APPEAL_COLUMN_LABELS,
    APPEAL_COLUMNS,
    APPEAL_GROUP_LABELS,
    APPEAL_KINDS,
    APPLICANT_TYPES,
    APPLICANTS_HEADER,
    BALANCE_NOTE,
    COLUMN_LABELS,
    COLUMNS,
    LITIGATION_HEADER,
    ORGANIZATIONS_HEADER,
    OUTCOME_CODES,
    PART2_SECTIONS,
    PART_TITLES,
    ROW_GROUP_LABELS,
    ROW_LABELS,
    ROWS,
    TEXT_PARTS,
)

Scope = Literal["col", "colgroup", "row", "rowgroup"]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    scope: Scope | None = None  # set on header cells only
    id: str = ""
    headers: tuple[str, ...] = ()
    value: int | Decimal | None = None  # the number of a data cell, for the spreadsheet
    key: str = ""  # "<part>.<row>.<column>" of a data cell, e.g. "part3.3.1.natural_person"

    @property
    def is_header(self) -> bool:
        return self.scope is not None

    @property
    def is_number(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Section:
    head: bool  # <thead> rather than <tbody>
    rows: tuple[tuple[Cell, ...], ...]  # the cells starting in each row, left to right


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # "part2" | "part3" | "part4"
    caption: str
    columns: int
    widths: tuple[float, ...]  # relative column widths, for the exports
    sections: tuple[Section, ...]

    @property
    def cells(self) -> list[Cell]:
        return [c for s in self.sections for r in s.rows for c in r]

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    def value(self, key: str) -> int | Decimal:
        """The number printed in the data cell `key` (tests compare it with the JSON)."""
        for cell in self.cells:
            if cell.key == key:
                assert cell.value is not None
                return cell.value
        raise KeyError(key)


@dataclass
class _Builder:
    key: str
    columns: int
    sections: list[tuple[bool, list[list[Cell]]]] = field(default_factory=list)
    row: int = 0

    def section(self, *, head: bool) -> None:
        self.sections.append((head, []))

    def new_row(self) -> list[Cell]:
        row: list[Cell] = []
        self.sections[-1][1].append(row)
        self.row += 1
        return row

    def header(self, row: list[Cell], text: str, col: int, scope: Scope, rowspan: int = 1, colspan: int = 1):
        r = self.row - 1
        row.append(Cell(text, r, col, rowspan, colspan, scope=scope, id=f"{self.key}-h{r}-{col}"))

    def note(self, row: list[Cell], text: str, col: int, rowspan: int = 1, colspan: int = 1) -> None:
        row.append(Cell(text, self.row - 1, col, rowspan, colspan))

    def data(self, row: list[Cell], value: int | Decimal, col: int, key: str, colspan: int = 1) -> None:
        row.append(Cell(str(value), self.row - 1, col, 1, colspan, value=value, key=f"{self.key}.{key}"))

    def build(self, caption: str, widths: tuple[float, ...]) -> Table:
        flat = [(head, c) for head, rows in self.sections for r in rows for c in r]
        section_of_row: dict[int, int] = {}
        r = 0
        for i, (_head, rows) in enumerate(self.sections):
            for _ in rows:
                section_of_row[r] = i
                r += 1
        headed = []
        for _head, cell in flat:
            if cell.is_header or cell.value is None:
                headed.append(cell)
                continue
            ids = [
                h.id
                for hh, h in flat
                if h.scope in ("col", "colgroup")
                and h.row < cell.row
                and (hh or section_of_row[h.row] == section_of_row[cell.row])
                and _overlaps(h.col, h.colspan, cell.col, cell.colspan)
            ]
            ids += [
                h.id
                for _hh, h in flat
                if h.scope in ("row", "rowgroup")
                and h.col < cell.col
                and h.row <= cell.row < h.row + h.rowspan
            ]
            headed.append(replace(cell, headers=tuple(ids)))
        it = iter(headed)
        sections = tuple(
            Section(head=head, rows=tuple(tuple(next(it) for _ in r) for r in rows))
            for head, rows in self.sections
        )
        return Table(self.key, caption, self.columns, widths, sections)


def _overlaps(a: int, a_span: int, b: int, b_span: int) -> bool:
    return a < b + b_span and b < a + a_span


def part2_table(part2: Mapping[str, Any]) -> Table:
    """Table 二: four blocks, one per Art. 20 item, each with its own header row."""
    b = _Builder("part2", 4)
    for section in PART2_SECTIONS:
        b.section(head=False)
        span = 3 // len(section.fields)  # one number spans the three number columns
        row = b.new_row()
        b.header(row, section.item, 0, "colgroup", colspan=4)
        row = b.new_row()
        b.header(row, section.headers[0], 0, "col")
        for i, label in enumerate(section.headers[1:]):
            b.header(row, label, 1 + i * span, "col", colspan=span)
        for key, label in section.rows:
            row = b.new_row()
            b.header(row, label, 0, "row")
            for i, name in enumerate(section.fields):
                raw = part2[key][name]
                value = Decimal(raw) if isinstance(raw, str) else raw
                b.data(row, value, 1 + i * span, f"{key}.{name}", colspan=span)
    return b.build(PART_TITLES["part2"], (3.0, 2.0, 2.0, 2.0))


def part3_table(rows: Mapping[str, Mapping[str, int]]) -> Table:
    """Table 三: three header rows under the balance note, three label columns, seven numbers."""
    b = _Builder("part3", 3 + len(COLUMNS))
    b.section(head=True)
    top = b.new_row()
    b.note(top, BALANCE_NOTE, 0, rowspan=3, colspan=3)
    b.header(top, APPLICANTS_HEADER, 3, "colgroup", colspan=len(COLUMNS))
    middle = b.new_row()
    b.header(middle, COLUMN_LABELS["natural_person"], 3, "col", rowspan=2)
    b.header(middle, ORGANIZATIONS_HEADER, 4, "colgroup", colspan=len(APPLICANT_TYPES) - 1)
    b.header(middle, COLUMN_LABELS["total"], 3 + len(COLUMNS) - 1, "col", rowspan=2)
    bottom = b.new_row()
    for i, column in enumerate(APPLICANT_TYPES[1:]):
        b.header(bottom, COLUMN_LABELS[column], 4 + i, "col")

    b.section(head=False)
    outcome_rows = [*OUTCOME_CODES, "3.7"]
    for key in ROWS:
        row = b.new_row()
        if key in ("1", "2", "4"):
            b.header(row, ROW_LABELS[key], 0, "row", colspan=3)
        else:
            if key == outcome_rows[0]:
                b.header(row, ROW_GROUP_LABELS["3"], 0, "rowgroup", rowspan=len(outcome_rows))
            group = key.rsplit(".", 1)[0] if key.count(".") == 2 else None
            if group is None:
                b.header(row, ROW_LABELS[key], 1, "row", colspan=2)
            else:
                members = [code for code in OUTCOME_CODES if code.startswith(group + ".")]
                if key == members[0]:
                    b.header(row, ROW_GROUP_LABELS[group], 1, "rowgroup", rowspan=len(members))
                b.header(row, ROW_LABELS[key], 2, "row")
        for i, column in enumerate(COLUMNS):
            b.data(row, rows[key][column], 3 + i, f"{key}.{column}")
    return b.build(PART_TITLES["part3"], (2.2, 2.4, 6.0, *([1.6] * len(COLUMNS))))


def part4_table(part4: Mapping[str, Mapping[str, int]]) -> Table:
    """Table 四: 行政复议 and the two kinds of 行政诉讼, five numbers each, in one row."""
    n = len(APPEAL_COLUMNS)
    b = _Builder("part4", n * len(APPEAL_KINDS))
    b.section(head=True)
    top = b.new_row()
    b.header(top, APPEAL_GROUP_LABELS["reconsideration"], 0, "colgroup", colspan=n)
    b.header(top, LITIGATION_HEADER, n, "colgroup", colspan=2 * n)
    middle = b.new_row()
    for i, column in enumerate(APPEAL_COLUMNS):
        b.header(middle, APPEAL_COLUMN_LABELS[column], i, "col", rowspan=2)
    for j, kind in enumerate(APPEAL_KINDS[1:]):
        b.header(middle, APPEAL_GROUP_LABELS[kind], n * (j + 1), "colgroup", colspan=n)
    bottom = b.new_row()
    for j in range(1, len(APPEAL_KINDS)):
        for i, column in enumerate(APPEAL_COLUMNS):
            b.header(bottom, APPEAL_COLUMN_LABELS[column], n * j + i, "col")
    b.section(head=False)
    row = b.new_row()
    for j, kind in enumerate(APPEAL_KINDS):
        for i, column in enumerate(APPEAL_COLUMNS):
            b.data(row, part4[kind][column], n * j + i, f"{kind}.{column}")
    return b.build(PART_TITLES["part4"], tuple([1.0] * (n * len(APPEAL_KINDS))))


def tables(report: Mapping[str, Any]) -> tuple[Table, Table, Table]:
    """Tables 二, 三 and 四 of a report (the API JSON, live or from a published snapshot)."""
    return (
        part2_table(report["part2"]),
        part3_table(report["part3"]["rows"]),
        part4_table(report["part4"]),
    )


@dataclass(frozen=True, slots=True)
class Part:
    key: str  # "part1" … "part6"
    title: str
    paragraphs: tuple[str, ...] = ()  # a text part, one entry per paragraph
    table: Table | None = None


def parts(snapshot: Mapping[str, Any]) -> list[Part]:
    """The six parts of a report snapshot in their fixed order (RULES §4.1), ready to draw."""
    grids = {t.key: t for t in tables(snapshot["report"])}
    out = []
    for key, title in PART_TITLES.items():
        if key in grids:
            out.append(Part(key, title, table=grids[key]))
        else:
            text = snapshot["texts"].get(TEXT_PARTS[key], "")
            lines = tuple(line.strip() for line in text.splitlines() if line.strip())
            out.append(Part(key, title, paragraphs=lines))
    return out
