"""Tasks as an Excel sheet: the column layout and the export (``intake.excel`` reads it back)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .models import Recurrence, Task

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


def export_tasks(tasks: Iterable[Task]) -> bytes:
    """An .xlsx of ``tasks`` in the layout ``import_tasks`` reads back."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Nhiệm vụ"
    keys = [
        "section",
        "action",
        "lead_unit",
        "coordinating_units",
        "due_on",
        "expected_output",
        "owner",
        "authority",
        "key",
    ]
    sheet.append([COLUMNS[k][0] for k in keys])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for task in tasks:
        due: Any = RECURRENCE_LABELS.get(Recurrence(task.recurrence), task.due_on)
        sheet.append(
            [
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
        )
        sheet.cell(row=sheet.max_row, column=5).number_format = "DD/MM/YYYY"
    for index, width in enumerate([8, 60, 30, 30, 14, 25, 25, 25, 10], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
