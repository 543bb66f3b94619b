"""Evaluation by results for a unit's subtree or a person over a period, and the ranking of
sibling units: the tasks due in the period as they stood at its end, scored by ``scoring``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from namro.access import policy
from namro.orgs.models import SEGMENT, Person, Unit
from namro.tasks import rules
from namro.tasks.aggregation import with_status
from namro.tasks.models import Task, TaskUpdate, UpdateKind

from . import scoring

OUTCOMES = {
    "done_on_time": scoring.Outcome.DONE_ON_TIME,
    "done_late": scoring.Outcome.DONE_LATE,
}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int

    @property
    def bounds(self) -> tuple[date, date]:
        return scoring.period_bounds(self.kind, self.year, self.number)


def products(
    qs: QuerySet[Task], start: date, end: date, count_against: rules.CountAgainst
) -> list[tuple[scoring.Product, str]]:
    """(product, lead unit path) for the one-off tasks of ``qs`` whose counted deadline falls
    in [start, end], as they stood on ``end``; two queries. Cancelled tasks do not count; a
    task not completed by ``end`` counts as not completed."""
    rows = list(
        with_status(qs.filter(recurrence="none"), end, count_against=count_against)
        .filter(deadline_on__gte=start, deadline_on__lte=end)
        .exclude(status__isnull=True)
        .exclude(status=rules.Status.CANCELLED.value)
        .values_list("pk", "deadline_on", "status", "claimed_on", "lead_unit__path")
    )
    sent_back = dict(
        TaskUpdate.objects.filter(
            task_id__in=[r[0] for r in rows], kind=UpdateKind.SEND_BACK, on__lte=end
        )
        .values("task_id")
        .annotate(n=Count("pk"))
        .values_list("task_id", "n")
        .order_by()
    )
    result = []
    for pk, deadline, status, claimed_on, path in rows:
        outcome = OUTCOMES.get(status, scoring.Outcome.OVERDUE)
        done_on = claimed_on if outcome is not scoring.Outcome.OVERDUE else None
        product = scoring.Product(pk, deadline, outcome, sent_back.get(pk, 0), done_on)
        result.append((product, path or ""))
    return result


def evaluate_unit(
    unit: Unit,
    period: Period,
    *,
    user: Any,
    count_against: rules.CountAgainst = rules.CountAgainst.CURRENT,
    weights: scoring.Weights | None = None,
    thresholds: scoring.Thresholds | None = None,
) -> scoring.Evaluation:
    start, end = period.bounds
    qs = policy.visible_tasks(user, Task.objects.filter(unit.subtree_q("lead_unit__")))
    found = [p for p, _path in products(qs, start, end, count_against)]
    return scoring.evaluate(found, weights, thresholds)


def evaluate_person(
    person: Person,
    period: Period,
    *,
    user: Any,
    count_against: rules.CountAgainst = rules.CountAgainst.CURRENT,
) -> scoring.Evaluation:
    start, end = period.bounds
    qs = policy.visible_tasks(user, Task.objects.filter(owner=person))
    return scoring.evaluate([p for p, _ in products(qs, start, end, count_against)])


def sibling_ranking(
    unit: Unit,
    period: Period,
    *,
    user: Any,
    count_against: rules.CountAgainst = rules.CountAgainst.CURRENT,
) -> list[dict[str, Any]]:
    """The unit and its sibling units (in the user's scope), best score first."""
    siblings = list(
        policy.visible_units(
            user,
            Unit.objects.filter(parent_id=unit.parent_id)
            if unit.parent_id
            else Unit.objects.filter(pk=unit.pk),
        ).order_by("path")
    )
    start, end = period.bounds
    if unit.parent_id:
        area = Unit(path=unit.path[:-SEGMENT]).subtree_q("lead_unit__")
    else:
        area = unit.subtree_q("lead_unit__")
    qs = policy.visible_tasks(user, Task.objects.filter(area))
    by_sibling: dict[int, list[scoring.Product]] = defaultdict(list)
    prefixes = {s.path: s.pk for s in siblings}
    width = len(unit.path)
    for product, path in products(qs, start, end, count_against):
        owner = prefixes.get(path[:width])
        if owner is not None:
            by_sibling[owner].append(product)
    evaluations = {s.pk: scoring.evaluate(by_sibling[s.pk]) for s in siblings}
    names = {s.pk: s.name for s in siblings}
    return [
        {"unit_id": pk, "name": names[pk], "rank": place, "evaluation": evaluations[pk]}
        for pk, place, _score in scoring.rank({pk: e.score for pk, e in evaluations.items()})
    ]
