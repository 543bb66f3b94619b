"""Tasks as an Excel sheet: the column layout and the export (``intake.excel`` reads it back).

The export is the office's sheet (``core.xlsx``): a merged title, the filter and the as-of
date, then STT and the columns of ``COLUMNS`` under their first header, which the import
finds again below the title rows; with an as-of date, the status on that day is added.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import IO, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from namro.core import xlsx
from namro.documents.models import Document

from .filters import TaskFilter
from .labels import DUE_SOON, STATUS_LABELS
from .models import Recurrence, Task, TaskStatus

# Column key → accepted headers (folded). The first is what the export writes;
# the import accepts any.
COLUMNS: dict[str, tuple[str, ...]] = {
    "section": ("Mục", "STT", "TT", "Số thứ tự"),
    "action": ("Nội dung nhiệm vụ", "Nội dung", "Nhiệm vụ", "Tên nhiệm vụ"),
    "lead_unit": ("Đơn vị chủ trì", "Cơ quan chủ trì", "Chủ trì"),
    "coordinating_units": ("Đơn vị phối hợp", "Cơ quan phối hợp", "Phối hợp"),
    "due_on": ("Thời hạn", "Thời gian hoàn thành", "Hạn hoàn thành", "Thời gian"),
    "expected_output": ("Sản phẩm", "Sản phẩm, kết quả", "Kết quả"),
    "owner": ("Người chịu trách nhiệm", "Cán bộ phụ trách", "Người phụ trách"),
    "authority": ("Cấp có thẩm quyền", "Thẩm quyền"),
    "key": ("Trọng tâm", "Nhiệm vụ trọng tâm"),
}
RECURRENCE_LABELS = {
    Recurrence.ONGOING: "Thường xuyên",
    Recurrence.YEARLY: "Hằng năm",
    Recurrence.SEMIANNUAL: "Định kỳ 6 tháng",
    Recurrence.QUARTERLY: "Hằng quý",
    Recurrence.MONTHLY: "Hằng tháng",
}


# The columns the export writes, in order, with the width each may take.
EXPORTED: list[tuple[str, xlsx.Kind, int]] = [
    ("section", xlsx.Kind.TEXT, 8),
    ("action", xlsx.Kind.TEXT, 60),
    ("lead_unit", xlsx.Kind.TEXT, 30),
    ("coordinating_units", xlsx.Kind.TEXT, 30),
    ("due_on", xlsx.Kind.DATE, 16),
    ("expected_output", xlsx.Kind.TEXT, 30),
    ("owner", xlsx.Kind.TEXT, 25),
    ("authority", xlsx.Kind.TEXT, 25),
    ("key", xlsx.Kind.TEXT, 11),
]
STATUS_HEADER = "Tình trạng"


def task_table(*, notes: Sequence[str] = (), with_status: bool = False) -> xlsx.Table:
    columns = [xlsx.Column(COLUMNS[key][0], kind, width) for key, kind, width in EXPORTED]
    if with_status:
        columns.append(xlsx.Column(STATUS_HEADER, xlsx.Kind.TEXT, 24))
    return xlsx.Table(sheet="Nhiệm vụ", title=_("DANH SÁCH NHIỆM VỤ"), columns=columns, notes=notes)


def status_label(task: Task) -> str:
    """The status annotated on ``task`` (``with_status``), "due soon" included."""
    status = getattr(task, "status", None)
    if status is None:
        return ""
    if status == TaskStatus.IN_PROGRESS and getattr(task, "due_soon", False):
        status = DUE_SOON
    return str(STATUS_LABELS.get(status, status))


def task_values(task: Task, *, with_status: bool = False) -> list[Any]:
    """One task's cells in the order of ``EXPORTED``. Reads ``lead_unit``, ``owner`` and
    ``authority`` (to be selected with the task) and ``coordinating_units`` (prefetched)."""
    due: Any = RECURRENCE_LABELS.get(Recurrence(task.recurrence), task.due_on)
    values = [
        task.section,
        task.action,
        task.lead_unit.name if task.lead_unit else "",
        "; ".join(u.name for u in task.coordinating_units.all()),
        due,
        task.expected_output,
        task.owner.full_name if task.owner else "",
        task.authority.name if task.authority else "",
        "x" if task.is_key else "",
    ]
    if with_status:
        values.append(status_label(task))
    return values


def describe(chosen: TaskFilter) -> list[str]:
    """The filter and the as-of date, as lines for the top of the sheet (one query when a
    document is chosen)."""
    parts: list[str] = []
    if chosen.unit is not None:
        role = {"lead": _("chủ trì"), "coordinating": _("phối hợp")}.get(chosen.role, "")
        parts.append(_("Đơn vị: %(u)s") % {"u": chosen.unit.name} + (f" ({role})" if role else ""))
    if chosen.status:
        parts.append(_("Tình trạng: %(s)s") % {"s": STATUS_LABELS.get(chosen.status, "")})
    if chosen.due_from or chosen.due_to:
        parts.append(
            _("Thời hạn: %(a)s – %(b)s") % {"a": _day(chosen.due_from), "b": _day(chosen.due_to)}
        )
    if chosen.document is not None:
        number = Document.objects.filter(pk=chosen.document).values_list("number", flat=True)
        parts.append(_("Văn bản: %(n)s") % {"n": next(iter(number), "")})
    if chosen.is_key is not None:
        parts.append(_("Trọng tâm") if chosen.is_key else _("Không trọng tâm"))
    if chosen.is_breakthrough is not None:
        parts.append(_("Đột phá") if chosen.is_breakthrough else _("Không đột phá"))
    if chosen.counted:
        parts.append(_("Không kể nhiệm vụ đã dừng"))
    if chosen.q:
        parts.append(_("Có chữ «%(q)s»") % {"q": chosen.q})
    lines = [_("Bộ lọc: %(f)s") % {"f": "; ".join(parts)}] if parts else []
    return [*lines, as_of_line(chosen.as_of)]


def as_of_line(as_of: date) -> str:
    return _("Tình hình đến ngày %(d)s") % {"d": _day(as_of)}


def _day(day: date | None) -> str:
    return date_format(day, "d/m/Y") if day else "…"


def _rows(tasks: Iterable[Task], with_status: bool) -> Iterator[list[Any]]:
    for task in tasks:
        yield task_values(task, with_status=with_status)


def write_tasks(
    tasks: Iterable[Task], *, notes: Sequence[str] = (), with_status: bool = False
) -> IO[bytes]:
    """The .xlsx of ``tasks`` in a temporary file, streamed row by row."""
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(
        workbook, task_table(notes=notes, with_status=with_status), _rows(tasks, with_status)
    )
    return xlsx.save(workbook)


def export_tasks(
    tasks: Iterable[Task], *, notes: Sequence[str] = (), with_status: bool = False
) -> bytes:
    """An .xlsx of ``tasks`` in the layout ``import_tasks`` reads back."""
    with write_tasks(tasks, notes=notes, with_status=with_status) as out:
        return out.read()
