"""Reads of tasks that pages, the API and commands share."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from namro.documents.models import Document
from namro.orgs.models import Unit

from . import rules
from .clarity import ClarityFacts, Clear, clarity
from .models import RECURRING as RECURRING_Q
from .models import ExtensionRequest, Task


def tasks_with_facts(qs: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks with what ``Task.facts`` and a list row read, in a fixed number of queries."""
    qs = Task.objects.all() if qs is None else qs
    return qs.select_related("lead_unit", "owner", "authority", "document").prefetch_related(
        Prefetch("extension_requests", queryset=ExtensionRequest.objects.order_by("decided_on")),
        "occurrences",
        "coordinating_units",
    )


def task_clarity(task: Task, *, require_authority: bool = True) -> list[Clear]:
    """Which of the six clears ``task`` lacks."""
    facts = ClarityFacts(
        action=task.action,
        has_owner=task.owner_id is not None,
        has_deadline=task.due_on is not None,
        recurrence=task.recurrence,
        has_lead_unit=task.lead_unit_id is not None,
        expected_output=task.expected_output,
        has_authority=task.authority_id is not None,
    )
    return clarity(facts, require_authority=require_authority)


def document_unclear_tasks(
    document: Document, *, require_authority: bool = True
) -> list[tuple[Task, list[Clear]]]:
    """The tasks of ``document`` that lack any clear, with what each lacks (one query)."""
    result = []
    for task in Task.objects.filter(document=document).order_by("order", "pk"):
        missing = task_clarity(task, require_authority=require_authority)
        if missing:
            result.append((task, missing))
    return result


