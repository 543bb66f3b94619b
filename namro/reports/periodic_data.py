"""The figures of a unit's periodic report (báo cáo định kỳ) for a reporting period, as a
user may see them.

Everything is read as of the window's last day (the cut-off): the four figures the State
reports (done on time, done late, not done and within the deadline, not done and overdue) for
the unit's subtree and for each child unit's, from the same counters as the dashboard
(``insights.scope_counts.unit_counts``); the key and breakthrough tasks; the overdue tasks with
the explanation given by then; the extensions granted in the window; the recommendations
raised or still open in it; the indicators against their targets; and what falls due in the
next period. Lists stop at ``LIST_LIMIT`` rows (their totals are given), so the report costs a
fixed number of queries whatever the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from namro.access import policy
from namro.documents.models import Indicator, Measurement
from namro.insights.scope_counts import unit_counts
from namro.orgs.models import SEGMENT, Unit
from namro.oversight.answers import with_answer_status
from namro.oversight.models import Recommendation
from namro.oversight.review_data import IndicatorRow
from namro.tasks import rules, timeline
from namro.tasks.aggregation import count_by_status, with_status
from namro.tasks.models import ExplanationRequest, ExtensionRequest, ExtensionState, Task

from .periods import ReportPeriod

LIST_LIMIT = 200
"""Rows a list of the report holds at most; the report says how many there are in all."""

BUCKETS = ("done_on_time", "done_late", "in_progress", "overdue")
"""The four figures, in the order of the State's table: done (on time, late), not done
(within the deadline, overdue)."""


@dataclass(frozen=True)
class Buckets:
    """The four figures for one unit's subtree as of the cut-off."""

    unit_id: int
    name: str
    done_on_time: int = 0
    done_late: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def not_done(self) -> int:
        return self.in_progress + self.overdue

    @property
    def total(self) -> int:
        return self.done + self.not_done

    def rate(self, part: int) -> Decimal | None:
        """``part`` as a percentage of the total, to one decimal; None when there is none."""
        if not self.total:
            return None
        return round(Decimal(part) * 100 / self.total, 1)

    @property
    def on_time_rate(self) -> Decimal | None:
        """Done on time out of what has come due (done, and not done and overdue): the
        on-time rate of the dashboards (``timeline.on_time_rate``), as a percentage."""
        return timeline.on_time_percent(
            {
                "done_on_time": self.done_on_time,
                "done_late": self.done_late,
                "overdue": self.overdue,
            }
        )

    def to_json(self) -> dict[str, Any]:
        rate = self.on_time_rate
        return {
            "unit_id": self.unit_id,
            "name": self.name,
            **{b: getattr(self, b) for b in BUCKETS},
            "total": self.total,
            "on_time_rate": float(rate) if rate is not None else None,
        }


@dataclass(frozen=True)
class TaskRow:
    """A task of a list, its status as of the cut-off and, when overdue, how late it is and
    the latest explanation its lead unit gave by then."""

    task: Task
    status: str
    deadline: date | None
    days_late: int | None = None
    explanation: ExplanationRequest | None = None

    def to_json(self) -> dict[str, Any]:
        t = self.task
        found = self.explanation
        return {
            "id": t.pk,
            "action": t.action,
            "lead_unit": t.lead_unit.name if t.lead_unit else None,
            "owner": t.owner.full_name if t.owner else None,
            "is_key": t.is_key,
            "is_breakthrough": t.is_breakthrough,
            "status": self.status,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "days_late": self.days_late,
            "explanation": (
                {
                    "reason": found.reason,
                    "remedy": found.remedy,
                    "answered_on": str(found.answered_on),
                }
                if found
                else None
            ),
        }


@dataclass
class Listed:
    """The first ``LIST_LIMIT`` rows of a list and how many it holds in all."""

    rows: list[Any]
    total: int


@dataclass
class PeriodicReport:
    unit: Unit
    ancestors: list[Unit]
    """From the top of the tree down to the unit's parent."""
    period: ReportPeriod
    calendar: bool
    start: date
    end: date
    table: Buckets
    children: list[Buckets]
    ongoing: int
    assigned_in_window: int
    done_in_window: int
    key_tasks: Listed
    key_counts: dict[str, int]
    overdue: Listed
    extensions: Listed
    recommendations: Listed
    indicators: list[IndicatorRow]
    coming: Listed
    coming_window: tuple[date, date]
    notes: list[str] = field(default_factory=list)

    @property
    def superior(self) -> Unit | None:
        return self.ancestors[-1] if self.ancestors else None


def _buckets(pk: int, name: str, counts: dict[str, int]) -> Buckets:
    return Buckets(pk, name, **{b: counts.get(b, 0) for b in BUCKETS})


def _listed(qs: QuerySet[Any], make: Any, total: int | None = None) -> Listed:
    rows = list(qs[:LIST_LIMIT])
    if total is None:
        total = qs.order_by().count()
    return Listed([make(r) for r in rows], total)


def subtree_tasks(unit: Unit, user: Any) -> QuerySet[Task]:
    """The tasks ``user`` may see led within ``unit``'s subtree: the tasks the report counts."""
    return policy.visible_tasks(user, Task.objects.filter(unit.subtree_q("lead_unit__")))


