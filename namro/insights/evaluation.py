"""Evaluation by results for a unit's subtree or a person over a period, and the ranking of
sibling units: the tasks due in the period as they stood at its end, scored by ``scoring``."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from namro.access import policy
from namro.documents.clock import entry_clock
from namro.documents.models import Document
from namro.orgs.models import SEGMENT, Person, Unit
from namro.tasks import rules
from namro.tasks.aggregation import with_status
from namro.tasks.models import ExplanationRequest, Task, TaskOccurrence, TaskUpdate, UpdateKind

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
    """(product, lead unit path) for what ``qs`` had due in [start, end], as it stood on
    ``end``; four queries. A one-off task counts when its counted deadline falls in the
    period; a periodic task counts once per occurrence whose deadline (its period's last day)
    falls in the period (``status_cases.json``, "periodic"). Cancelled tasks do not count, nor
    the occurrences due on or after the cancellation; what was not completed by ``end``
    counts as not completed."""
    rows = list(
        with_status(qs.filter(recurrence=rules.Recurrence.NONE), end, count_against=count_against)
        .filter(deadline_on__gte=start, deadline_on__lte=end)
        .exclude(status__isnull=True)
        .exclude(status=rules.Status.CANCELLED.value)
        .values_list("pk", "deadline_on", "status", "claimed_on", "lead_unit__path")
    )
    periodic = list(
        qs.filter(recurrence__in=[r.value for r in rules.PERIODIC], assigned_on__lte=end)
        .filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=start))
        .select_related("lead_unit")
        .only("pk", "recurrence", "assigned_on", "cancelled_on", "lead_unit__path")
        .prefetch_related(
            Prefetch(
                "occurrences",
                queryset=TaskOccurrence.objects.filter(due_on__gte=start, due_on__lte=end),
            )
        )
    )
    sent_back: Counter[tuple[int, date | None]] = Counter()
    recurrence_of = {t.pk: rules.Recurrence(t.recurrence) for t in periodic}
    for task_id, changes in TaskUpdate.objects.filter(
        task_id__in=[r[0] for r in rows] + list(recurrence_of),
        kind=UpdateKind.SEND_BACK,
        on__lte=end,
    ).values_list("task_id", "changes"):
        sent_back[(task_id, _occurrence_of(recurrence_of.get(task_id), changes))] += 1
    result = []
    for pk, deadline, status, claimed_on, path in rows:
        outcome = OUTCOMES.get(status, scoring.Outcome.OVERDUE)
        done_on = claimed_on if outcome is not scoring.Outcome.OVERDUE else None
        product = scoring.Product(pk, deadline, outcome, sent_back.get((pk, None), 0), done_on)
        result.append((product, path or ""))
    for task in periodic:
        done = {o.due_on: o for o in task.occurrences.all()}
        first = max(start, task.assigned_on)
        for due in rules.occurrence_deadlines(rules.Recurrence(task.recurrence), first, end):
            if task.cancelled_on is not None and due >= task.cancelled_on:
                continue
            occurrence = done.get(due)
            completed = (
                occurrence is not None
                and occurrence.claimed_on is not None
                and occurrence.confirmed_on is not None
                and occurrence.confirmed_on <= end
            )
            if completed:
                assert occurrence is not None and occurrence.claimed_on is not None
                on_time = occurrence.claimed_on <= due
                outcome = scoring.Outcome.DONE_ON_TIME if on_time else scoring.Outcome.DONE_LATE
                done_on = occurrence.claimed_on
            else:
                outcome, done_on = scoring.Outcome.OVERDUE, None
            product = scoring.Product(
                task.pk, due, outcome, sent_back.get((task.pk, due), 0), done_on
            )
            result.append((product, task.lead_unit.path if task.lead_unit else ""))
    return result


def _occurrence_of(recurrence: rules.Recurrence | None, changes: Any) -> date | None:
    """The occurrence (its deadline) a sent-back completion was for: the period of the claim
    it refused; None for a one-off task."""
    claimed = (changes or {}).get("claimed_on") if recurrence is not None else None
    if not claimed:
        return None
    return rules.period_bounds(recurrence, date.fromisoformat(claimed))[1]


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


# --- discipline: the entry clock and requests for explanation --------------------------------


@dataclass(frozen=True)
class LateEntry:
    """A document of the unit received in the period whose tasks were entered late (or are
    still waiting past their entry deadline)."""

    document_id: int
    number: str
    title: str
    received_on: date
    due_on: date
    entered_on: date | None
    days_late: int


@dataclass(frozen=True)
class Discipline:
    """What the evaluation lists beside the score: late entry and explanations asked of the
    unit. Shown, not scored (``scoring`` weighs only the tasks due)."""

    received: int
    late_entries: list[LateEntry]
    explanations_asked: int
    explanations_answered: int
    explanations_accepted: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "late_entries": [vars(e) for e in self.late_entries],
            "late_entry_count": len(self.late_entries),
            "explanations_asked": self.explanations_asked,
            "explanations_answered": self.explanations_answered,
            "explanations_accepted": self.explanations_accepted,
        }


def discipline(unit: Unit, period: Period, *, user: Any, today: date | None = None) -> Discipline:
    """For ``unit``'s subtree over ``period``: the documents it issued or keeps that arrived in
    the period and were entered late (the entry clock, in working days, as of the period's end
    or ``today`` if sooner), and the requests for explanation its tasks received in the period,
    by where they stand. Three queries."""
    start, end = period.bounds
    as_of = min(end, today) if today is not None else end
    documents = list(
        policy.visible_documents(
            user,
            Document.objects.filter(
                unit.subtree_q("issuer__"), received_on__gte=start, received_on__lte=end
            ),
        )
        .annotate(task_count=Count("tasks", filter=Q(tasks__parent__isnull=True)))
        .order_by("received_on", "pk")
        .values("pk", "number", "title", "received_on", "tasks_entered_on", "task_count")
    )
    late = []
    for d in documents:
        entered = d["tasks_entered_on"]
        if entered is not None and entered > as_of:
            entered = None  # entered after the period: still waiting at its end
        clock = entry_clock(d["received_on"], entered, d["task_count"], as_of)
        if clock is not None and clock.late:
            late.append(
                LateEntry(
                    d["pk"],
                    d["number"],
                    d["title"],
                    clock.received_on,
                    clock.due_on,
                    clock.entered_on,
                    clock.days_late,
                )
            )
    requests = policy.visible_explanation_requests(
        user,
        ExplanationRequest.objects.filter(
            unit.subtree_q("task__lead_unit__"), asked_on__gte=start, asked_on__lte=end
        ),
    ).aggregate(
        asked=Count("pk"),
        answered=Count("pk", filter=Q(answered_on__isnull=False, answered_on__lte=end)),
        accepted=Count("pk", filter=Q(closed_on__isnull=False, closed_on__lte=end)),
    )
    return Discipline(
        received=len(documents),
        late_entries=late,
        explanations_asked=requests["asked"],
        explanations_answered=requests["answered"],
        explanations_accepted=requests["accepted"],
    )
