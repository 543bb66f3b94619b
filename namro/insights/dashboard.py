"""Everything the unit dashboard shows, read in a fixed number of queries whatever the size
of the tree: the summary, the monthly series, overdue and key tasks, documents, indicators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from namro.access import policy
from namro.core.formats import number
from namro.documents.models import Document, Indicator, Measurement
from namro.orgs.models import Unit
from namro.tasks.aggregation import with_status
from namro.tasks.models import Task
from namro.tasks.selectors import first_by_deadline, led_within
from namro.tasks.tally import COLUMNS

from .selectors import Summary, month_starts, monthly_counts, unit_summary

LIST_LIMIT = 20
MONTHS = 12


def task_list_url(**params: Any) -> str:
    """The task list page behind a number, with the shared task filter's parameters
    (``tasks.filters``)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    base = reverse("tasks:list")
    return f"{base}?{query}" if query else base


@dataclass
class Dashboard:
    unit: Unit
    as_of: date
    summary: Summary
    months: list[date]
    trend: list[dict[str, int]]
    heatmap: list[dict[str, Any]]
    overdue: list[Task] = field(default_factory=list)
    key_tasks: list[Task] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    def link(self, unit_id: int | None = None, **params: Any) -> str:
        return task_list_url(
            unit=unit_id or self.unit.pk, role="lead", as_of=self.as_of.isoformat(), **params
        )


def _trend(series: list[list[int]]) -> list[dict[str, int]]:
    """Overdue at each month's end; done on time and done late during the month (net of
    corrections, never below zero: a count of completions)."""
    i_od, i_ot, i_lt = (COLUMNS.index(c) for c in ("overdue", "done_on_time", "done_late"))
    result = []
    previous = None
    for counts in series:
        result.append(
            {
                "overdue": counts[i_od],
                "done_on_time": max(
                    0, counts[i_ot] - (previous[i_ot] if previous else counts[i_ot])
                ),
                "done_late": max(0, counts[i_lt] - (previous[i_lt] if previous else counts[i_lt])),
            }
        )
        previous = counts
    return result


