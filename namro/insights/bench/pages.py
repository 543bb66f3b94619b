"""``namro bench pages``: every page and API list a person opens, timed as users of each scope.

Each request goes through Django's test client (the whole middleware stack, templates, the
session of a logged-in tracker), against the database in use. Per page: p50/p95 of
``repeat`` timed requests after one warm-up, the SQL queries and bytes of one more request,
the peak of memory allocated by Python during that request (tracemalloc) and the growth of
the process's maximum resident set over all of them, and the ratio p95 ÷ one plain full
scan of the task table measured in the same run (``count_by_status`` over every task).

A page that crashes or does not answer 200 is reported with its status and error, not
retried and not hidden.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import timezone

from namro.access import policy
from namro.documents.models import Document
from namro.orgs.models import Unit
from namro.oversight.models import Review
from namro.tasks.aggregation import count_by_status
from namro.tasks.models import Task

from .scopes import Scope, scope_users

BUDGET_MB = 50
OPTIONAL_URLS = {"inbox": "/viec-can-xu-ly/"}


@dataclass
class Target:
    name: str
    url: str


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _resolves(url: str) -> bool:
    try:
        resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    return True


def _search_word() -> str:
    """A word of the first task's action, long enough to be a real search."""
    action = Task.objects.order_by("pk").values_list("action", flat=True).first() or ""
    words = [w for w in action.split() if len(w) >= 4]
    return words[1] if len(words) > 1 else (words[0] if words else "kế hoạch")


def _period(today: date) -> dict[str, tuple[int, int]]:
    """The last complete month, quarter and year."""
    month_end = today.replace(day=1) - timedelta(days=1)
    quarter = (today.month - 1) // 3
    q_year, q_number = (today.year, quarter) if quarter else (today.year - 1, 4)
    return {
        "month": (month_end.year, month_end.month),
        "quarter": (q_year, q_number),
        "year": (today.year - 1, 1),
    }


def targets(scope: Scope, *, skipped: list[dict[str, str]]) -> list[Target]:
    """The pages and API lists a user of ``scope`` opens, with real ids from the database."""
    user, unit = scope.user, scope.unit
    today = timezone.localdate()
    bounds = Task.objects.aggregate(first=Min("assigned_on"), last=Max("assigned_on"))
    first = bounds["first"] or today
    past = [today - timedelta(days=365), first + (today - first) / 2]
    child = policy.visible_units(user).filter(parent=unit).order_by("path").first() or unit
    task = policy.visible_tasks(user).filter(lead_unit=unit).order_by("-pk").first() or (
        policy.visible_tasks(user).order_by("-pk").first()
    )
    document = (
        Document.objects.filter(issuer=unit).annotate(n=Count("tasks")).order_by("-n", "pk").first()
    ) or policy.visible_documents(user).order_by("-pk").first()
    word = _search_word()
    periods = _period(today)
    u = unit.pk
    pages = [
        Target("home", "/"),
        Target("unit", f"/don-vi/{u}/"),
        Target("dashboard", f"/tong-hop/don-vi/{u}/"),
        *[
            Target(f"dashboard as of {d.isoformat()}", f"/tong-hop/don-vi/{u}/?as_of={d}")
            for d in past
        ],
        Target("tasks", "/nhiem-vu/"),
        Target("tasks overdue", "/nhiem-vu/?status=overdue"),
        Target("tasks due soon", "/nhiem-vu/?status=due_soon"),
        Target("tasks in progress", "/nhiem-vu/?status=in_progress"),
        Target("tasks of a child unit", f"/nhiem-vu/?unit={child.pk}"),
        Target("tasks led by a child unit", f"/nhiem-vu/?unit={child.pk}&role=lead"),
        Target(
            "tasks due this month", f"/nhiem-vu/?due_from={today.replace(day=1)}&due_to={today}"
        ),
        Target("tasks key", "/nhiem-vu/?is_key=true"),
        Target("tasks text", f"/nhiem-vu/?q={word}"),
        Target("tasks page 5", "/nhiem-vu/?page=5"),
        *[
            Target(
                f"evaluation {kind}",
                f"/tong-hop/danh-gia/don-vi/{u}/?kind={kind}&year={y}&number={n}",
            )
            for kind, (y, n) in periods.items()
        ],
        Target("visits", "/giam-sat/"),
        Target("recommendations", "/giam-sat/kien-nghi/"),
        Target("reviews", "/giam-sat/so-ket/"),
        Target("programmes", "/chuong-trinh/"),
        Target("search", f"/tim-kiem/?q={word}"),
        Target("search tasks", f"/tim-kiem/?q={word}&kind=task"),
        Target("fast entry", "/van-ban/nhap-nhanh/"),
    ]
    if task is not None:
        pages.append(Target("task", f"/nhiem-vu/{task.pk}/"))
    if document is not None:
        pages.append(Target("document", f"/van-ban/{document.pk}/"))
        pages.append(Target("coverage", f"/giam-sat/bao-phu/{document.pk}/"))
    for name, url in OPTIONAL_URLS.items():
        if _resolves(url):
            pages.append(Target(name, url))
        else:
            skipped.append({"name": name, "url": url, "why": "URL does not resolve"})
    review = Review.objects.order_by("-pk").first()
    if review is not None:
        pages.append(Target("review", f"/giam-sat/so-ket/{review.pk}/"))
        pages.append(Target("review report", f"/bao-cao/so-ket/{review.pk}/tai-ve.docx"))
    else:
        skipped.append({"name": "review report", "url": "/bao-cao/so-ket/<id>/tai-ve.docx",
                        "why": "no review in the database"})  # fmt: skip
    y, n = periods["quarter"]
    pages += [
        Target("api tasks", "/api/v1/tasks?limit=50"),
        Target("api tasks overdue", "/api/v1/tasks?status=overdue&limit=50"),
        Target("api tasks of a child unit", f"/api/v1/tasks?unit={child.pk}&limit=50"),
        Target("api summary", f"/api/v1/insights/units/{u}/summary"),
        Target("api summary as of", f"/api/v1/insights/units/{u}/summary?as_of={past[0]}"),
        Target(
            "api evaluation quarter",
            f"/api/v1/insights/units/{u}/evaluation?kind=quarter&year={y}&number={n}",
        ),
        Target("api units", "/api/v1/units"),
        Target("api documents", "/api/v1/documents"),
        Target("api extension requests", "/api/v1/extension-requests"),
        Target("api visits", "/api/v1/visits"),
        Target("api recommendations", "/api/v1/recommendations"),
        Target("api programmes", "/api/v1/programs"),
    ]
    return pages


