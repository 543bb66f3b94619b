"""Keeping the counters by status (``StatusTally``) equal to the tasks, write by write.

The task services call ``tally_tasks`` inside their transaction after every change that can
move a status (assignment, confirmation, sending back, extension, cancellation, a new lead
unit), and ``orgs.services.unit_move`` calls ``tally_unit_moved``. Each call takes away what
the task added before (its ``TaskTrail``) and adds what it adds now, so the counters are exact
in the very next request: nothing is cached.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction

from namro.core.bulk import insert_rows
from namro.orgs.models import SEGMENT, Unit

from . import timeline
from .models import Grain, StatusTally, Task, TaskTrail

COLUMNS = [s.value for s in timeline.STATUSES]
Key = tuple[int, int, date]


def _table() -> str:
    return connection.ops.quote_name(StatusTally._meta.db_table)


def upsert_sql() -> str:
    """One INSERT that adds the given deltas to a row, creating it when missing."""
    table = _table()
    cols = ", ".join(COLUMNS)
    marks = ", ".join(["%s"] * (3 + len(COLUMNS)))
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    return (
        f"INSERT INTO {table} (unit_id, grain, start, {cols}) VALUES ({marks}) "
        f"ON CONFLICT (unit_id, grain, start) DO UPDATE SET {sets}"
    )


def periods(day: date) -> tuple[tuple[int, date], ...]:
    """The (grain, start) rows a change on ``day`` belongs to."""
    return (
        (Grain.YEAR, date(day.year, 1, 1)),
        (Grain.MONTH, date(day.year, day.month, 1)),
        (Grain.DAY, day),
    )


def add_changes(
    acc: dict[tuple[int, date], list[int]], points: timeline.Trail, sign: int = 1
) -> None:
    """Add (or with ``sign`` -1 take away) a trail's changes to per-(grain, start) deltas."""
    for day, left, entered in timeline.changes(points):
        for key in periods(day):
            row = acc.get(key)
            if row is None:
                row = acc[key] = [0] * len(COLUMNS)
            row[entered] += sign
            if left is not None:
                row[left] -= sign


def ancestor_paths(path: str) -> list[str]:
    """``path`` and the paths of every unit above it."""
    return [path[:i] for i in range(SEGMENT, len(path) + 1, SEGMENT)]


def apply(deltas_by_unit: dict[int, dict[tuple[int, date], list[int]]]) -> None:
    """Add each unit's own deltas to the rows of that unit and of every unit above it."""
    if not deltas_by_unit:
        return
    paths = dict(Unit.objects.filter(pk__in=list(deltas_by_unit)).values_list("pk", "path"))
    wanted = {p for path in paths.values() for p in ancestor_paths(path)}
    ids = dict(Unit.objects.filter(path__in=wanted).values_list("path", "pk"))
    rows: dict[Key, list[int]] = {}
    for unit_id, deltas in deltas_by_unit.items():
        for path in ancestor_paths(paths[unit_id]):
            target = ids[path]
            for (grain, start), values in deltas.items():
                key = (target, grain, start)
                row = rows.get(key)
                rows[key] = (
                    list(values)
                    if row is None
                    else [a + b for a, b in zip(row, values, strict=True)]
                )
    params = [(*key, *values) for key, values in rows.items() if any(values)]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(upsert_sql(), params)


def tally_tasks(task_ids: Iterable[int]) -> None:
    """Bring the counters up to date with the tasks ``task_ids`` as they are now stored."""
    ids = list(task_ids)
    if not ids:
        return
    with transaction.atomic():
        tasks = (
            Task.objects.filter(pk__in=ids)
            .only(*TRAIL_FIELDS)
            .prefetch_related("extension_requests", "occurrences")
        )
        old = {t.task_id: t for t in TaskTrail.objects.filter(task_id__in=ids)}
        deltas: dict[int, dict[tuple[int, date], list[int]]] = defaultdict(dict)
        changed: list[TaskTrail] = []
        for task in tasks:
            points = timeline.trail(task.facts())
            text = timeline.encode(points)
            before = old.get(task.pk)
            if before is not None and before.trail == text and before.unit_id == task.lead_unit_id:
                continue
            if before is not None and before.unit_id is not None:
                add_changes(deltas[before.unit_id], timeline.decode(before.trail), -1)
            if task.lead_unit_id is not None:
                add_changes(deltas[task.lead_unit_id], points)
            changed.append(TaskTrail(task_id=task.pk, unit_id=task.lead_unit_id, trail=text))
        apply({u: d for u, d in deltas.items() if d})
        if changed:
            TaskTrail.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["task"],
                update_fields=["unit", "trail"],
            )


Deltas = dict[int, dict[tuple[int, date], list[int]]]
TrailRow = tuple[int, int | None, str]  # (task id, lead unit id, encoded trail)