def unit_dashboard(unit: Unit, as_of: date, *, user: Any) -> Dashboard | None:
    """The dashboard of ``unit`` as of ``as_of`` for ``user``; None when out of scope."""
    summary = unit_summary(unit.pk, as_of, user=user)
    if summary is None:
        return None
    ids = [summary.unit.unit_id, *(c.unit_id for c in summary.children)]
    # One month more than shown, so the first month's completions have a baseline.
    series = monthly_counts(ids, as_of, MONTHS + 1)
    months = month_starts(as_of, MONTHS)
    own = series.get(unit.pk, [])
    trend = _trend(own)[1:]
    i_od = COLUMNS.index("overdue")
    heatmap = [
        {"unit_id": c.unit_id, "name": c.name, "overdue": [m[i_od] for m in series[c.unit_id][1:]]}
        for c in summary.children
    ]
    in_subtree = policy.visible_tasks(user, Task.objects.filter(led_within(unit)))
    overdue = first_by_deadline(
        in_subtree.select_related("lead_unit", "owner", "document"),
        as_of,
        LIST_LIMIT,
        overdue=True,
    )
    for task in overdue:
        task.days_late = (as_of - task.deadline_on).days  # type: ignore[attr-defined]
    key_tasks = first_by_deadline(
        in_subtree.filter(Q(is_key=True) | Q(is_breakthrough=True)).select_related(
            "lead_unit", "owner"
        ),
        as_of,
        LIST_LIMIT,
    )
    docs = list(
        policy.visible_documents(
            user,
            Document.objects.filter(
                Q(issuer=unit) | Q(pk__in=Task.objects.filter(lead_unit=unit).values("document"))
            ),
        )
        .filter(issued_on__lte=as_of)
        .select_related("issuer")
        .order_by("-issued_on", "-pk")[:LIST_LIMIT]
    )
    rows = (
        with_status(Task.objects.filter(document__in=[d.pk for d in docs]), as_of)
        .exclude(status__isnull=True)
        .values("document_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_doc: dict[int, dict[str, int]] = {}
    for row in rows:
        per_doc.setdefault(row["document_id"], dict.fromkeys(COLUMNS, 0))[row["status"]] = row["n"]
    documents = []
    for doc in docs:
        counts = per_doc.get(doc.pk, dict.fromkeys(COLUMNS, 0))
        total = sum(counts.values())
        done = counts["done_on_time"] + counts["done_late"]
        documents.append(
            {
                "document": doc,
                "issued": doc.issuer_id == unit.pk,
                "counts": counts,
                "total": total,
                "done": done,
                "percent": round(100 * done / total) if total else 0,
            }
        )
    latest = Measurement.objects.filter(indicator=OuterRef("pk"), measured_on__lte=as_of).order_by(
        "-measured_on", "-pk"
    )
    indicators = list(
        policy.visible_indicators(
            user,
            Indicator.objects.filter(Q(document__issuer=unit) | Q(lead_unit=unit)),
        )
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
        )
        .select_related("document")
        .order_by("pk")[:LIST_LIMIT]
    )
    for ind in indicators:
        value = ind.latest_value  # type: ignore[attr-defined]
        ind.percent = (  # type: ignore[attr-defined]
            round(100 * float(value) / float(ind.target))
            if value is not None and ind.target
            else None
        )
    return Dashboard(
        unit=unit,
        as_of=as_of,
        summary=summary,
        months=months,
        trend=trend,
        heatmap=heatmap,
        overdue=overdue,
        key_tasks=key_tasks,
        documents=documents,
        indicators=indicators,
    )


# --- what each chart says, in words -----------------------------------------------------------

TOP_NAMED = 3  # units a chart's summary names


def _change(now: int, before: int) -> str:
    if now > before:
        return _("tăng %(n)s") % {"n": number(now - before)}
    if now < before:
        return _("giảm %(n)s") % {"n": number(before - now)}
    return _("không đổi")


def _when(as_of: date) -> str:
    """ "Cuối tháng 11/2026" for a month's last day, "Ngày 04/12/2026" within a month."""
    if (as_of + timedelta(days=1)).day == 1:
        return _("Cuối tháng %(month)s") % {"month": f"{as_of:%m/%Y}"}
    return _("Ngày %(day)s") % {"day": f"{as_of:%d/%m/%Y}"}


def chart_summaries(
    children: Sequence[Any], as_of: date, trend: Sequence[dict[str, int]],
    heatmap: Sequence[dict[str, Any]],
) -> dict[str, str]:  # fmt: skip
    """One sentence per chart saying what it shows (the units with the most overdue tasks,
    the last point of the trend against the month's end before, the units most overdue on
    that day), for a reader who cannot see the chart, and for one who has no time to read
    it. ``children`` are the child units' counts, the most overdue first; the trend's and the
    heatmap's last point is ``as_of``."""
    said: dict[str, str] = {}
    when = _when(as_of)
    worst = [c for c in children if c.overdue][:TOP_NAMED]
    if worst:
        said["children"] = _("Nhiều nhiệm vụ quá hạn nhất: %(units)s.") % {
            "units": "; ".join(f"{c.name} ({number(c.overdue)})" for c in worst)
        }
    elif children:
        said["children"] = _("Không đơn vị trực thuộc nào có nhiệm vụ quá hạn.")
    if trend:
        last = trend[-1]
        before = trend[-2]["overdue"] if len(trend) > 1 else last["overdue"]
        said["trend"] = _(
            "%(when)s: %(overdue)s nhiệm vụ quá hạn (%(change)s so với cuối tháng trước); "
            "trong tháng hoàn thành đúng hạn %(on_time)s, hoàn thành quá hạn %(late)s."
        ) % {
            "when": when,
            "overdue": number(last["overdue"]),
            "change": _change(last["overdue"], before),
            "on_time": number(last["done_on_time"]),
            "late": number(last["done_late"]),
        }
    at_end = sorted(
        (r for r in heatmap if r["overdue"] and r["overdue"][-1]),
        key=lambda r: (-r["overdue"][-1], r["name"]),
    )
    if at_end:
        said["heatmap"] = _("%(when)s, quá hạn nhiều nhất: %(units)s.") % {
            "when": when,
            "units": "; ".join(
                f"{r['name']} ({number(r['overdue'][-1])})" for r in at_end[:TOP_NAMED]
            ),
        }
    elif heatmap:
        said["heatmap"] = _("%(when)s, không đơn vị nào có nhiệm vụ quá hạn.") % {"when": when}
    return said
