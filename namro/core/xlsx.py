"""Tables as .xlsx the way offices keep them, written in one pass (openpyxl write-only).

A sheet is a merged title row, the notes (the filter, the as-of date) under it, a header row
frozen in place with an STT column first, then one row per item. Time grows with the rows
and memory stays bounded: rows are streamed to the file, and the column widths are measured
on the first ``SAMPLE`` rows only, the only ones held before writing.

No text cell can run as a formula when an office opens the file: every text is written as a
string cell (never a formula, whatever it starts with), and a text that a spreadsheet would
read as a formula once a person edits the cell (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, after any leading spaces) also carries the "quote prefix" style, the mark
Excel and LibreOffice set when a person types a leading apostrophe. The text itself is left
as it is, so that a file read back gives the same words.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import chain, islice
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
SAMPLE = 200  # rows measured for the column widths
MAX_CELL = 32767  # characters a cell holds in Excel
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH = 6
STT_HEADER = "STT"

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


class Kind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"
    DATE = "date"
    NUMBER = "number"
    PERCENT = "percent"  # a ratio (0.875), shown as 87,5% in a Vietnamese Excel


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, the kind of its values and its widest width."""

    header: str
    kind: Kind = Kind.TEXT
    max_width: int = 40


@dataclass(frozen=True)
class Table:
    """A sheet: its name, title, the notes under the title, and its columns (STT aside)."""

    sheet: str
    title: str
    columns: Sequence[Column]
    notes: Sequence[str] = ()


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take ``text``, typed in a cell, for a formula."""
    return text.lstrip(" \u00a0\n").startswith(FORMULA_STARTS)


def clean_text(text: str) -> str:
    """``text`` without the control characters a worksheet cannot hold, cut to a cell's size."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL]


def _text_width(value: Any, kind: Kind) -> int:
    if value is None:
        return 0
    if kind is Kind.DATE:
        return 10
    if kind is Kind.PERCENT:
        return 6
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def widths(table: Table, sample: Sequence[Sequence[Any]]) -> list[float]:
    """Column widths (in characters) that fit the header's longest word and the sample's
    values, each within its column's bounds; the STT column first."""
    found: list[float] = [max(len(STT_HEADER), len(str(len(sample) or 1))) + 2]
    for index, column in enumerate(table.columns):
        word = max((len(w) for w in column.header.split()), default=0)
        longest = max((_text_width(row[index], column.kind) for row in sample), default=0)
        found.append(min(max(word, longest, MIN_WIDTH) + 2, column.max_width))
    return found


class _Writer:
    """The cells of one sheet; the styled cells are made once per column kind."""

    def __init__(self, sheet: WriteOnlyWorksheet, table: Table) -> None:
        self.sheet = sheet
        self.table = table
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def _cell(self, value: Any, **style: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def text(self, value: str) -> WriteOnlyCell | str:
        text = clean_text(value)
        if not is_formula_like(text):
            return text
        cell = self._cell(None, alignment=self.wrap)
        cell.value = text
        cell.data_type = "s"  # never "f", whatever the text starts with
        cell.quotePrefix = True
        return cell

    def value(self, value: Any, kind: Kind) -> Any:
        if value is None or value == "":
            return None
        if kind is Kind.DATE and isinstance(value, date):
            day = value.date() if isinstance(value, datetime) else value
            return self._cell(day, number_format=DATE_FORMAT)
        if kind is Kind.PERCENT and isinstance(value, (int, float)):
            return self._cell(value, number_format=PERCENT_FORMAT)
        if isinstance(value, bool):
            return "x" if value else None
        if isinstance(value, (int, float)):
            return value
        return self.text(str(value))

    def title_rows(self, width: int) -> None:
        """The title and the notes, each merged across the table, and an empty row."""
        last = get_column_letter(width)
        lines = [(self.table.title, Font(bold=True, size=14))]
        lines += [(note, Font(italic=True)) for note in self.table.notes]
        for number, (line, font) in enumerate(lines, start=1):
            cell = self._cell(None, font=font, alignment=Alignment(horizontal="center"))
            cell.value = clean_text(line)
            cell.data_type = "s"
            self.sheet.append([cell])
            self.sheet.merged_cells.add(f"A{number}:{last}{number}")
        self.sheet.append([])

    def header(self) -> None:
        font = Font(bold=True)
        align = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.sheet.append(
            [
                self._cell(h, font=font, alignment=align, border=_BORDER, fill=_HEADER_FILL)
                for h in [STT_HEADER, *(c.header for c in self.table.columns)]
            ]
        )

    def row(self, number: int, values: Sequence[Any]) -> None:
        kinds = [c.kind for c in self.table.columns]
        self.sheet.append([number, *(self.value(v, k) for v, k in zip(values, kinds, strict=True))])


def write_sheet(workbook: Workbook, table: Table, rows: Iterable[Sequence[Any]]) -> int:
    """Add ``table`` as a sheet of ``workbook`` with ``rows`` (values in the table's column
    order; dates as ``date``, ratios as floats, booleans as an "x"); the rows written."""
    sheet = workbook.create_sheet(title=table.sheet[:31])
    assert isinstance(sheet, WriteOnlyWorksheet)
    stream: Iterator[Sequence[Any]] = iter(rows)
    sample = list(islice(stream, SAMPLE))
    width = len(table.columns) + 1
    for index, size in enumerate(widths(table, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size
    # The header's place is known before any row: the sheet's views go out with the first.
    header_row = len(table.notes) + 3
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    writer = _Writer(sheet, table)
    writer.title_rows(width)
    writer.header()
    count = 0
    for values in chain(sample, stream):
        count += 1
        writer.row(count, values)
    return count


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def save(workbook: Workbook) -> IO[bytes]:
    """The workbook in a temporary file, rewound for reading (closed by whoever sends it)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(out)
    out.seek(0)
    return out


def xlsx_bytes(*sheets: tuple[Table, Iterable[Sequence[Any]]]) -> bytes:
    """The .xlsx of the ``(table, rows)`` pairs, one sheet each, as bytes."""
    workbook = new_workbook()
    for table, rows in sheets:
        write_sheet(workbook, table, rows)
    with save(workbook) as out:
        return out.read()
