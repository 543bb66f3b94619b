"""Translated labels of values the pure modules name in code (statuses, the six clears)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from namro.tasks.clarity import Clear

DUE_SOON = "due_soon"

STATUS_LABELS = {
    "in_progress": _("Đang thực hiện"),
    DUE_SOON: _("Sắp đến hạn"),
    "overdue": _("Quá hạn"),
    "done_on_time": _("Hoàn thành đúng hạn"),
    "done_late": _("Hoàn thành quá hạn"),
    "ongoing": _("Thường xuyên"),
    "cancelled": _("Dừng / hủy"),
}

# The order the pages show counts in.
STATUS_ORDER = [
    "overdue",
    DUE_SOON,
    "in_progress",
    "done_on_time",
    "done_late",
    "ongoing",
    "cancelled",
]

CLEAR_LABELS = {
    Clear.OWNER: _("Rõ người"),
    Clear.ACTION: _("Rõ việc"),
    Clear.SCHEDULE: _("Rõ tiến độ"),
    Clear.RESPONSIBILITY: _("Rõ trách nhiệm"),
    Clear.OUTPUT: _("Rõ hiệu quả"),
    Clear.AUTHORITY: _("Rõ thẩm quyền"),
}

CLEAR_HINTS = {
    Clear.OWNER: _("Chưa có người chịu trách nhiệm."),
    Clear.ACTION: _("Nội dung nhiệm vụ chưa cụ thể."),
    Clear.SCHEDULE: _("Chưa có thời hạn hoặc tính chất định kỳ."),
    Clear.RESPONSIBILITY: _("Chưa có đơn vị chủ trì."),
    Clear.OUTPUT: _("Chưa nêu sản phẩm, kết quả."),
    Clear.AUTHORITY: _("Chưa rõ cấp có thẩm quyền."),
}


def status_key(status: str | None, due_soon: bool = False) -> str:
    """The label key of a status, with "due soon" standing in for a near in-progress one."""
    if status == "in_progress" and due_soon:
        return DUE_SOON
    return status or ""
