"""Evaluation by results for a unit's subtree or a person over a period, and the ranking of
sibling units: the tasks due in the period as they stood at its end, scored by ``scoring``."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, DateField, F, JSONField, Q, QuerySet, Value

from namro.access import policy
from namro.documents.clock import entry_clock
from namro.documents.models import Document
from namro.orgs.models import SEGMENT, Person, Position, Unit
from namro.tasks import rules
from namro.tasks.aggregation import with_status
from namro.tasks.models import (
    RECURRING,
    ExplanationRequest,
    Task,
    TaskOccurrence,
    TaskUpdate,
    UpdateKind,
)

from . import scoring
from .models import Waiver

# Up to this many tasks, their occurrences and sendings back are read by task id.
FEW = 2000

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
    qs: QuerySet[Task],
    start: date,
    end: date,
    count_against: rules.CountAgainst,
    group: str = "lead_unit__path",
) -> list[tuple[scoring.Product, Any]]:
    """(product, lead unit path) for what ``qs`` had due in [start, end], as it stood on
    ``end`` (``group`` names another field of the task to give in place of the path, e.g.
    ``owner_id``); five queries. A one-off task counts when its counted deadline falls in the
    period; a periodic task counts once per occurrence whose deadline (its period's last day)
    falls in the period (``status_cases.json``, "periodic"). Cancelled tasks do not count, nor
    the occurrences due on or after the cancellation; what was not completed by ``end``
    counts as not completed. A product with a waiver (``Waiver``, whenever recorded) is
    marked waived."""
    one_off = qs.filter(recurrence=rules.Recurrence.NONE).order_by()
    # The deadline in force on ``end`` is ``due_on`` except for the few tasks extended after
    # ``end``: two reads, each through its index (the lead unit's deadlines, the partial
    # index of extensions), instead of one whose OR would walk the whole subtree.
    if count_against is rules.CountAgainst.CURRENT:
        parts = [
            one_off.filter(due_on__gte=start, due_on__lte=end),
            one_off.filter(extended_on__gt=end).exclude(due_on__gte=start, due_on__lte=end),
        ]
    else:
        parts = [one_off]
    rows = [
        row
        for part in parts
        for row in with_status(part, end, count_against=count_against)
        .filter(deadline_on__gte=start, deadline_on__lte=end)
        .exclude(status__isnull=True)
        .exclude(status=rules.Status.CANCELLED.value)
        .values_list("pk", "deadline_on", "status", "claimed_on", group)
    ]
    periodic_qs = qs.filter(
        RECURRING,
        Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=start),
        recurrence__in=[r.value for r in rules.PERIODIC],
        assigned_on__lte=end,
    ).order_by()
    periodic = list(
        periodic_qs.values_list("pk", "recurrence", "assigned_on", "cancelled_on", group)
    )
    done: dict[int, dict[date, tuple[date | None, date | None]]] = defaultdict(dict)
    recurrence_of = {pk: rules.Recurrence(recurrence) for pk, recurrence, *_rest in periodic}
    # Occurrences due in the period are few beside the tasks (a handful per periodic task):
    # a small subtree names its tasks; a large one reads them through their date index and
    # keeps those of the tasks counted, rather than send thousands of ids.
    occurrences = TaskOccurrence.objects.filter(due_on__gte=start, due_on__lte=end)
    if len(recurrence_of) <= FEW:
        occurrences = occurrences.filter(task_id__in=list(recurrence_of))
    for task_id, due_on, claimed_on, confirmed_on in occurrences.values_list(
        "task_id", "due_on", "claimed_on", "confirmed_on"
    ):
        if task_id in recurrence_of:
            done[task_id][due_on] = (claimed_on, confirmed_on)
    # Sendings back are few beside the tasks, and waivers fewer still: the same choice,
    # through their indexes (the partial one of sendings back, the waiver's task), in one
    # read of both (a sending back's changes, or a waiver's occurrence).
    counted = {r[0] for r in rows} | recurrence_of.keys()
    sent_back: Counter[tuple[int, date | None]] = Counter()
    waived: set[tuple[int, date | None]] = set()
    sendings = TaskUpdate.objects.filter(kind=UpdateKind.SEND_BACK, on__lte=end).order_by()
    waivers = Waiver.objects.order_by()
    if len(counted) <= FEW:
        sendings = sendings.filter(task_id__in=list(counted))
        waivers = waivers.filter(task_id__in=list(counted))
    marks = sendings.annotate(
        occurrence=Value(None, output_field=DateField()), waiver=Value(False)
    ).values_list("task_id", "changes", "occurrence", "waiver")
    marks = marks.union(
        waivers.annotate(
            no_changes=Value(None, output_field=JSONField()),
            occurrence=F("occurrence_due_on"),
            waiver=Value(True),
        ).values_list("task_id", "no_changes", "occurrence", "waiver"),
        all=True,
    )
    for task_id, changes, occurrence, is_waiver in marks:
        if task_id not in counted:
            continue
        if is_waiver:
            waived.add((task_id, occurrence))
        else:
            sent_back[(task_id, _occurrence_of(recurrence_of.get(task_id), changes))] += 1
    empty = "" if group == "lead_unit__path" else None
    result = []
    for pk, deadline, status, claimed_on, path in rows:
        outcome = OUTCOMES.get(status, scoring.Outcome.OVERDUE)
        done_on = claimed_on if outcome is not scoring.Outcome.OVERDUE else None
        product = scoring.Product(
            pk, deadline, outcome, sent_back.get((pk, None), 0), done_on, (pk, None) in waived
        )
        result.append((product, path or empty))
    for pk, _recurrence, assigned_on, cancelled_on, path in periodic:
        occurrences = done.get(pk, {})
        first = max(start, assigned_on)
        for due in rules.occurrence_deadlines(recurrence_of[pk], first, end):
            if cancelled_on is not None and due >= cancelled_on:
                continue
            claimed, confirmed = occurrences.get(due, (None, None))
            if claimed is not None and confirmed is not None and confirmed <= end:
                on_time = claimed <= due
                outcome = scoring.Outcome.DONE_ON_TIME if on_time else scoring.Outcome.DONE_LATE
                done_on: date | None = claimed
            else:
                outcome, done_on = scoring.Outcome.OVERDUE, None
            product = scoring.Product(
                pk, due, outcome, sent_back.get((pk, due), 0), done_on, (pk, due) in waived
            )
            result.append((product, path or empty))
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


@dataclass(frozen=True)
class TreeEvaluation:
    """A unit's evaluation and, from the same reading, that of each child unit in the
    viewer's scope (best score first): the page drills down one level at a time instead of
    listing the whole tree."""

    evaluation: scoring.Evaluation
    children: list[dict[str, Any]]


def evaluate_tree(
    unit: Unit,
    period: Period,
    *,
    user: Any,
    count_against: rules.CountAgainst = rules.CountAgainst.CURRENT,
) -> TreeEvaluation:
    """``evaluate_unit`` and the ranking of the unit's children, from one reading of the
    subtree's products (six queries)."""
    start, end = period.bounds
    qs = policy.visible_tasks(user, Task.objects.filter(unit.subtree_q("lead_unit__")))
    found = products(qs, start, end, count_against)
    children = list(
        policy.visible_units(user, Unit.objects.filter(parent_id=unit.pk))
        .order_by("path")
        .values_list("pk", "path", "name")
    )
    width = len(unit.path) + SEGMENT
    prefixes = {path: pk for pk, path, _name in children}
    by_child: dict[int, list[scoring.Product]] = defaultdict(list)
    for product, path in found:
        owner = prefixes.get(path[:width])
        if owner is not None:
            by_child[owner].append(product)
    scores = {pk: scoring.evaluate(by_child[pk]) for pk, _path, _name in children}
    names = {pk: name for pk, _path, name in children}
    ranked = [
        {"unit_id": pk, "name": names[pk], "rank": place, "evaluation": scores[pk]}
        for pk, place, _score in scoring.rank({pk: e.score for pk, e in scores.items()})
    ]
    return TreeEvaluation(scoring.evaluate([p for p, _path in found]), ranked)


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
    own: scoring.Evaluation | None = None,
) -> list[dict[str, Any]]:
    """The unit and its sibling units (in the user's scope), best score first; ``own``, the
    unit's evaluation when the caller has it, spares reading a root unit's tree twice."""
    if not unit.parent_id and own is not None:
        ((_pk, place, _score),) = scoring.rank({unit.pk: own.score})
        return [{"unit_id": unit.pk, "name": unit.name, "rank": place, "evaluation": own}]
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


