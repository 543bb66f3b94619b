"""Excel import of a document's tasks (openpyxl); the layout and the export are in tasks.excel.

The sheet is the one offices already keep: a header row naming the columns, one task per
row. Columns are found by their Vietnamese header (diacritics and case ignored), so the order
does not matter. Every row is checked before anything is written; any error names the sheet,
row, column and what is wrong, and nothing is saved. A valid file is saved in one transaction.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from namro.core.actors import Actor
from namro.core.bounds import Refused, check_zip, sniff
from namro.core.text import fold
from namro.documents.models import Document
from namro.documents.services import (
    TaskRow,
    document_receive,
    document_with_tasks,
    rows_errors,
)
from namro.intake.core.deadlines import parse_days
from namro.orgs.models import Person, Unit
from namro.tasks.excel import COLUMNS
from namro.tasks.models import Recurrence, Task
from namro.workdays.calendar import add_working_days

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

REQUIRED = ("action", "lead_unit")
RECURRENCE_WORDS = {
    "thuong xuyen": Recurrence.ONGOING,
    "hang nam": Recurrence.YEARLY,
    "dinh ky 6 thang": Recurrence.SEMIANNUAL,
    "6 thang": Recurrence.SEMIANNUAL,
    "hang quy": Recurrence.QUARTERLY,
    "hang thang": Recurrence.MONTHLY,
}
YES = {"x", "co", "1", "true", "yes"}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Dòng %(row)d, cột «%(col)s»: %(msg)s") % {
            "row": self.row,
            "col": self.column,
            "msg": self.message,
        }


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)


class SheetError(ValidationError):
    """All problems found in a file, each naming its row and column."""

    def __init__(self, errors: list[RowError] | list[str]) -> None:
        self.row_errors = errors
        super().__init__([str(e) for e in errors])


def _header_map(cells: Iterable[Any]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(cells):
        text = str(cell).strip() if cell is not None else ""
        folded = fold(text)
        for key, names in COLUMNS.items():
            if key not in found and folded in {fold(n) for n in names}:
                found[key] = (index, text)
    return found


def _parse_date(value: Any, start: date | None = None) -> date | str | None:
    """A date cell: a real date, dd/mm/yyyy, dd.mm.yyyy, a recurrence word, or a count of
    days ("05 ngày làm việc", "trong 10 ngày") from ``start``, the document's date, working
    days on the holiday calendar."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    folded = fold(text)
    if folded in RECURRENCE_WORDS:
        return RECURRENCE_WORDS[folded]
    for sep in ("/", ".", "-"):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
            d, m, y = (int(p) for p in parts)
            if d > 31:  # ISO order
                d, y = y, d
            try:
                return date(y, m, d)
            except ValueError:
                break
    counted = parse_days(text, start, add_working_days)
    if counted is not None:
        return counted
    raise ValueError(text)


