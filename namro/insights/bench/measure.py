"""``namro bench dashboard``: the summary request against the naive full scan, same run."""

from __future__ import annotations

import json
import resource
import statistics
import time
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef
from django.test.utils import CaptureQueriesContext

from namro.orgs.models import Unit
from namro.tasks.aggregation import count_by_status
from namro.tasks.models import Task

from ..selectors import unit_summary


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary_request(unit_id: int, as_of: date) -> str:
    """What the page and the API do for the summary: the selector, then JSON out."""
    summary = unit_summary(unit_id, as_of)
    assert summary is not None
    return json.dumps(summary.to_json())


def spread_dates(n: int) -> list[date]:
    """``n`` as-of dates spread evenly over the range of the tasks' dates."""
    bounds = Task.objects.aggregate(first=Min("assigned_on"), last=Max("assigned_on"))
    first, last = bounds["first"], bounds["last"]
    if first is None:
        raise ValueError("no tasks: run `namro bench seed` first")
    span = (last - first).days
    return [first + timedelta(days=round(span * (i + 1) / (n + 1))) for i in range(n)]


def pick_units(leaves: int) -> tuple[Unit, list[Unit]]:
    """The root with the most units below it, and ``leaves`` leaf units that lead tasks."""
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        raise ValueError("no units: run `namro bench seed` first")
    childless = Unit.objects.filter(~Exists(Unit.objects.filter(parent=OuterRef("pk"))))
    leading = childless.filter(Exists(Task.objects.filter(lead_unit=OuterRef("pk"))))
    step = max(1, leading.count() // max(leaves, 1))
    ids = list(leading.order_by("path").values_list("pk", flat=True)[::step][:leaves])
    return root, list(Unit.objects.filter(pk__in=ids))


def run(*, dates: int = 8, repeat: int = 15, leaves: int = 8) -> dict[str, Any]:
    """Time the summary for the root and for leaves at ``dates`` dates and the full scan."""
    as_of_dates = spread_dates(dates)
    root, leaf_units = pick_units(leaves)
    summary_request(root.pk, as_of_dates[0])  # warm the connection and the caches
    count_by_status(Task.objects.all(), as_of_dates[0])
    with CaptureQueriesContext(connection) as captured:
        summary_request(root.pk, as_of_dates[-1])
    root_queries = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        summary_request(leaf_units[0].pk, as_of_dates[-1])
    leaf_queries = len(captured.captured_queries)
    scans, root_times, leaf_times = [], [], []
    per_date = []
    for i, as_of in enumerate(as_of_dates):
        started = time.perf_counter()
        counts = count_by_status(Task.objects.all(), as_of)
        scan = time.perf_counter() - started
        scans.append(scan)
        roots, lefts = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            summary_request(root.pk, as_of)
            roots.append(time.perf_counter() - started)
            leaf = leaf_units[(i + _) % len(leaf_units)]
            started = time.perf_counter()
            summary_request(leaf.pk, as_of)
            lefts.append(time.perf_counter() - started)
        root_times += roots
        leaf_times += lefts
        per_date.append(
            {
                "as_of": as_of.isoformat(),
                "scan_ms": _ms(scan),
                "root_p95_ms": _ms(_p95(roots)),
                "leaf_p95_ms": _ms(_p95(lefts)),
                "tasks_counted": sum(v for k, v in counts.items() if k != "due_soon"),
            }
        )
    scan_ms = _ms(statistics.median(scans))
    root_p95, leaf_p95 = _ms(_p95(root_times)), _ms(_p95(leaf_times))
    return {
        "database": connection.vendor,
        "units": Unit.objects.count(),
        "tasks": Task.objects.count(),
        "root_unit": root.name,
        "root_p50_ms": _ms(statistics.median(root_times)),
        "root_p95_ms": root_p95,
        "leaf_p50_ms": _ms(statistics.median(leaf_times)),
        "leaf_p95_ms": leaf_p95,
        "scan_ms": scan_ms,
        "root_ratio": round(root_p95 / scan_ms, 5) if scan_ms else None,
        "leaf_ratio": round(leaf_p95 / scan_ms, 5) if scan_ms else None,
        "queries_per_request": max(root_queries, leaf_queries),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "samples_per_unit_kind": len(root_times),
        "dates": per_date,
    }
