"""Tasks by status as of a date for what a person may see, from the counters.

The home page counts the tasks a person may see; the unit page counts, for the unit and for
each child, the visible tasks led within its subtree. Counted task by task over a national
tree this reads a million rows; here it reads:

- the counters (``StatusTally``) of the subtrees the person's scopes cover, which are exact
  there: every task led within a scope is visible (one query, at most 47 rows a unit);
- the tasks "due soon" (in progress, deadline within ``NAMRO_DUE_SOON_DAYS``), which the
  counters do not hold, through an index on the deadline: only tasks whose deadline falls in
  the window, whose deadline was extended after the date, or periodic tasks whose period ends
  in the window can be due soon (one query);
- the rest of what is visible: tasks coordinated by or set by a document of a unit in scope
  but led outside it, and (for an administrator) tasks without a lead unit, counted with
  the status expressions through their own indexes (one query, none when nothing can be
  there).

A property test holds every figure equal to a count with ``tasks.rules.status_of``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from namro.access import policy
from namro.orgs.models import Unit
from namro.tasks import rules
from namro.tasks.aggregation import with_status
from namro.tasks.filters import TaskFilter
from namro.tasks.models import RECURRING, Task
from namro.tasks.tally import COLUMNS

from .selectors import counts_as_of

DUE_SOON = "due_soon"


def empty() -> dict[str, int]:
    return {**dict.fromkeys(COLUMNS, 0), DUE_SOON: 0, "total": 0}


def _warn_days() -> int:
    return int(settings.NAMRO_DUE_SOON_DAYS)


def due_soon_candidates(as_of: date, warn_days: int) -> Q:
    """A superset of the tasks due soon as of ``as_of``, by indexed columns only: a one-off
    task in progress has its deadline in force on or after the date, which is ``due_on``
    unless it was extended after the date; a periodic one is due at its period's end."""
    soon = as_of + timedelta(days=warn_days)
    q = Q(due_on__gte=as_of, due_on__lte=soon) | Q(extended_on__gt=as_of)
    ending = [r.value for r in sorted(rules.PERIODIC) if rules.period_bounds(r, as_of)[1] <= soon]
    if ending:
        q |= RECURRING & Q(recurrence__in=ending)
    return q


def _subtrees_q(paths: list[str], prefix: str = "") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Unit(path=path).subtree_q(prefix)
    return q


def _led_within(paths: list[str], roots: set[str] | None = None) -> Q:
    """Q: led by a unit in the subtrees of ``paths``. When they are every tree (``roots``
    given, for a person who sees everything), any lead unit: the database then reads the
    tasks by the other conditions' indexes instead of every unit's tasks."""
    tops = {p for p in paths if not any(p != o and p.startswith(o) for o in paths)}
    if roots and tops == roots:
        return Q(lead_unit__isnull=False)
    return Q(lead_unit_id__in=Unit.objects.filter(_subtrees_q(sorted(tops))).values("pk"))


def _spread(rows: list[tuple[str | None, str, int, int]], paths: list[str]) -> dict[str, Any]:
    """Add grouped rows (lead unit path, status, n, due soon) into each path they fall under."""
    result: dict[str, dict[str, int]] = {p: defaultdict(int) for p in paths}
    lengths = sorted({len(p) for p in paths})
    for lead_path, status, n, soon in rows:
        if lead_path is None:
            continue
        for length in lengths:
            if len(lead_path) < length:
                break
            bucket = result.get(lead_path[:length])
            if bucket is not None:
                if status:
                    bucket[status] += n
                bucket[DUE_SOON] += soon
    return result


def _due_soon_rows(led: Q, as_of: date) -> list[tuple[str | None, str, int, int]]:
    warn = _warn_days()
    qs = with_status(
        Task.objects.filter(led).filter(due_soon_candidates(as_of, warn)), as_of, warn_days=warn
    ).filter(due_soon=True)
    return [
        (path, "", 0, n)
        for path, n in qs.values("lead_unit__path")
        .annotate(n=Count("pk"))
        .values_list("lead_unit__path", "n")
        .order_by()
    ]


def _status_rows(qs: QuerySet[Task], as_of: date) -> list[tuple[str | None, str, int, int]]:
    return list(
        with_status(qs, as_of, warn_days=_warn_days())
        .exclude(status__isnull=True)
        .values("lead_unit__path", "status")
        .annotate(n=Count("pk"), soon=Count("pk", filter=Q(due_soon=True)))
        .values_list("lead_unit__path", "status", "n", "soon")
        .order_by()
    )


