"""The entry clock: the tasks of a received document are due to be entered within one working
day of its arrival, two when it holds more than ``NAMRO_ENTRY_MANY_TASKS`` tasks."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class EntryClock:
    """Where a received document stands on the entry clock."""

    received_on: date
    due_on: date
    entered_on: date | None
    days_late: int  # working days past ``due_on``: to the entry, or to today while waiting

    @property
    def waiting(self) -> bool:
        """Arrived, and no task entered yet (chờ nhập nhiệm vụ)."""
        return self.entered_on is None

    @property
    def late(self) -> bool:
        return self.days_late > 0


def entry_clock(
    received_on: date | None, entered_on: date | None, task_count: int, today: date
) -> EntryClock | None:
    """The clock of a document received on ``received_on`` holding ``task_count`` tasks
    (None when its arrival is not recorded)."""
    if received_on is None:
        return None
    due = entry_due_on(received_on, task_count)
    until = entered_on if entered_on is not None else today
    return EntryClock(received_on, due, entered_on, max(0, working_days_between(due, until)))
