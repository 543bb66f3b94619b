"""Reads for dashboards: counts by status as of a date from the counters, for a unit's
subtree and for each child unit, and the monthly series behind the trend and heatmap.

``unit_summary`` is the one code path behind the dashboard page, the API and the benchmark.
It costs two queries (three when narrowed to a user's scope): the unit with its children, and
one sum over at most 47 counter rows per unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q

from namro.access import policy
from namro.orgs.models import Unit
from namro.tasks import timeline
from namro.tasks.models import Grain, StatusTally
from namro.tasks.tally import COLUMNS


@dataclass
class Counts:
    """Tasks by status as of a date in one unit's subtree."""

    unit_id: int
    name: str
    in_progress: int = 0
    overdue: int = 0
    done_on_time: int = 0
    done_late: int = 0
    ongoing: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, c) for c in COLUMNS)

    @property
    def on_time_rate(self) -> float | None:
        return timeline.on_time_rate(self.as_dict())

    def as_dict(self) -> dict[str, int]:
        return {c: getattr(self, c) for c in COLUMNS}

    def to_json(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "name": self.name,
            **self.as_dict(),
            "total": self.total,
            "on_time_rate": self.on_time_rate,
        }


@dataclass
class Summary:
    """Counts by status as of ``as_of`` for a unit's subtree and for each child's subtree."""

    as_of: date
    unit: Counts
    children: list[Counts] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "unit": self.unit.to_json(),
            "children": [c.to_json() for c in self.children],
        }


def _table() -> str:
    return connection.ops.quote_name(StatusTally._meta.db_table)


def counts_as_of(unit_ids: list[int], as_of: date) -> dict[int, list[int]]:
    """{unit id: counts in COLUMNS order} as of ``as_of``; one query."""
    if not unit_ids:
        return {}
    year = date(as_of.year, 1, 1)
    month = date(as_of.year, as_of.month, 1)
    table = _table()
    cols = ", ".join(COLUMNS)
    sums = ", ".join(f"SUM({c})" for c in COLUMNS)
    marks = ", ".join(["%s"] * len(unit_ids))
    part = f"SELECT unit_id, {cols} FROM {table} WHERE unit_id IN ({marks}) AND grain = %s"
    sql = (
        f"SELECT unit_id, {sums} FROM ("
        f"{part} AND start < %s "
        f"UNION ALL {part} AND start >= %s AND start < %s "
        f"UNION ALL {part} AND start >= %s AND start <= %s"
        f") AS t GROUP BY unit_id"
    )
    params = [
        *unit_ids,
        Grain.YEAR,
        year,
        *unit_ids,
        Grain.MONTH,
        year,
        month,
        *unit_ids,
        Grain.DAY,
        month,
        as_of,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: [int(v or 0) for v in row[1:]] for row in cursor.fetchall()}


def unit_summary(unit_id: int, as_of: date, *, user: Any = None) -> Summary | None:
    """Counts by status as of ``as_of`` for the unit's subtree and each child's; None when the
    unit does not exist or, given ``user``, is out of the user's scope."""
    units = Unit.objects.filter(Q(pk=unit_id) | Q(parent_id=unit_id))
    if user is not None:
        units = policy.visible_units(user, units)
    rows = list(units.order_by("path").values_list("pk", "name", "parent_id"))
    top = next((r for r in rows if r[0] == unit_id), None)
    if top is None:
        return None
    counts = counts_as_of([r[0] for r in rows], as_of)

    def make(row: tuple[int, str, int | None]) -> Counts:
        return Counts(row[0], row[1], *counts.get(row[0], [0] * len(COLUMNS)))

    return Summary(as_of, make(top), [make(r) for r in rows if r[0] != unit_id])


def month_starts(last: date, months: int) -> list[date]:
    """The first days of the ``months`` months ending with ``last``'s month, oldest first."""
    index = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def monthly_counts(unit_ids: list[int], last: date, months: int = 12) -> dict[int, list[list[int]]]:
    """{unit id: [counts at the end of each month]} for the ``months`` months ending with
    ``last``'s month, the last one as of ``last``; one query."""
    starts = month_starts(last, months)
    if not unit_ids:
        return {}
    first_year = date(starts[0].year, 1, 1)
    rows = (
        StatusTally.objects.filter(unit_id__in=unit_ids)
        .filter(
            Q(grain=Grain.YEAR, start__lt=first_year)
            | Q(grain=Grain.MONTH, start__gte=first_year, start__lt=starts[-1])
            | Q(grain=Grain.DAY, start__gte=starts[-1], start__lte=last)
        )
        .values_list("unit_id", "grain", "start", *COLUMNS)
    )
    width = len(COLUMNS)
    base: dict[int, list[int]] = {u: [0] * width for u in unit_ids}
    by_month: dict[tuple[int, date], list[int]] = {}
    for unit_id, grain, start, *values in rows:
        if grain == Grain.YEAR:
            target = base[unit_id]
        else:
            target = by_month.setdefault((unit_id, start.replace(day=1)), [0] * width)
        for i, v in enumerate(values):
            target[i] += v
    walk = month_starts(last, (last.year - first_year.year) * 12 + last.month)
    result: dict[int, list[list[int]]] = {}
    for unit_id in unit_ids:
        running = list(base[unit_id])
        series = []
        for month in walk:
            delta = by_month.get((unit_id, month))
            if delta:
                running = [a + b for a, b in zip(running, delta, strict=True)]
            if month >= starts[0]:
                series.append(list(running))
        result[unit_id] = series
    return result