def _body_size(response: Any) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def _get(client: Client, url: str) -> tuple[int, int]:
    response = client.get(url)
    return response.status_code, _body_size(response)


def measure_page(client: Client, target: Target, scope: str, repeat: int, scan_ms: float) -> dict:
    row: dict[str, Any] = {"name": target.name, "url": target.url, "scope": scope}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        status, size = _get(client, target.url)  # warm-up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            _get(client, target.url)
            times.append(time.perf_counter() - started)
        tracemalloc.start()
        with CaptureQueriesContext(connection) as captured:
            status, size = _get(client, target.url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    except Exception as exc:  # a crashing page is a finding: report it and go on
        if tracemalloc.is_tracing():
            tracemalloc.stop()
        row.update(status=500, error=f"{type(exc).__name__}: {exc}"[:300])
        row.update(p50_ms=None, p95_ms=None, queries=None, bytes=None, ratio=None)
        return row
    p95 = _ms(percentile(times, 95))
    row.update(
        status=status,
        p50_ms=_ms(statistics.median(times)),
        p95_ms=p95,
        queries=len(captured.captured_queries),
        bytes=size,
        ratio=round(p95 / scan_ms, 4) if scan_ms else None,
        peak_mb=round(peak / 2**20, 2),
        rss_growth_mb=round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1
        ),
    )
    row["over_budget"] = row["peak_mb"] > BUDGET_MB
    return row


def scan_ms(samples: int = 3) -> float:
    """One plain full scan: every task counted by status as of today, the median of a few."""
    today = timezone.localdate()
    count_by_status(Task.objects.all(), today)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        count_by_status(Task.objects.all(), today)
        times.append(time.perf_counter() - started)
    return _ms(statistics.median(times))


def run(
    *,
    repeat: int = 10,
    only: list[str] | None = None,
    scopes: list[str] | None = None,
    progress: Callable[[dict], None] | None = None,
) -> dict[str, Any]:
    scan = scan_ms()
    skipped: list[dict[str, str]] = []
    rows = []
    for scope in scope_users():
        if scopes and scope.name not in scopes:
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(scope.user)
        for target in _chosen(targets(scope, skipped=skipped), only):
            row = measure_page(client, target, scope.name, repeat, scan)
            rows.append(row)
            if progress is not None:
                progress(row)
    unique_skipped = list({s["name"]: s for s in skipped}.values())
    return {
        "database": connection.vendor,
        "units": Unit.objects.count(),
        "tasks": Task.objects.count(),
        "repeat": repeat,
        "scan_ms": scan,
        "budget_mb": BUDGET_MB,
        "pages": rows,
        "skipped": unique_skipped,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _chosen(items: list[Target], only: list[str] | None) -> Iterator[Target]:
    for target in items:
        if not only or any(o == target.name or target.name.startswith(o + " ") for o in only):
            yield target