def _finish(counts: dict[str, int]) -> dict[str, int]:
    result = empty()
    result.update({k: int(v) for k, v in counts.items()})
    result["total"] = sum(result[c] for c in COLUMNS)
    return result


def unit_counts(user: Any, as_of: date, units: list[Unit]) -> dict[int, dict[str, int]]:
    """{unit id: {status: n, "due_soon": n, "total": n}}: the tasks ``user`` may see led
    within each unit's subtree, as of ``as_of``. Three queries at most, whatever the size
    of the tree."""
    if not units:
        return {}
    tops = policy.scope_tops(user)
    everything = policy.sees_everything(user)

    def inside(unit: Unit) -> bool:
        return everything or any(unit.path.startswith(p) for p in tops)

    whole = [u for u in units if inside(u)]
    partial = [u for u in units if not inside(u)]
    # A unit above the scopes: the scopes under it count whole, the rest is the remainder.
    inner = {u.pk: [(p, pk) for p, pk in tops.items() if p.startswith(u.path)] for u in partial}
    counter_ids = [u.pk for u in whole] + [pk for pairs in inner.values() for _, pk in pairs]
    counters = counts_as_of(sorted(set(counter_ids)), as_of)
    led_paths = [u.path for u in whole] + [p for pairs in inner.values() for p, _ in pairs]
    roots = set(tops) if everything else None
    rows = _due_soon_rows(_led_within(led_paths, roots), as_of) if led_paths else []
    if partial:
        in_scope = Q(lead_unit_id__in=policy.scope_units(user).values("pk"))
        rest = policy.visible_tasks(
            user, Task.objects.filter(_led_within([u.path for u in partial]))
        ).exclude(in_scope)
        rows += _status_rows(rest, as_of)
    spread = _spread(rows, [u.path for u in units])
    result: dict[int, dict[str, int]] = {}
    for unit in units:
        counts: dict[str, int] = defaultdict(int, spread[unit.path])
        ids = [unit.pk] if unit in whole else [pk for _, pk in inner[unit.pk]]
        for pk in ids:
            for column, n in zip(COLUMNS, counters.get(pk, [0] * len(COLUMNS)), strict=True):
                counts[column] += n
        result[unit.pk] = _finish(counts)
    return result


def scope_counts(user: Any, as_of: date) -> dict[str, int]:
    """{status: n, "due_soon": n, "total": n}: every task ``user`` may see, as of ``as_of``
    (the counts of the home page). Three queries at most."""
    tops = policy.scope_tops(user)
    counters = counts_as_of(sorted(tops.values()), as_of)
    counts: dict[str, int] = defaultdict(int)
    for values in counters.values():
        for column, n in zip(COLUMNS, values, strict=True):
            counts[column] += n
    paths = sorted(tops)
    everything = policy.sees_everything(user)
    roots = set(tops) if everything else None
    rows = _due_soon_rows(_led_within(paths, roots), as_of) if paths else []
    if everything:
        rest = policy.visible_tasks(user, Task.objects.filter(lead_unit__isnull=True))
    else:
        rest = policy.visible_tasks(user).exclude(
            lead_unit_id__in=policy.scope_units(user).values("pk")
        )
    rows += _status_rows(rest, as_of)
    for _path, status, n, soon in rows:
        if status:
            counts[status] += n
        counts[DUE_SOON] += soon
    return _finish(counts)


def list_total(
    user: Any,
    chosen: TaskFilter,
    filtered: QuerySet[Task],
    *,
    counts: dict[str, int] | None = None,
) -> int:
    """How many tasks a task list filtered by ``chosen`` holds for ``user``: from the
    counters when the filter is a scope, a unit's subtree (as lead) and a status; counted by
    the database when other filters narrow it (by their indexes). ``counts``: the
    person's ``scope_counts`` when the caller has them already."""
    others = (
        chosen.due_from,
        chosen.due_to,
        chosen.document,
        chosen.is_key,
        chosen.is_breakthrough,
        chosen.counted,
        chosen.q,
    )
    key = chosen.status or "total"
    if any(v not in (None, "") for v in others):
        return filtered.count()
    if chosen.unit is None:
        return (counts or scope_counts(user, chosen.as_of))[key]
    if chosen.role == "lead":
        return unit_counts(user, chosen.as_of, [chosen.unit])[chosen.unit.pk][key]
    return filtered.count()
