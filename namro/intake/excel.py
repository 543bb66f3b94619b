"""Excel import of a document's tasks (openpyxl, streamed); the export is in tasks.excel.

The sheet is the one offices already keep: title rows, then a header row naming the columns
in their own wording (``intake.core.headers``), one task per row. Reading is bounded before
and while it runs: the zip's directory (``core.bounds``), the size of the shared strings, the
number of rows, the length of a cell and the time. ``plan_import`` reads the sheet, resolves
every unit, person and deadline and checks every row without writing anything; its ``Plan``
is what the preview shows. ``write_plan`` then writes all rows or none
(``tasks.services.tasks_import``: one transaction, or on SQLite short ones taken back on
failure). A sheet with a "Mã nhiệm vụ" column imported again changes the tasks of those
codes instead of adding new ones.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from namro.core.actors import Actor
from namro.core.bounds import Refused, check_zip, sniff
from namro.core.text import fold
from namro.documents.models import Document
from namro.documents.services import document_receive
from namro.intake.core.deadlines import parse_days
from namro.intake.core.headers import (
    ALIASES,
    NOT_IMPORTED,
    SCAN_COLUMNS,
    SCAN_ROWS,
    Column,
    find_header,
    is_column_numbers,
)
from namro.orgs.models import Person, Unit
from namro.tasks.excel import COLUMNS
from namro.tasks.models import Recurrence, Task
from namro.tasks.services import (
    MAX_ACTION,
    ImportWritten,
    NewTask,
    TaskEdit,
    task_errors,
    tasks_import,
)
from namro.workdays.calendar import add_working_days

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_CELL = MAX_ACTION
MAX_SHARED_STRINGS = 64 * 1024 * 1024
MAX_KEY = Task._meta.get_field("external_key").max_length or 64
READ_SECONDS = 300
SHOWN_ERRORS = 1000

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
# Deadlines move only through an extension (``task_change``): a re-import may not move them.
FIXED_ON_REIMPORT = ("due_on", "recurrence")
FOREIGN = frozenset({"lead_unit", "owner", "authority"})


def _aliases() -> dict[str, tuple[str, ...]]:
    """The headers of ``intake.core.headers`` and, for the same fields, those the export
    writes (so that an exported sheet always reads back)."""
    return {key: (*names, *COLUMNS.get(key, ())) for key, names in ALIASES.items()}


@dataclass
class RowError:
    """What is wrong in one cell: its row, its column (the header as written, and its
    letter) and why, on the sheet named ``sheet``."""

    row: int
    column: str
    message: str
    letter: str = ""
    sheet: str = ""

    def __str__(self) -> str:
        text = _("Dòng %(row)d, cột «%(col)s»: %(msg)s") % {
            "row": self.row,
            "col": self.column,
            "msg": self.message,
        }
        if self.sheet and self.letter:
            text += " " + _("(trang «%(sheet)s», ô %(cell)s)") % {
                "sheet": self.sheet,
                "cell": f"{self.letter}{self.row}",
            }
        return text


class SheetError(ValidationError):
    """All problems found in a file, each naming its row and column."""

    def __init__(self, errors: Sequence[RowError] | Sequence[str]) -> None:
        self.row_errors = list(errors)
        shown = [str(e) for e in self.row_errors[:SHOWN_ERRORS]]
        if len(self.row_errors) > SHOWN_ERRORS:
            shown.append(
                _("… và %(n)s lỗi khác.")
                % {"n": f"{len(self.row_errors) - SHOWN_ERRORS:,}".replace(",", ".")}
            )
        super().__init__(shown)


def _refuse(message: str) -> SheetError:
    return SheetError([message])


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One row of the sheet: its number and the cells of the fields found, as strings or
    dates (``None`` when empty)."""

    row: int
    values: dict[str, Any]
    refused: tuple[str, ...] = ()