def ancestors_of(unit: Unit, user: Any) -> list[Unit]:
    """The units above ``unit``, from the top of the tree down to its parent (one query)."""
    above = [unit.path[:i] for i in range(SEGMENT, len(unit.path), SEGMENT)]
    return list(policy.visible_units(user, Unit.objects.filter(path__in=above)).order_by("path"))


def periodic_report(
    unit: Unit, period: ReportPeriod, *, user: Any, calendar: bool = False
) -> PeriodicReport:
    """The figures of ``unit``'s report for ``period`` as ``user`` may see them; ``unit`` must
    be one the user may see (the caller looks it up through ``policy.visible_units``)."""
    start, end = period.window(calendar=calendar)
    ancestors = ancestors_of(unit, user)
    children = list(
        policy.visible_units(user, Unit.objects.filter(parent_id=unit.pk)).order_by("path")
    )
    counts = unit_counts(user, end, [unit, *children])
    tasks = subtree_tasks(unit, user)

    window = tasks.aggregate(
        assigned=Count("pk", filter=Q(assigned_on__gte=start, assigned_on__lte=end)),
        done=Count(
            "pk",
            filter=Q(claimed_on__gte=start, claimed_on__lte=end, confirmed_on__lte=end),
        ),
    )
    as_of = (
        with_status(tasks, end).exclude(status__isnull=True).select_related("lead_unit", "owner")
    )

    def row(t: Task) -> TaskRow:
        deadline = t.deadline_on or t.occurrence_due  # type: ignore[attr-defined]
        return TaskRow(t, t.status, deadline)  # type: ignore[attr-defined]

    key = tasks.filter(Q(is_key=True) | Q(is_breakthrough=True))
    key_counts = count_by_status(key, end)
    key_tasks = _listed(
        as_of.filter(Q(is_key=True) | Q(is_breakthrough=True))
        .exclude(status=rules.Status.CANCELLED.value)
        .order_by("-is_breakthrough", "lead_unit__path", "due_on", "pk"),
        row,
        total=sum(v for k, v in key_counts.items() if k not in ("due_soon", "cancelled")),
    )

    answered = ExplanationRequest.objects.filter(
        answered_on__isnull=False, answered_on__lte=end
    ).order_by("-answered_on", "-pk")

    def late(t: Task) -> TaskRow:
        found = t.answered  # type: ignore[attr-defined]
        deadline = t.deadline_on or t.occurrence_due  # type: ignore[attr-defined]
        days = (end - deadline).days if deadline else None
        return TaskRow(t, t.status, deadline, days, found[0] if found else None)  # type: ignore[attr-defined]

    table = _buckets(unit.pk, unit.name, counts[unit.pk])
    overdue = _listed(
        as_of.filter(status=rules.Status.OVERDUE.value)
        .prefetch_related(Prefetch("explanation_requests", queryset=answered, to_attr="answered"))
        .order_by("deadline_on", "lead_unit__path", "pk"),
        late,
        total=table.overdue,
    )

    extensions = _listed(
        policy.visible_extension_requests(
            user,
            ExtensionRequest.objects.filter(
                task__in=tasks.values("pk"),
                state=ExtensionState.GRANTED,
                decided_on__gte=start,
                decided_on__lte=end,
            ),
        )
        .select_related("task", "task__lead_unit")
        .order_by("decided_on", "pk"),
        lambda e: e,
    )

    in_subtree = Q(unit.subtree_q("raised_by__")) | Q(unit.subtree_q("responsible_unit__"))
    still_open = Q(raised_on__gte=start) | Q(answered_on__isnull=True) | Q(answered_on__gte=start)
    recommendations = _listed(
        with_answer_status(
            policy.visible_recommendations(
                user, Recommendation.objects.filter(in_subtree, still_open, raised_on__lte=end)
            ),
            end,
        )
        .select_related("raised_by", "responsible_unit")
        .order_by("raised_on", "pk"),
        lambda r: r,
    )

    latest = Measurement.objects.filter(measured_on__lte=end).order_by("-measured_on")
    indicators = [
        IndicatorRow(i, i.until_end[0] if i.until_end else None)  # type: ignore[attr-defined]
        for i in policy.visible_indicators(
            user,
            Indicator.objects.filter(
                Q(unit.subtree_q("lead_unit__")) | Q(unit.subtree_q("document__issuer__"))
            ),
        )
        .select_related("document")
        .prefetch_related(Prefetch("measurements", queryset=latest, to_attr="until_end"))
        .order_by("document__issued_on", "document_id", "id")[:LIST_LIMIT]
    ]

    next_start, next_end = period.following().window(calendar=calendar)
    coming = _listed(
        as_of.filter(
            status__in=[rules.Status.IN_PROGRESS.value, rules.Status.OVERDUE.value],
            deadline_on__gte=next_start,
            deadline_on__lte=next_end,
        ).order_by("deadline_on", "lead_unit__path", "pk"),
        row,
    )

    return PeriodicReport(
        unit=unit,
        ancestors=ancestors,
        period=period,
        calendar=calendar,
        start=start,
        end=end,
        table=table,
        children=[_buckets(c.pk, c.name, counts[c.pk]) for c in children],
        ongoing=counts[unit.pk].get("ongoing", 0),
        assigned_in_window=window["assigned"],
        done_in_window=window["done"],
        key_tasks=key_tasks,
        key_counts=key_counts,
        overdue=overdue,
        extensions=extensions,
        recommendations=recommendations,
        indicators=indicators,
        coming=coming,
        coming_window=(next_start, next_end),
    )
