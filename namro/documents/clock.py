"""The entry clock: the tasks of a received document are due to be entered within one working
day of its arrival, two when it holds more than ``NAMRO_ENTRY_MANY_TASKS`` tasks."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from namro.workdays.calendar import add_working_days, working_days_between


def entry_days(task_count: int) -> int:
    """Working days allowed for entering ``task_count`` tasks."""
    many = task_count > settings.NAMRO_ENTRY_MANY_TASKS
    return settings.NAMRO_ENTRY_DAYS_MANY if many else settings.NAMRO_ENTRY_DAYS


def entry_due_on(received_on: date, task_count: int = 0) -> date:
    """The last day on which the tasks of a document received on ``received_on`` may be
    entered on time (while none is entered, as for a short document)."""
    return add_working_days(received_on, entry_days(task_count))


def entry_days_late(received_on: date, entered_on: date, task_count: int) -> int:
    """Working days past the entry deadline (0 when on time)."""
    due = entry_due_on(received_on, task_count)
    return max(0, working_days_between(due, entered_on))