@dataclass
class Sheet:
    """What ``read_sheet`` found: the sheet's name, its header row and columns, the headers
    it does not import, its rows and the cells refused for their size."""

    title: str
    header_row: int
    columns: dict[str, Column]
    rows: list[ParsedRow]
    ignored: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _check_container(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise _refuse(_("Tệp vượt quá %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if not data.startswith(b"PK"):
        raise _refuse(_("Tệp không phải bảng tính Excel (.xlsx)."))
    try:
        facts = check_zip(io.BytesIO(data))
    except Refused as exc:
        raise _refuse(exc.vi) from exc
    if sniff(data[:8], facts.names) != "xlsx":
        raise _refuse(_("Tệp không phải bảng tính Excel (.xlsx)."))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            # openpyxl holds every shared string in memory before the first row.
            if info.filename.lower().endswith("sharedstrings.xml") and (
                info.file_size > MAX_SHARED_STRINGS
            ):
                raise _refuse(
                    _("Bảng chuỗi của tệp lớn %(n)d MB khi giải nén, vượt giới hạn %(max)d MB.")
                    % {
                        "n": info.file_size // (1024 * 1024),
                        "max": MAX_SHARED_STRINGS // (1024 * 1024),
                    }
                )


def _cell(value: Any) -> Any:
    """A cell as the rules read it: a date stays a date, a whole number drops its ".0",
    text is stripped; "" and None are None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def read_sheet(data: bytes, *, max_rows: int = MAX_ROWS, seconds: float = READ_SECONDS) -> Sheet:
    """Read the first sheet of an .xlsx, streamed: the header row (within the first
    ``SCAN_ROWS`` rows) and every row under it. Raises ``SheetError`` for a file that is not
    a workbook, too big, without the needed columns, with more than ``max_rows`` rows, or
    that takes longer than ``seconds`` to read; a cell too long is kept as an error."""
    _check_container(data)
    started = time.monotonic()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _refuse(_("Không đọc được tệp Excel: %(e)s") % {"e": exc}) from exc
    try:
        if not workbook.worksheets:
            raise _refuse(_("Tệp Excel không có trang tính nào."))
        ws = workbook.worksheets[0]
        title = ws.title
        # A declared size ("A1:XFD1048576") is not trusted: rows are read as they come.
        ws.reset_dimensions()  # type: ignore[union-attr]
        head = list(ws.iter_rows(max_row=SCAN_ROWS, max_col=SCAN_COLUMNS, values_only=True))
        found = find_header(head, REQUIRED)
        if found is None:
            found_any = find_header(head, ("action",))
            columns = found_any[1] if found_any else {}
            missing = [k for k in REQUIRED if k not in columns]
            raise _refuse(
                _(
                    "Trang «%(sheet)s»: không tìm thấy dòng tiêu đề có cột %(cols)s "
                    "trong các dòng 1–%(n)d (cột A–%(last)s)."
                )
                % {
                    "sheet": title,
                    "cols": "; ".join(
                        _("«%(name)s» (hoặc %(others)s)")
                        % {
                            "name": ALIASES[k][0],
                            "others": ", ".join(f"«{a}»" for a in ALIASES[k][1:4]),
                        }
                        for k in missing
                    ),
                    "n": SCAN_ROWS,
                    "last": Column(SCAN_COLUMNS - 1, "").letter,
                }
            )
        header_row, columns = found
        ignored = [c.header for k, c in columns.items() if k in NOT_IMPORTED]
        wanted = {k: c for k, c in columns.items() if k not in NOT_IMPORTED}
        width = max(c.index for c in wanted.values()) + 1
        sheet = Sheet(title, header_row, wanted, [], ignored)
        rows = ws.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
        for number, cells in enumerate(rows, start=header_row + 1):
            if number - header_row > max_rows:
                raise _refuse(
                    _("Trang «%(sheet)s» có quá %(n)s dòng nhiệm vụ (đọc đến dòng %(row)s).")
                    % {"sheet": title, "n": f"{max_rows:,}".replace(",", "."), "row": number}
                )
            if number % 1000 == 0 and time.monotonic() - started > seconds:
                raise _refuse(
                    _("Đọc tệp quá %(s)d giây (đến dòng %(row)d): dừng lại.")
                    % {"s": seconds, "row": number}
                )
            if number == header_row + 1 and is_column_numbers(cells):
                continue
            parsed = _row_values(sheet, number, cells)
            if parsed is not None:
                sheet.rows.append(parsed)
        return sheet
    finally:
        workbook.close()


def _row_values(sheet: Sheet, number: int, cells: Sequence[Any]) -> ParsedRow | None:
    values: dict[str, Any] = {}
    refused: list[str] = []
    for key, column in sheet.columns.items():
        value = _cell(cells[column.index]) if column.index < len(cells) else None
        if isinstance(value, str) and len(value) > MAX_CELL:
            sheet.errors.append(
                RowError(
                    number,
                    column.header,
                    _("ô dài %(n)s ký tự, tối đa %(max)s")
                    % {
                        "n": f"{len(value):,}".replace(",", "."),
                        "max": f"{MAX_CELL:,}".replace(",", "."),
                    },
                    column.letter,
                    sheet.title,
                )
            )
            value = None
            refused.append(key)
        values[key] = value
    if not refused and all(v is None for v in values.values()):
        return None
    return ParsedRow(number, values, tuple(refused))


def read_rows(data: bytes) -> tuple[str, list[ParsedRow]]:
    """The first sheet's name and rows (``read_sheet`` without the header facts)."""
    sheet = read_sheet(data)
    return sheet.title, sheet.rows


def parse_date(value: Any, start: date | None = None) -> date | str | None:
    """A date cell: a real date, dd/mm/yyyy, dd.mm.yyyy, a recurrence word, or a count of
    days ("05 ngày làm việc", "trong 10 ngày") from ``start``, the document's date, working
    days on the holiday calendar. Raises ``ValueError`` with the text otherwise."""
    if value is None:
        return None
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


class NameIndex:
    """Folded names and aliases of the objects an import may name, refusing ambiguity."""

    def __init__(self, items: Iterable[tuple[Any, Iterable[str]]]) -> None:
        self._index: dict[str, list[Any]] = {}
        self._found: dict[str, tuple[Any | None, str]] = {}
        for obj, names in items:
            for name in names:
                key = fold(name)
                if key and obj not in self._index.setdefault(key, []):
                    self._index[key].append(obj)

    def find(self, name: str) -> tuple[Any | None, str]:
        """The one object named ``name``, or None and why not."""
        if name in self._found:
            return self._found[name]
        matches = self._index.get(fold(name), [])
        if len(matches) == 1:
            answer: tuple[Any | None, str] = (matches[0], "")
        elif not matches:
            answer = (None, _("không tìm thấy «%(n)s»") % {"n": name})
        else:
            answer = (
                None,
                _("«%(n)s» trùng tên với %(k)d đơn vị") % {"n": name, "k": len(matches)},
            )
        self._found[name] = answer
        return answer


def unit_index(units: Iterable[Unit]) -> NameIndex:
    return NameIndex((u, [u.name, u.short_name, *u.alias_list]) for u in units)


@dataclass
class Plan:
    """What an import will do, worked out before anything is written: the tasks to create
    and to change (each with its row), how many rows change nothing, and every error."""

    sheet: Sheet
    new: list[tuple[int, NewTask]] = field(default_factory=list)
    edits: list[tuple[int, TaskEdit]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.sheet.rows)


EDIT_READS = (
    "id",
    "document_id",
    "external_key",
    "section",
    "action",
    "lead_unit_id",
    "owner_id",
    "authority_id",
    "expected_output",
    "is_key",
    "recurrence",
    "assigned_on",
    "due_on",
    "original_due_on",
    "extended_on",
    "is_breakthrough",
    "progress",
    "claimed_on",
    "confirmed_on",
    "cancelled_on",
    "updated_at",
)


def _existing(document: Document, keys: set[str]) -> dict[str, tuple[Task, tuple[int, ...]]]:
    """The tasks of ``document`` with one of ``keys``, with what ``task_change`` reads (their
    extensions and occurrences) and their coordinating unit ids."""
    if not keys:
        return {}
    tasks = {
        t.external_key: t
        for t in Task.objects.filter(document=document)
        .exclude(external_key="")
        .only(*EDIT_READS)
        .iterator(chunk_size=2000)
        if t.external_key in keys
    }
    links: dict[int, list[int]] = {}
    through = Task.coordinating_units.through
    for task_id, unit_id in through.objects.filter(task__document=document).values_list(
        "task_id", "unit_id"
    ):
        links.setdefault(task_id, []).append(unit_id)
    return {k: (t, tuple(sorted(links.get(t.pk, [])))) for k, t in tasks.items()}


class _Row:
    """The checks of one row, collecting its errors by column."""

    def __init__(self, plan: Plan, row: ParsedRow) -> None:
        self.plan, self.number, self.values = plan, row.row, row.values
        self.failed: set[str] = set(row.refused)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if isinstance(value, date):
            return f"{value:%d/%m/%Y}"
        return "" if value is None else str(value)

    def error(self, key: str, message: str) -> None:
        column = self.plan.sheet.columns.get(key)
        header = column.header if column else _aliases()[key][0]
        self.plan.errors.append(
            RowError(
                self.number,
                header,
                message,
                column.letter if column else "",
                self.plan.sheet.title,
            )
        )
        self.failed.add(key)


def plan_import(
    *,
    document: Document,
    data: bytes,
    units: Iterable[Unit],
    people: Iterable[Person] = (),
    max_rows: int = MAX_ROWS,
) -> Plan:
    """Read ``data`` and work out what importing it under ``document`` would do, naming
    every bad row and column; nothing is written. Raises ``SheetError`` when the file
    cannot be read as a task sheet at all."""
    sheet = read_sheet(data, max_rows=max_rows)
    plan = Plan(sheet, errors=list(sheet.errors))
    unit_names = unit_index(units)
    person_names = NameIndex((p, [p.full_name]) for p in people)
    keys: dict[str, int] = {}
    if "external_key" in sheet.columns:
        for parsed in sheet.rows:
            key = parsed.values.get("external_key")
            if key is not None:
                keys.setdefault(str(key), parsed.row)
    existing = _existing(document, set(keys))
    seen: dict[str, int] = {}
    for parsed in sheet.rows:
        row = _Row(plan, parsed)
        item = _new_task(row, document, unit_names, person_names)
        key = item.external_key
        if key and key in seen:
            row.error(
                "external_key",
                _("mã «%(k)s» đã có ở dòng %(r)d") % {"k": key, "r": seen[key]},
            )
        elif key:
            seen[key] = row.number
        if key in existing and "external_key" not in row.failed:
            task, coordinating = existing[key]
            edit = _edit(row, item, task, coordinating)
            if row.failed:
                continue
            if edit is None:
                plan.unchanged += 1
            else:
                plan.edits.append((row.number, edit))
        elif not row.failed:
            plan.new.append((row.number, item))
    # What ``task_change`` reads of the tasks that change (their status before and after).
    prefetch_related_objects(
        [edit.task for _n, edit in plan.edits], "extension_requests", "occurrences"
    )
    if not sheet.rows:
        plan.errors.append(
            RowError(
                sheet.header_row + 1,
                sheet.columns["action"].header,
                _("trang «%(s)s» không có dòng nhiệm vụ nào") % {"s": sheet.title},
                sheet.columns["action"].letter,
                sheet.title,
            )
        )
    plan.errors.sort(key=lambda e: e.row)
    return plan


def _new_task(
    row: _Row, document: Document, unit_names: NameIndex, person_names: NameIndex
) -> NewTask:
    """The task a row asks for, every cell resolved; its errors go to ``row``."""
    action = row.text("action").strip()
    lead = None
    lead_name = row.text("lead_unit").strip()
    if not lead_name:
        row.error("lead_unit", _("chưa có đơn vị chủ trì"))
    else:
        lead, problem = unit_names.find(lead_name)
        if lead is None:
            row.error("lead_unit", problem)
    coordinating: list[Unit] = []
    for name in row.text("coordinating_units").replace(";", "\n").splitlines():
        if name.strip():
            unit, problem = unit_names.find(name.strip())
            if unit is None:
                row.error("coordinating_units", problem)
            elif unit not in coordinating:
                coordinating.append(unit)
    recurrence, due_on = Recurrence.NONE, None
    try:
        when = parse_date(row.values.get("due_on"), document.issued_on)
    except ValueError as exc:
        row.error(
            "due_on",
            _(
                "«%(v)s» không phải ngày (dd/mm/yyyy), số ngày («05 ngày làm việc») "
                "hay «thường xuyên», «hằng quý»…"
            )
            % {"v": exc.args[0]},
        )
    else:
        if isinstance(when, Recurrence):
            recurrence = when
        elif isinstance(when, date):
            due_on = when
    owner = None
    owner_name = row.text("owner").strip()
    if owner_name:
        owner, problem = person_names.find(owner_name)
        if owner is None:
            row.error("owner", problem)
    authority = None
    authority_name = row.text("authority").strip()
    if authority_name:
        authority, problem = unit_names.find(authority_name)
        if authority is None:
            row.error("authority", problem)
    key = row.text("external_key").strip()
    if len(key) > MAX_KEY:
        row.error("external_key", _("mã dài quá %(n)d ký tự") % {"n": MAX_KEY})
    section = row.text("section").strip()
    if len(section) > 32:
        row.error("section", _("số thứ tự dài quá 32 ký tự"))
    item = NewTask(
        action=action,
        lead_unit=lead,
        coordinating_units=tuple(coordinating),
        owner=owner,
        authority=authority,
        due_on=due_on,
        recurrence=recurrence,
        expected_output=row.text("expected_output").strip(),
        section=section,
        is_key=fold(row.text("key")) in YES,
        external_key=key,
    )
    found = task_errors(
        action=item.action,
        lead_unit_id=lead.pk if lead is not None else None,
        coordinating_unit_ids=[u.pk for u in coordinating],
        recurrence=item.recurrence,
        due_on=item.due_on,
        issued_on=document.issued_on,
        expected_output=item.expected_output,
    )
    for name, messages in found.items():
        if name not in row.failed:
            for message in messages:
                row.error(name, message)
    return item


def _edit(row: _Row, item: NewTask, task: Task, coordinating: tuple[int, ...]) -> TaskEdit | None:
    """What the row changes in ``task`` (found by its code), or None when nothing."""
    if item.due_on != task.due_on or item.recurrence != task.recurrence:
        row.error(
            "due_on",
            _("nhiệm vụ mã «%(k)s» đã giao với thời hạn %(d)s; thời hạn chỉ đổi qua gia hạn")
            % {
                "k": item.external_key,
                "d": f"{task.due_on:%d/%m/%Y}" if task.due_on else task.get_recurrence_display(),
            },
        )
    wanted: dict[str, Any] = {
        "section": item.section,
        "action": item.action,
        "lead_unit": item.lead_unit,
        "owner": item.owner,
        "authority": item.authority,
        "expected_output": item.expected_output,
        "is_key": item.is_key,
    }
    if "owner" not in row.plan.sheet.columns:
        wanted.pop("owner")
    if "authority" not in row.plan.sheet.columns:
        wanted.pop("authority")
    if "key" not in row.plan.sheet.columns:
        wanted.pop("is_key")
    changes = {
        k: v
        for k, v in wanted.items()
        if (
            getattr(task, f"{k}_id") != (v.pk if v is not None else None)
            if k in FOREIGN
            else getattr(task, k) != v
        )
    }
    units = tuple(sorted(u.pk for u in item.coordinating_units))
    if units != coordinating:
        changes["coordinating_units"] = list(item.coordinating_units)
    if not changes:
        return None
    return TaskEdit(task=task, coordinating=coordinating, changes=changes)


def write_plan(
    *,
    actor: Actor,
    document: Document,
    plan: Plan,
    received_on: date | None = None,
) -> ImportWritten:
    """Write what ``plan`` found, all of it or nothing; ``received_on``, when given, records
    the day the document arrived (ngày đến) in the import's last transaction. Raises
    ``SheetError`` when the plan has errors, ``PermissionDenied`` unless the actor may manage
    the document."""
    if plan.errors:
        raise SheetError(plan.errors)

    def received(locked: Document) -> Document:
        return document_receive(actor=actor, document=locked, received_on=received_on)

    try:
        return tasks_import(
            actor=actor,
            document=document,
            new=[item for _row, item in plan.new],
            edits=[edit for _row, edit in plan.edits],
            then=received if received_on is not None else None,
        )
    except ValidationError as exc:
        raise SheetError(list(_rows_of(plan, exc))) from exc


def _rows_of(plan: Plan, exc: ValidationError) -> Iterator[RowError | str]:
    """``tasks_import``'s refusal, its positions turned back into rows and columns."""
    if not hasattr(exc, "error_dict"):
        yield from exc.messages
        return
    for name, messages in exc.message_dict.items():
        where, _dot, key = name.partition(".")
        kind, _bracket, index = where.rstrip("]").partition("[")
        rows = plan.new if kind == "new" else plan.edits
        number = rows[int(index)][0] if index.isdigit() and int(index) < len(rows) else 0
        column = plan.sheet.columns.get(key)
        for message in messages:
            yield RowError(
                number,
                column.header if column else key,
                message,
                column.letter if column else "",
                plan.sheet.title,
            )


def import_tasks(
    *,
    actor: Actor,
    document: Document,
    data: bytes,
    units: Iterable[Unit],
    people: Iterable[Person] = (),
    received_on: date | None = None,
) -> list[Task]:
    """Import an Excel sheet under ``document``: all rows or none. Returns the tasks created
    (rows whose code names an existing task change it instead). Raises ``SheetError`` naming
    every bad row and column, ``PermissionDenied`` unless the actor may manage the document."""
    plan = plan_import(document=document, data=data, units=units, people=people)
    written = write_plan(actor=actor, document=document, plan=plan, received_on=received_on)
    return list(Task.objects.filter(pk__in=written.created_ids).order_by("order"))
