"""Translated labels of values the pure modules name in code (statuses, the six clears).

The status labels are ``TaskStatus``'s own, with "due soon" added."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from namro.tasks.clarity import Clear
from namro.tasks.models import TaskStatus

DUE_SOON = "due_soon"

# Every status a page or the API can filter and count by: the task statuses and "due soon".
STATUS_LABELS = {**dict(TaskStatus.choices), DUE_SOON: _("Sắp đến hạn")}

# The order the pages show counts in.
STATUS_ORDER = [
    TaskStatus.OVERDUE.value,
    DUE_SOON,
    TaskStatus.IN_PROGRESS.value,
    TaskStatus.DONE_ON_TIME.value,
    TaskStatus.DONE_LATE.value,
    TaskStatus.ONGOING.value,
    TaskStatus.CANCELLED.value,
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
    if status == TaskStatus.IN_PROGRESS and due_soon:
        return DUE_SOON
    return status or ""
