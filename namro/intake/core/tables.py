"""Plan appendix tables: "Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm".

A table is a run of lines split by "|" (or tabs, as the Word reader writes them) whose
header names a lead column (chủ trì). Each later row with the same number of cells is a task.
"""

from __future__ import annotations

import re
from datetime import date

from .deadlines import parse_cell
from .model import Task
from .outputs import output_of_cell
from .recurrence import NONE, recurrence_in
from .segment import Line
from .text import Doc
from .units import parse_unit_list

_COLUMNS = (
    ("lead", re.compile(r"chủ\s+trì")),
    ("coordinating", re.compile(r"phối\s+hợp")),
    ("time", re.compile(r"thời\s+(?:gian|hạn)|tiến\s+độ|hoàn\s+thành")),
    ("output", re.compile(r"sản\s+phẩm|kết\s+quả")),
    ("action", re.compile(r"nội\s+dung|nhiệm\s+vụ|công\s+việc|tên")),
)


def _cells(doc: Doc, line: Line) -> list[tuple[int, int]]:
    """Cell spans of a table line, or [] when the line is not one."""
    start = line.start
    text = doc.orig
    # A table line is split with "|" or tabs; the list marker reader may have eaten "1 |".
    while start > 0 and text[start - 1] != "\n":
        start -= 1
    row = text[start : line.end]
    sep = "|" if row.count("|") >= 2 else "\t" if row.count("\t") >= 2 else ""
    if not sep:
        return []
    cells: list[tuple[int, int]] = []
    pos = start
    for part in row.split(sep):
        s, e = pos, pos + len(part)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        cells.append((s, e))
        pos += len(part) + 1
    return cells


def _header(doc: Doc, cells: list[tuple[int, int]]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, (s, e) in enumerate(cells):
        cell = doc.low[s:e]
        for name, pattern in _COLUMNS:
            if name not in columns and pattern.search(cell):
                columns[name] = index
                break
    if "lead" not in columns or "action" not in columns:
        return None
    return columns


def _units(doc: Doc, s: int, e: int) -> list[str]:
    if s >= e:
        return []
    units, end = parse_unit_list(doc, s)
    if units and end >= e - 1:
        return [u.text for u in units]
    return [part.strip() for part in doc.orig[s:e].split(";") if part.strip()]


def table_tasks(
    doc: Doc, all_lines: list[Line], index: int, doc_date: date | None
) -> tuple[list[Task], int] | None:
    """Tasks of the table whose header is ``all_lines[index]``, and the index after it."""
    header_cells = _cells(doc, all_lines[index])
    if not header_cells:
        return None
    columns = _header(doc, header_cells)
    if columns is None:
        return None
    tasks: list[Task] = []
    i = index + 1
    while i < len(all_lines):
        cells = _cells(doc, all_lines[i])
        if len(cells) != len(header_cells):
            break
        i += 1
        task = _row_task(doc, cells, columns, doc_date)
        if task is not None:
            tasks.extend(task)
    return tasks, i


def _row_task(
    doc: Doc, cells: list[tuple[int, int]], columns: dict[str, int], doc_date: date | None
) -> list[Task] | None:
    def cell(name: str) -> tuple[int, int]:
        return cells[columns[name]] if name in columns else (0, 0)

    a_s, a_e = cell("action")
    action = " ".join(doc.orig[a_s:a_e].split())
    if not action:
        return None
    leads: list[str | None] = list(_units(doc, *cell("lead"))) or [None]
    coordinating = _units(doc, *cell("coordinating"))
    t_s, t_e = cell("time")
    time_text = doc.orig[t_s:t_e]
    recurrence = recurrence_in(doc.low, t_s, t_e) if t_e > t_s else NONE
    deadline = parse_cell(time_text, doc_date) if t_e > t_s else None
    o_s, o_e = cell("output")
    output = output_of_cell(doc.orig[o_s:o_e], doc.low[o_s:o_e]) if o_e > o_s else None
    row_start = min(s for s, _ in cells)
    row_end = max(e for _, e in cells)
    return [
        Task(
            action=action,
            lead=lead,
            coordinating=list(coordinating),
            deadline=deadline.iso if deadline and recurrence == NONE else None,
            deadline_text=deadline.text if deadline else None,
            recurrence=recurrence,
            output=output,
            span=(row_start, row_end),
        )
        for lead in leads
    ]
