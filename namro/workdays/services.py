"""Writes of the holiday calendar: loading the law's days for whole years."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from namro.audit.services import record
from namro.core.actors import Actor

from .models import CalendarDay, DaySource
from .statutory import statutory_days


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    removed: int
    kept: int  # rows the admin wrote, left as they are


def _fields(row: CalendarDay) -> dict[str, object]:
    return {"day": row.day.isoformat(), "name": row.name, "is_day_off": row.is_day_off}


def load_holidays(*, actor: Actor = None, years: Iterable[int]) -> LoadResult:
    """Write the law's days off and make-up days of ``years``, in one transaction.

    Run by the system (the ``holidays`` command, the demo); the admin edits single days in
    the admin site. Idempotent: a second run changes nothing. A day the admin added or edited
    stays as the admin left it; a day loaded earlier is brought up to date, and removed when
    the law's table no longer lists it. To cancel a loaded day off, untick «ngày nghỉ» in the
    admin rather than delete it (a deleted day comes back with the next load).
    """
    wanted = sorted(set(years))
    created = updated = removed = kept = 0
    with transaction.atomic():
        for year in wanted:
            law = {s.day: s for s in statutory_days(year)}
            rows = {
                row.day: row
                for row in CalendarDay.objects.select_for_update().filter(day__year=year)
            }
            for day, row in rows.items():
                if row.source != DaySource.LAW:
                    kept += day in law
                    continue
                entry = law.get(day)
                if entry is None:
                    record(actor=actor, action="calendar_day.delete", obj=row, before=_fields(row))
                    row.delete()
                    removed += 1
                elif (row.name, row.is_day_off) != (entry.name, entry.is_day_off):
                    before = _fields(row)
                    row.name, row.is_day_off = entry.name, entry.is_day_off
                    row.save(update_fields=["name", "is_day_off"])
                    record(
                        actor=actor,
                        action="calendar_day.update",
                        obj=row,
                        before=before,
                        after=_fields(row),
                    )
                    updated += 1
            for day, entry in law.items():
                if day in rows:
                    continue
                row = CalendarDay.objects.create(
                    day=day, name=entry.name, is_day_off=entry.is_day_off, source=DaySource.LAW
                )
                record(actor=actor, action="calendar_day.create", obj=row, after=_fields(row))
                created += 1
    return LoadResult(created, updated, removed, kept)