@dataclass
class Created:
    """What tasks just created add: each lead unit's own deltas and the tasks' trails."""

    deltas: Deltas = field(default_factory=dict)
    trails: list[TrailRow] = field(default_factory=list)


def created(
    tasks: Iterable[tuple[int, int | None, timeline.Trail, str]],
) -> dict[int | None, Created]:
    """What tasks of ``(id, lead unit id, trail, encoded trail)``, just created, add to the
    counters, by lead unit: worked out from their trails rather than read back, each distinct
    trail of a unit once."""
    out: dict[int | None, Created] = defaultdict(Created)
    same: dict[tuple[int, str], int] = defaultdict(int)
    decoded: dict[str, timeline.Trail] = {}
    for task_id, unit_id, points, text in tasks:
        out[unit_id].trails.append((task_id, unit_id, text))
        if unit_id is not None:
            same[(unit_id, text)] += 1
            decoded[text] = points
    for (unit_id, text), times in same.items():
        add_changes(out[unit_id].deltas.setdefault(unit_id, {}), decoded[text], times)
    return dict(out)


def tally_created(tasks: Iterable[tuple[int, int | None, timeline.Trail, str]]) -> None:
    """``tally_tasks`` of tasks just created (a bulk import), from their ``(id, lead unit id,
    trail, encoded trail)`` worked out beforehand rather than read back."""
    tally_add(list(created(tasks).values()))


def tally_add(parts: Sequence[Created]) -> None:
    """Add ``parts`` (of ``created``) to the counters and store their trails, together."""
    deltas: Deltas = {}
    trails: list[TrailRow] = []
    for part in parts:
        deltas.update({u: d for u, d in part.deltas.items() if d})
        trails += part.trails
    with transaction.atomic():
        apply(deltas)
        insert_rows(TaskTrail, ("task_id", "unit_id", "trail"), trails)


def in_groups(parts: dict[int | None, Created], rows: int) -> list[list[Created]]:
    """``parts`` grouped so that adding one group writes about ``rows`` counter rows at most
    (a unit's deltas are written to it and to each unit above it)."""
    groups: list[list[Created]] = [[]]
    size = 0
    for part in parts.values():
        weight = sum(len(d) for d in part.deltas.values()) * 3 + len(part.trails) // 10
        if groups[-1] and size + weight > rows:
            groups.append([])
            size = 0
        groups[-1].append(part)
        size += weight
    return [group for group in groups if group]


def tally_forget(task_ids: Sequence[int]) -> None:
    """Take away from the counters what the tasks ``task_ids`` added (their stored trails)
    and delete those trails: before the tasks are deleted."""
    with transaction.atomic():
        deltas: Deltas = defaultdict(dict)
        trails = TaskTrail.objects.filter(task_id__in=list(task_ids), unit_id__isnull=False)
        for unit_id, text in trails.values_list("unit_id", "trail"):
            add_changes(deltas[unit_id], timeline.decode(text), -1)
        apply({u: d for u, d in deltas.items() if d})
        TaskTrail.objects.filter(task_id__in=list(task_ids)).delete()


TRAIL_FIELDS = (
    "id",
    "lead_unit_id",
    "assigned_on",
    "due_on",
    "original_due_on",
    "extended_on",
    "recurrence",
    "claimed_on",
    "confirmed_on",
    "cancelled_on",
)


def tally_task(task: Task) -> None:
    """``tally_tasks`` for one task."""
    tally_tasks([task.pk])


def tally_unit_moved(unit: Unit, old_path: str) -> None:
    """After ``unit`` moved from ``old_path``: its subtree's counters leave the units that were
    above it and join the units now above it."""
    unit.refresh_from_db(fields=["path"])
    old = set(ancestor_paths(old_path)[:-1])
    new = set(ancestor_paths(unit.path)[:-1])
    ids = dict(Unit.objects.filter(path__in=old ^ new).values_list("path", "pk"))
    table = _table()
    cols = ", ".join(COLUMNS)
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    with connection.cursor() as cursor:
        for path, sign in [*((p, -1) for p in old - new), *((p, 1) for p in new - old)]:
            if path not in ids:
                continue
            signed = ", ".join(f"%s * {c}" for c in COLUMNS)
            cursor.execute(
                f"INSERT INTO {table} (unit_id, grain, start, {cols}) "
                f"SELECT %s, grain, start, {signed} FROM {table} WHERE unit_id = %s "
                f"ON CONFLICT (unit_id, grain, start) DO UPDATE SET {sets}",
                [ids[path], *([sign] * len(COLUMNS)), unit.pk],
            )


def tally_rebuild(batch: int = 2000) -> int:
    """Recount everything from the tasks (after a bulk load that bypassed the services)."""
    with transaction.atomic():
        StatusTally.objects.all().delete()
        TaskTrail.objects.all().delete()
        ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(ids), batch):
            tally_tasks(ids[i : i + batch])
    return len(ids)
