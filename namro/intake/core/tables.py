"""Plan appendix tables: "Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm".

A table is a run of lines split by "|" (or tabs, as the Word reader writes them) whose
header names a lead column (chủ trì). Each later row with the same number of cells is a task.

A table scraped from a web page may come one cell per line instead: a line holding only "|"
closes each cell, a cell may run over several lines, and each row opens with its number
(TT: 1, 2 … ; a roman number opens a section row, which is no task).
"""

from __future__ import annotations

import re
from datetime import date

from .deadlines import parse_cell
from .model import Task
from .names import _HEAD
from .outputs import documents_of_cell, output_of, output_of_cell
from .recurrence import NONE, ONGOING, recurrence_in
from .segment import Line
from .text import Doc, key
from .units import parse_unit_list

_CAC_CELL = re.compile(r"các\s+")
_RULE_CELL = re.compile(r"[\s:\-]*")
_NUMBER_HEADER = re.compile(r"[\s*]*(?:stt|tt|số\s+tt)\.?[\s*]*$")
_ROW_NUMBER = re.compile(r"[\s*]*(?:(\d{1,3})|([ivxlc]+))\.?[\s*]*$")
# "Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính": a standing duty and a periodic
# report written in one time cell.
_CELL_REPORT = re.compile(
    r",\s*((?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:tháng|quý|năm)|định\s+kỳ\s+(?:6|sáu)\s+tháng)"
    r"\s+(báo\s+cáo(?![^\W_]).*)$"
)
# "Khi có phát sinh": work done whenever the need arises is a standing duty.
_AS_NEEDED = re.compile(r"[\s*]*khi\s+(?:có\s+)?(?:phát\s+sinh|cần\s+thiết|có\s+yêu\s+cầu)")