def warn_days() -> int:
    return int(settings.NAMRO_DUE_SOON_DAYS)


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def urgency_order(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Overdue first, then due soon, then the rest; each by deadline (annotated ``status``)."""
    rank = Case(
        When(status="overdue", then=Value(0)),
        When(due_soon=True, then=Value(1)),
        When(status="in_progress", then=Value(2)),
        When(status="ongoing", then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=rank).order_by("urgency", "deadline_on", "pk")


def task_rows(qs: QuerySet[Task]) -> QuerySet[Task]:
    """What a task list row shows, in one query."""
    return qs.select_related("lead_unit", "document", "owner")


def led_within(unit: Unit) -> Q:
    """Q over tasks: led by a unit of ``unit``'s subtree. For the top of the only tree, any
    lead unit (one small query to know it), so that the database reads tasks by their other
    conditions' indexes rather than the tasks of every unit one by one."""
    if unit.depth == 1 and not Unit.objects.filter(depth=1).exclude(pk=unit.pk).exists():
        return Q(lead_unit__isnull=False)
    return unit.subtree_q("lead_unit__")


def changed_since(as_of: date) -> Q:
    """Tasks whose columns today say something else than what held on ``as_of``: extended,
    confirmed or stopped after it. For every other task the deadline in force on ``as_of``
    is ``due_on`` and being open then is being open now. Few for a recent date (indexed)."""
    return Q(extended_on__gt=as_of) | Q(confirmed_on__gt=as_of) | Q(cancelled_on__gt=as_of)


def first_by_deadline(
    qs: QuerySet[Task], as_of: date, limit: int, *, overdue: bool = False
) -> list[Task]:
    """The first ``limit`` tasks of ``qs`` that have a status on ``as_of`` (only the overdue
    ones with ``overdue``), annotated with ``status`` and ``deadline_on``, by deadline in force
    then id (as ``with_status(qs).order_by("deadline_on", "pk")`` with the database's order of
    empty deadlines), without sorting the whole of ``qs``.

    The tasks unchanged since ``as_of`` are read in ``due_on`` order straight from an index
    (an overdue one is then open now with ``due_on`` before the date: ``task_open_by_due``);
    the few changed since are judged by the status expressions and merged in.
    """
    from django.db import connections

    from .aggregation import with_status

    warn = warn_days()
    since = changed_since(as_of)
    steady = qs.exclude(since).filter(assigned_on__lte=as_of)
    if overdue:
        steady = steady.filter(
            confirmed_on__isnull=True,
            cancelled_on__isnull=True,
            recurrence="none",
            due_on__lt=as_of,
        )
    head = list(with_status(steady, as_of, warn_days=warn).order_by("due_on", "pk")[:limit])
    # As a list of ids, read first through the three dates' indexes.
    changed = with_status(
        qs.filter(pk__in=Task.objects.filter(since).values("pk")), as_of, warn_days=warn
    )
    changed = changed.filter(status="overdue") if overdue else changed.exclude(status__isnull=True)
    tail = list(changed.order_by("deadline_on", "pk")[:limit])
    nulls_last = connections[qs.db].features.nulls_order_largest

    def key(task: Task) -> tuple[int, date, int]:
        deadline = task.deadline_on  # type: ignore[attr-defined]
        empty = 1 if nulls_last else -1
        return (0 if deadline else empty, deadline or date.min, task.pk)

    return sorted(head + tail, key=key)[:limit]


PERIODIC = sorted(r.value for r in rules.PERIODIC)
OPEN = Q(confirmed_on__isnull=True, cancelled_on__isnull=True)
CLOSED = Q(confirmed_on__isnull=False) | Q(cancelled_on__isnull=False)


def period_end(recurrence: str, day: date) -> date:
    return rules.period_bounds(rules.Recurrence(recurrence), day)[1]


def urgency_rank(task: Task) -> int:
    """The rank ``urgency_order`` gives a task annotated by ``with_status``."""
    status = task.status  # type: ignore[attr-defined]
    if status == "overdue":
        return 0
    if task.due_soon:  # type: ignore[attr-defined]
        return 1
    return {"in_progress": 2, "ongoing": 3}.get(status, 4)


class UrgentTasks:
    """The tasks of ``qs`` in the order of ``urgency_order``, read one page at a time.

    ``qs`` comes from ``TaskFilter.apply`` (annotated with the status as of ``as_of`` and
    narrowed by the filter, ``status`` the filter's status) and ``total`` is its size, which
    the caller knows from the counters or counts. A page is merged from ordered streams,
    each read by an index in the order of the list and cut at the page's end, so that the
    first pages cost the same at a thousand tasks and at a million:

    - open one-off tasks by deadline (``task_open_by_due``): overdue, then due soon, then
      in progress, the order of the list itself; those without a deadline apart;
    - periodic and standing tasks by rank (``task_recurring``), a few percent of all;
    - closed one-off tasks by deadline;
    - the tasks changed since ``as_of`` (``changed_since``), judged by the status expressions.

    For every task but the last kind, the deadline in force on ``as_of`` is ``due_on`` and
    open then means open now, which is what lets the streams read by those columns.
    """

    ordered = True

    def __init__(self, qs: QuerySet[Task], as_of: date, total: int, *, status: str = "") -> None:
        self.qs = qs
        self.as_of = as_of
        self.total = total
        self.status = status

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def _streams(self) -> list[tuple[int, QuerySet[Task]]]:
        """(the lowest urgency rank a stream can hold, the stream), by that rank."""
        from datetime import timedelta

        status, as_of = self.status, self.as_of
        steady = self.qs.exclude(changed_since(as_of))
        streams: list[tuple[int, QuerySet[Task]]] = []
        changed = self.qs.filter(pk__in=Task.objects.filter(changed_since(as_of)).values("pk"))
        streams.append((0, urgency_order(changed)))
        dated = steady.filter(OPEN, recurrence="none", due_on__isnull=False)
        soon = as_of + timedelta(days=warn_days())
        bounds = {
            "": (0, Q()),
            "overdue": (0, Q(due_on__lt=as_of)),
            "due_soon": (1, Q(due_on__gte=as_of, due_on__lte=soon)),
            "in_progress": (1, Q(due_on__gte=as_of)),
        }
        if status in bounds:
            rank, bound = bounds[status]
            streams.append((rank, dated.filter(bound).order_by("due_on", "pk")))
        recurring = steady.filter(RECURRING_Q)
        periodic = recurring.filter(recurrence__in=PERIODIC)
        ongoing = recurring.filter(recurrence="ongoing")
        # A periodic task is due soon when its period ends within the warning days.
        ending = [r for r in PERIODIC if period_end(r, as_of) <= soon]
        if status in ("", "in_progress", "due_soon") and ending:
            part = periodic.filter(recurrence__in=ending, status="in_progress")
            streams.append((1, part.order_by("pk")))
        if status in ("", "in_progress"):
            undated = steady.filter(OPEN, recurrence="none", due_on__isnull=True)
            streams.append((2, undated.order_by("pk")))
            part = periodic.exclude(recurrence__in=ending).filter(status="in_progress")
            streams.append((2, part.order_by("pk")))
        if status in ("", "ongoing"):
            streams.append((3, ongoing.filter(status="ongoing").order_by("pk")))
        if status in ("", "done_on_time", "cancelled"):
            streams.append((4, periodic.exclude(status="in_progress").order_by("pk")))
        if status in ("", "cancelled"):
            streams.append((4, ongoing.exclude(status="ongoing").order_by("pk")))
        if status in ("", "done_on_time", "done_late", "cancelled"):
            closed = steady.filter(CLOSED, recurrence="none")
            streams.append((4, closed.filter(due_on__isnull=False).order_by("due_on", "pk")))
            streams.append((4, closed.filter(due_on__isnull=True).order_by("pk")))
        return streams

    def __getitem__(self, key: slice) -> list[Task]:
        if not isinstance(key, slice):
            raise TypeError("UrgentTasks takes slices only")
        from django.db import connections

        start, stop = key.start or 0, key.stop if key.stop is not None else self.total
        if stop <= start:
            return []
        rows: list[Task] = []
        for rank, stream in self._streams():
            # Rows of a lower rank come first whatever their deadline: once ``stop`` of them
            # are in hand, no stream from this rank on can reach the page.
            if sum(1 for t in rows if urgency_rank(t) < rank) >= stop:
                break
            rows += stream[:stop]
        empty = 1 if connections[self.qs.db].features.nulls_order_largest else -1

        def order(task: Task) -> tuple[int, int, date, int]:
            deadline = task.deadline_on  # type: ignore[attr-defined]
            return (urgency_rank(task), 0 if deadline else empty, deadline or date.min, task.pk)

        return sorted(rows, key=order)[start:stop]