# --- people: each person of a unit, the head's unit-results component, the cap ---------------


@dataclass(frozen=True)
class PersonResult:
    """A person of the unit over the period: their own products' evaluation, for a head the
    unit-results component, the score and rating their results earn, and the rating shown
    after the cap on excellent ratings (``capped`` when it took the excellent away)."""

    person_id: int
    name: str
    titles: str
    is_head: bool
    evaluation: scoring.Evaluation
    leader: scoring.LeaderResult | None
    score: float | None
    earned: scoring.Rating | None
    rating: scoring.Rating | None
    capped: bool
    rank: int | None
    tied: bool


@dataclass(frozen=True)
class PeopleEvaluation:
    rows: list[PersonResult]
    cap: scoring.Capped
    sub_units: list[dict[str, Any]]

    def row(self, person_id: int) -> PersonResult | None:
        return next((r for r in self.rows if r.person_id == person_id), None)


def evaluate_people(
    unit: Unit,
    period: Period,
    *,
    user: Any,
    count_against: rules.CountAgainst = rules.CountAgainst.CURRENT,
    children: list[dict[str, Any]] | None = None,
) -> PeopleEvaluation:
    """The people holding a post in ``unit`` during ``period`` (in the viewer's scope), each
    scored on the tasks they own; the head (a post marked ``is_head``) also on the ratings of
    the unit's sub-units (``children`` from ``evaluate_tree`` when the caller has them).
    Ranked by score, equal scores sharing a rank; within the unit at most 20% of those rated
    good or above stay excellent, in the order of ``scoring.tie_order``. Six queries given
    ``children`` (the posts, and ``products`` of the tasks they own), six more without."""
    start, end = period.bounds
    positions = list(
        policy.visible_positions(
            user,
            Position.objects.filter(
                Q(since__isnull=True) | Q(since__lte=end),
                Q(until__isnull=True) | Q(until__gte=start),
                unit=unit,
            ),
        )
        .order_by("person_id", "-is_head", "pk")
        .values_list("person_id", "person__full_name", "title", "is_head")
    )
    people: dict[int, dict[str, Any]] = {}
    for person_id, name, title, is_head in positions:
        entry = people.setdefault(person_id, {"name": name, "titles": [], "head": False})
        entry["titles"].append(title)
        entry["head"] = entry["head"] or is_head
    if children is None:
        children = evaluate_tree(unit, period, user=user, count_against=count_against).children
    sub_ratings = {c["unit_id"]: c["evaluation"].rating for c in children}
    by_owner: dict[int, list[scoring.Product]] = defaultdict(list)
    if people:
        qs = policy.visible_tasks(user, Task.objects.filter(owner_id__in=list(people)))
        for product, owner in products(qs, start, end, count_against, group="owner_id"):
            by_owner[owner].append(product)
    own = {pk: scoring.evaluate(by_owner[pk]) for pk in people}
    leaders = {
        pk: scoring.leader_result(own[pk].score, sub_ratings)
        for pk, entry in people.items()
        if entry["head"]
    }
    scores = {pk: leaders[pk].score if pk in leaders else own[pk].score for pk in people}
    thresholds = scoring.Thresholds()
    earned = {pk: thresholds.rate(s) if s is not None else None for pk, s in scores.items()}
    order = scoring.tie_order({pk: (scores[pk], own[pk].on_time_rate) for pk in people})
    cap = scoring.cap_excellent(earned, order)
    places = {pk: place for pk, place, _score in scoring.rank(scores)}
    shared = Counter(place for place in places.values() if place is not None)
    rows = [
        PersonResult(
            person_id=pk,
            name=people[pk]["name"],
            titles=", ".join(people[pk]["titles"]),
            is_head=people[pk]["head"],
            evaluation=own[pk],
            leader=leaders.get(pk),
            score=scores[pk],
            earned=earned[pk],
            rating=cap.ratings[pk],
            capped=pk in cap.capped,
            rank=places[pk],
            tied=places[pk] is not None and shared[places[pk]] > 1,
        )
        for pk in order
    ]
    return PeopleEvaluation(rows, cap, children)