def read_rows(data: bytes) -> tuple[str, list[ParsedRow]]:
    """Read the first sheet into rows keyed by column; raise with every structural problem."""
    if len(data) > MAX_BYTES:
        raise SheetError([_("Tệp vượt quá %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}])
    if not data.startswith(b"PK"):
        raise SheetError([_("Tệp không phải bảng tính Excel (.xlsx).")])
    try:
        facts = check_zip(io.BytesIO(data))
    except Refused as exc:
        raise SheetError([exc.vi]) from exc
    if sniff(data[:8], facts.names) != "xlsx":
        raise SheetError([_("Tệp không phải bảng tính Excel (.xlsx).")])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetError([_("Không đọc được tệp Excel: %(e)s") % {"e": exc}]) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = 0
    columns: dict[str, tuple[int, str]] = {}
    for header_row, cells in enumerate(rows, start=1):
        columns = _header_map(cells)
        if "action" in columns:
            break
        if header_row >= 20:
            break
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns]
    if missing:
        raise SheetError(
            [
                _("Trang «%(sheet)s»: không tìm thấy cột %(cols)s trong 20 dòng đầu.")
                % {"sheet": sheet.title, "cols": ", ".join(f"«{m}»" for m in missing)}
            ]
        )
    parsed: list[ParsedRow] = []
    for number, cells in enumerate(rows, start=header_row + 1):
        if number - header_row > MAX_ROWS:
            raise SheetError([_("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS}])
        values = {key: cells[i] if i < len(cells) else None for key, (i, _h) in columns.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        parsed.append(ParsedRow(number, values))
    workbook.close()
    return sheet.title, [*parsed]


class NameIndex:
    """Folded names and aliases of the objects an import may name, refusing ambiguity."""

    def __init__(self, items: Iterable[tuple[Any, Iterable[str]]]) -> None:
        self._index: dict[str, list[Any]] = {}
        for obj, names in items:
            for name in names:
                key = fold(name)
                if key and obj not in self._index.setdefault(key, []):
                    self._index[key].append(obj)

    def find(self, name: str) -> tuple[Any | None, str]:
        matches = self._index.get(fold(name), [])
        if len(matches) == 1:
            return matches[0], ""
        if not matches:
            return None, _("không tìm thấy «%(n)s»") % {"n": name}
        return None, _("«%(n)s» trùng tên với %(k)d đơn vị") % {"n": name, "k": len(matches)}


def unit_index(units: Iterable[Unit]) -> NameIndex:
    return NameIndex((u, [u.name, u.short_name, *u.alias_list]) for u in units)


def import_tasks(
    *,
    actor: Actor,
    document: Document,
    data: bytes,
    units: Iterable[Unit],
    people: Iterable[Person] = (),
    received_on: date | None = None,
) -> list[Task]:
    """Create the tasks of an Excel sheet under ``document``: all of them or none;
    ``received_on``, when given, records the day the document arrived (ngày đến), in the
    same transaction.

    The sheet's cells are read here; the rules of a task row and the write are
    ``document_with_tasks``'s. Raises ``PermissionDenied`` unless the actor may manage the
    document, and ``SheetError`` naming every bad row and column.
    """
    sheet, rows = read_rows(data)
    header = {key: names[0] for key, names in COLUMNS.items()}
    unit_names = unit_index(units)
    person_names = NameIndex((p, [p.full_name]) for p in people)
    errors: list[RowError] = []
    task_rows: list[TaskRow] = []
    for row in rows:
        v = row.values
        plan: dict[str, Any] = {"section": str(v.get("section") or "").strip()}
        action = str(v.get("action") or "").strip()
        if not action:
            errors.append(RowError(row.row, header["action"], _("nội dung nhiệm vụ trống")))
        plan["action"] = action
        lead_name = str(v.get("lead_unit") or "").strip()
        if not lead_name:
            errors.append(RowError(row.row, header["lead_unit"], _("chưa có đơn vị chủ trì")))
        else:
            unit, problem = unit_names.find(lead_name)
            if unit is None:
                errors.append(RowError(row.row, header["lead_unit"], problem))
            plan["lead_unit"] = unit
        coordinating = []
        for name in str(v.get("coordinating_units") or "").replace(";", "\n").splitlines():
            if name.strip():
                unit, problem = unit_names.find(name.strip())
                if unit is None:
                    errors.append(RowError(row.row, header["coordinating_units"], problem))
                else:
                    coordinating.append(unit)
        plan["coordinating_units"] = coordinating
        try:
            when = _parse_date(v.get("due_on"), document.issued_on)
        except ValueError as exc:
            errors.append(
                RowError(
                    row.row,
                    header["due_on"],
                    _(
                        "«%(v)s» không phải ngày (dd/mm/yyyy), số ngày («05 ngày làm việc») "
                        "hay «thường xuyên», «hằng quý»…"
                    )
                    % {"v": exc.args[0]},
                )
            )
            when = None
        if isinstance(when, Recurrence):
            plan["recurrence"], plan["due_on"] = when, None
        else:
            plan["recurrence"], plan["due_on"] = Recurrence.NONE, when
        plan["expected_output"] = str(v.get("expected_output") or "").strip()
        owner_name = str(v.get("owner") or "").strip()
        if owner_name:
            person, problem = person_names.find(owner_name)
            if person is None:
                errors.append(RowError(row.row, header["owner"], problem))
            plan["owner"] = person
        authority_name = str(v.get("authority") or "").strip()
        if authority_name:
            unit, problem = unit_names.find(authority_name)
            if unit is None:
                errors.append(RowError(row.row, header["authority"], problem))
            plan["authority"] = unit
        plan["is_key"] = fold(str(v.get("key") or "")) in YES
        task_rows.append(
            TaskRow(
                number=row.row,
                section=plan["section"],
                action=plan["action"],
                lead_unit=plan.get("lead_unit"),
                coordinating_units=tuple(plan["coordinating_units"]),
                owner=plan.get("owner"),
                authority=plan.get("authority"),
                due_on=plan["due_on"],
                recurrence=plan["recurrence"],
                expected_output=plan["expected_output"],
                is_key=plan["is_key"],
            )
        )
    if not rows:
        errors.append(
            RowError(
                0, header["action"], _("trang «%(s)s» không có dòng nhiệm vụ nào") % {"s": sheet}
            )
        )
    if errors:
        # Name every problem at once: what the sheet says, and what the rules say.
        named = {(e.row, e.column) for e in errors}
        for error in rows_errors(task_rows, document.issued_on):
            column = header.get(error.field, error.field)
            if (error.row, column) not in named:
                errors.append(RowError(error.row, column, error.message))
        raise SheetError(sorted(errors, key=lambda e: e.row))
    with transaction.atomic():
        if received_on is not None:
            document = document_receive(actor=actor, document=document, received_on=received_on)
        result = document_with_tasks(actor, document=document, rows=task_rows)
        if not result.ok:
            raise SheetError(
                [RowError(e.row, header.get(e.field, e.field), e.message) for e in result.errors]
                or [RowError(0, "", "; ".join(m for ms in result.header.values() for m in ms))]
            )
    return result.tasks
