"""Working days: Monday to Friday, less the days off in ``CalendarDay``, plus its make-up days.

``is_working_day``, ``add_working_days`` and ``working_days_between`` read the calendar once
per process and again whenever a ``CalendarDay`` is saved or deleted.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarDay

SATURDAY = 5

_cache: dict[date, bool] | None = None


def _exceptions() -> dict[date, bool]:
    """Each listed day, mapped to whether it is worked."""
    global _cache
    if _cache is None:
        _cache = {d: not off for d, off in CalendarDay.objects.values_list("day", "is_day_off")}
    return _cache


def forget() -> None:
    global _cache
    _cache = None


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def _calendar_changed(**_: object) -> None:
    forget()


def is_working_day(day: date) -> bool:
    listed = _exceptions().get(day)
    if listed is not None:
        return listed
    return day.weekday() < SATURDAY


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (``n`` ≥ 0; 0 gives ``day`` itself if it is
    worked, else the next working day)."""
    if n < 0:
        raise ValueError("n must be at least 0")
    current = day
    if n == 0:
        while not is_working_day(current):
            current += timedelta(days=1)
        return current
    while n:
        current += timedelta(days=1)
        if is_working_day(current):
            n -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is
    before ``start``)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
