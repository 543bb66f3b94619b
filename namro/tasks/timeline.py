"""A task's status over time as a short list of change points, and what each change adds to
or takes from the counts by status. Pure Python, no Django.

Every condition in ``tasks.rules.status_of`` compares the as-of date with one of the task's
own dates (assigned, a deadline, an extension's grant, a confirmation, a cancellation, an
occurrence's end), so the status is constant between those dates. ``trail(facts)`` evaluates
the rules at each of them and keeps the days where the status changes; counts by status as of
any date are then sums of the changes dated on or before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal

from namro.tasks.rules import PERIODIC, CountAgainst, Recurrence, Status, TaskFacts, status_of

# Column order of the counters; one letter each in a stored trail.
STATUSES: tuple[Status, ...] = (
    Status.IN_PROGRESS,
    Status.OVERDUE,
    Status.DONE_ON_TIME,
    Status.DONE_LATE,
    Status.ONGOING,
    Status.CANCELLED,
)
INDEX = {s: i for i, s in enumerate(STATUSES)}
LETTERS = "iotlgc"

Trail = list[tuple[date, Status]]

ONE_DAY = timedelta(days=1)


def _candidate_days(facts: TaskFacts) -> list[date]:
    days: set[date | None] = {facts.assigned_on, facts.cancelled_on}
    if facts.recurrence in PERIODIC:
        for c in facts.claims:
            days.update((c.confirmed_on, c.sent_back_on))
            if c.occurrence_due_on is not None:
                days.add(c.occurrence_due_on + ONE_DAY)
    elif facts.recurrence is not Recurrence.ONGOING:
        if facts.original_due_on is not None:
            days.add(facts.original_due_on + ONE_DAY)
        for e in facts.extensions:
            days.update((e.granted_on, e.new_due_on + ONE_DAY))
        for c in facts.claims:
            days.update((c.confirmed_on, c.sent_back_on))
    return sorted(d for d in days if d is not None and d >= facts.assigned_on)


def trail(facts: TaskFacts, count_against: CountAgainst = CountAgainst.CURRENT) -> Trail:
    """The days the status of the task changes, with the status from that day on."""
    result: Trail = []
    previous: Status | None = None
    for day in _candidate_days(facts):
        status = status_of(facts, day, count_against=count_against)
        if status is not None and status is not previous:
            result.append((day, status))
            previous = status
    return result


def status_at(points: Sequence[tuple[date, Status]], as_of: date) -> Status | None:
    """The status a trail gives on ``as_of`` (None before the task was assigned)."""
    current = None
    for day, status in points:
        if day > as_of:
            break
        current = status
    return current


def changes(points: Sequence[tuple[date, Status]]) -> Iterator[tuple[date, int | None, int]]:
    """(day, column left or None, column entered) for each change point."""
    previous: int | None = None
    for day, status in points:
        column = INDEX[status]
        yield day, previous, column
        previous = column


def encode(points: Iterable[tuple[date, Status]]) -> str:
    """A trail as stored: ``YYYYMMDDx`` per change point, x one of ``LETTERS``."""
    return "".join(f"{d:%Y%m%d}{LETTERS[INDEX[s]]}" for d, s in points)


def decode(text: str) -> Trail:
    result: Trail = []
    for i in range(0, len(text), 9):
        chunk = text[i : i + 9]
        day = date(int(chunk[:4]), int(chunk[4:6]), int(chunk[6:8]))
        result.append((day, STATUSES[LETTERS.index(chunk[8])]))
    return result


def on_time_rate(counts: dict[str, int]) -> float | None:
    """The on-time rate (tỷ lệ hoàn thành đúng hạn), namro's one definition of it: done on
    time over the tasks that have come due (done, on time or late, and not done and overdue),
    a fraction; None when none has. Every page, export and report shows this figure."""
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    return round(counts["done_on_time"] / due, 4) if due else None


def on_time_percent(counts: dict[str, int]) -> Decimal | None:
    """``on_time_rate`` as a percentage to one decimal (87.5), for the written reports."""
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    return round(Decimal(counts["done_on_time"]) * 100 / due, 1) if due else None