_COLUMNS = (
    ("lead", re.compile(r"chủ\s+trì")),
    # "Cơ quan trình": the body that submits leads a task of its own on the same row
    ("submitter", re.compile(r"cơ\s+quan\s+trình(?![^\W_])")),
    ("coordinating", re.compile(r"phối\s+hợp|tham\s+gia")),
    ("time", re.compile(r"thời\s+(?:gian|hạn)|tiến\s+độ|hoàn\s+thành")),
    ("output", re.compile(r"sản\s+phẩm")),
    ("result", re.compile(r"kết\s+quả")),
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
    if _CAC_CELL.match(doc.low, s):
        # "Các sở, ngành, UBND xã, phường, đặc khu": a cell opening with "các" that reads as
        # no list of named units is one collective unit, written as it stands
        return [" ".join(doc.orig[s:e].split()).rstrip(" .;")]
    out: list[str] = []
    for part in doc.orig[s:e].split(";"):
        names: list[str] = []
        for comma_piece in part.split(","):
            # "Sở A, Viện B": pieces that each open with a unit's head are units of their own
            piece = " ".join(comma_piece.split()).rstrip(" .")
            named = piece[4:] if piece.startswith("các ") else piece  # "…, các Ủy ban khác"
            if piece and names and named and _HEAD.match(key(named)) and named[0].isupper():
                names.append(piece)
            elif piece:
                names[-1:] = [f"{names[-1]}, {piece}"] if names else [piece]
        out.extend(names)
    return out


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
    numbered = _NUMBER_HEADER.match(doc.low, *header_cells[0]) is not None
    tasks: list[Task] = []
    i = index + 1
    while i < len(all_lines):
        cells = _cells(doc, all_lines[i])
        if cells and all(_RULE_CELL.fullmatch(doc.orig, s, e) for s, e in cells):
            i += 1  # "|---|---|": a markdown table's rule line
            continue
        if len(cells) != len(header_cells):
            break
        i += 1
        first_s, first_e = cells[0]
        if (
            numbered
            and cells[-1][0] == cells[-1][1]
            and not _ROW_NUMBER.fullmatch(doc.low, first_s, first_e)
        ):
            # a scraped row without its number: its cells sit one column to the left
            cells = [(first_s, first_s), *cells[:-1]]
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
    report = _CELL_REPORT.search(doc.low, t_s, t_e) if t_e > t_s else None
    if report is not None:
        t_e = report.start()
    time_text = doc.orig[t_s:t_e]
    recurrence = recurrence_in(doc.low, t_s, t_e) if t_e > t_s else NONE
    if recurrence == NONE and _AS_NEEDED.match(doc.low, t_s, t_e):
        recurrence = ONGOING
    deadline = parse_cell(time_text, doc_date) if t_e > t_s else None
    o_s, o_e = cell("output")
    output = output_of_cell(doc.orig[o_s:o_e], doc.low[o_s:o_e]) if o_e > o_s else None
    if "output" not in columns:
        # a "Kết quả" column names a product only when it names documents ("Luật …, Quyết
        # định …"); otherwise the action's own product counts
        r_s, r_e = cell("result")
        output = documents_of_cell(doc.low[r_s:r_e]) or output_of(doc.low[a_s:a_e])
    deadline_text: str | None
    if deadline is None and recurrence == ONGOING and _AS_NEEDED.match(doc.low, t_s, t_e):
        deadline_text = " ".join(time_text.split()).strip(" .*")
    else:
        deadline_text = deadline.text if deadline else None
    row_start = min(s for s, _ in cells)
    row_end = max(e for _, e in cells)

    def task_of(lead: str | None, helpers: list[str]) -> Task:
        return Task(
            action=action,
            lead=lead,
            coordinating=helpers,
            deadline=deadline.iso if deadline and recurrence == NONE else None,
            deadline_text=deadline_text,
            recurrence=recurrence,
            output=output,
            span=(row_start, row_end),
        )

    tasks = [task_of(lead, list(coordinating)) for lead in leads]
    # The body that submits the row's draft leads its own task, before the row's leads.
    submitters = [u for u in _units(doc, *cell("submitter")) if u not in leads]
    tasks[:0] = [task_of(lead, []) for lead in submitters]
    if report is not None:
        r_s, r_e = report.span(2)
        tasks.extend(
            Task(
                action=" ".join(doc.orig[r_s:r_e].split()).rstrip(" ."),
                lead=lead,
                coordinating=[],
                deadline=None,
                deadline_text=None,
                recurrence=recurrence_in(doc.low, report.start(1), report.end(1)),
                output="báo cáo",
                span=(row_start, row_end),
            )
            for lead in leads
        )
    return tasks


def _bar(doc: Doc, line: Line) -> bool:
    return doc.orig[line.start : line.end].strip(" \t*") == "|"


def cell_table_tasks(
    doc: Doc, all_lines: list[Line], index: int, doc_date: date | None
) -> tuple[list[Task], int] | None:
    """Tasks of a table scraped one cell per line that starts at ``all_lines[index]`` (a line
    holding only "|"), and the index after it; None when no such table starts there."""
    if not _bar(doc, all_lines[index]):
        return None
    cells: list[tuple[int, int]] = []
    bars: list[int] = []  # line index after each closed cell
    i = index + 1
    start: int | None = None
    end = 0
    loose = 0  # content lines since the last bar
    while i < len(all_lines):
        line = all_lines[i]
        if _bar(doc, line):
            cells.append((start, end) if start is not None else (line.start, line.start))
            bars.append(i + 1)
            start, loose = None, 0
        else:
            loose += 1
            if loose > 8:
                break  # running text again: the table ended at the last bar
            start = line.start if start is None else start
            end = line.end
        i += 1
    if not bars:
        return None
    stop = bars[-1]
    numbers = [j for j, (s, e) in enumerate(cells) if _ROW_NUMBER.match(doc.low, s, e) and e > s]
    if not numbers:
        return None
    header = cells[: numbers[0]]
    while header and header[-1][0] == header[-1][1]:
        header.pop()
    columns = _header(doc, [(s, e) for s, e in header])
    if columns is None:
        return None
    tasks: list[Task] = []
    for n, first in enumerate(numbers):
        last = numbers[n + 1] if n + 1 < len(numbers) else len(cells)
        row = cells[first:last]
        number = _ROW_NUMBER.match(doc.low, *row[0])
        if number is None or number.group(1) is None:
            continue  # "VI | Các nhiệm vụ khác": a section row
        row = row + [(row[-1][1], row[-1][1])] * (len(header) - len(row))
        found = _row_task(doc, [_trim(doc, s, e) for s, e in row], columns, doc_date)
        if found:
            tasks.extend(found)
    return tasks, stop


def _trim(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """A cell without the bold marks and spaces around it."""
    while s < e and doc.orig[s] in " \t\n*":
        s += 1
    while e > s and doc.orig[e - 1] in " \t\n*.":
        e -= 1
    return s, e
