"""Task status as of a date: pure rules, no Django.

``status_of(facts, as_of)`` is the specification's function (cases/status_cases.json). The
same rules exist once more as database expressions in ``tasks.aggregation``; a property test
holds the two equal.

What is known on a day: a fact dated after ``as_of`` (a confirmation, an extension, a
cancellation, a sent-back claim) has not happened yet on ``as_of``. A confirmed completion is
dated by its claim. The deadline day itself is within the deadline.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


class Status(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ONGOING = "ongoing"
    CANCELLED = "cancelled"


class Recurrence(enum.StrEnum):
    NONE = "none"
    ONGOING = "ongoing"
    YEARLY = "yearly"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"


PERIODIC = frozenset(
    {Recurrence.YEARLY, Recurrence.SEMIANNUAL, Recurrence.QUARTERLY, Recurrence.MONTHLY}
)


class CountAgainst(enum.StrEnum):
    CURRENT = "current"
    ORIGINAL = "original"


@dataclass(frozen=True)
class Extension:
    """A granted extension: from ``granted_on`` the deadline is ``new_due_on``."""

    granted_on: date
    new_due_on: date


@dataclass(frozen=True)
class Claim:
    """A completion reported on ``claimed_on``; done once confirmed, void once sent back.

    For a periodic task ``occurrence_due_on`` names the occurrence it completes.
    """

    claimed_on: date
    confirmed_on: date | None = None
    sent_back_on: date | None = None
    occurrence_due_on: date | None = None

    def confirmed_by(self, as_of: date) -> bool:
        if self.confirmed_on is None or self.confirmed_on > as_of:
            return False
        return self.sent_back_on is None or self.sent_back_on > as_of


@dataclass(frozen=True)
class TaskFacts:
    """Everything the status of a task depends on."""

    assigned_on: date
    original_due_on: date | None = None
    recurrence: Recurrence = Recurrence.NONE
    extensions: Sequence[Extension] = field(default_factory=tuple)
    claims: Sequence[Claim] = field(default_factory=tuple)
    cancelled_on: date | None = None


@dataclass(frozen=True)
class StatusResult:
    status: Status
    due_soon: bool = False
    deadline: date | None = None
    done_on: date | None = None


def deadline_as_of(
    facts: TaskFacts, as_of: date, count_against: CountAgainst = CountAgainst.CURRENT
) -> date | None:
    """The deadline in force on ``as_of``: the latest extension granted by then, else the original."""
    if count_against is CountAgainst.ORIGINAL:
        return facts.original_due_on
    granted = [e for e in facts.extensions if e.granted_on <= as_of]
    if granted:
        return max(granted, key=lambda e: (e.granted_on, e.new_due_on)).new_due_on
    return facts.original_due_on


def period_bounds(recurrence: Recurrence, day: date) -> tuple[date, date]:
    """First and last day of the period of ``recurrence`` that contains ``day``."""
    if recurrence is Recurrence.MONTHLY:
        first_month, months = day.month, 1
    elif recurrence is Recurrence.QUARTERLY:
        first_month, months = (day.month - 1) // 3 * 3 + 1, 3
    elif recurrence is Recurrence.SEMIANNUAL:
        first_month, months = (1 if day.month <= 6 else 7), 6
    elif recurrence is Recurrence.YEARLY:
        first_month, months = 1, 12
    else:
        raise ValueError(f"{recurrence} has no periods")
    last_month = first_month + months - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    return date(day.year, first_month, 1), date(day.year, last_month, last_day)


def occurrence_deadlines(recurrence: Recurrence, start: date, end: date) -> list[date]:
    """Deadlines (period ends) of the occurrences whose deadline falls in [start, end]."""
    result: list[date] = []
    day = start
    while day <= end:
        _, last = period_bounds(recurrence, day)
        if start <= last <= end:
            result.append(last)
        day = last + timedelta(days=1)
    return result


def _judge(
    deadline: date | None,
    done_on: date | None,
    as_of: date,
    warn_days: int,
) -> StatusResult:
    if done_on is not None:
        on_time = deadline is None or done_on <= deadline
        status = Status.DONE_ON_TIME if on_time else Status.DONE_LATE
        return StatusResult(status, deadline=deadline, done_on=done_on)
    if deadline is None:
        return StatusResult(Status.IN_PROGRESS)
    if as_of > deadline:
        return StatusResult(Status.OVERDUE, deadline=deadline)
    due_soon = (deadline - as_of).days <= warn_days
    return StatusResult(Status.IN_PROGRESS, due_soon=due_soon, deadline=deadline)


def status_detail(
    facts: TaskFacts,
    as_of: date,
    *,
    warn_days: int = 7,
    count_against: CountAgainst = CountAgainst.CURRENT,
) -> StatusResult | None:
    """The status of a task as known on ``as_of``; None before it was assigned.

    A periodic task is judged by its current occurrence (the period containing ``as_of``,
    due on the period's last day), completed by a confirmed claim naming that occurrence.
    """
    if as_of < facts.assigned_on:
        return None
    if facts.cancelled_on is not None and facts.cancelled_on <= as_of:
        return StatusResult(Status.CANCELLED)
    if facts.recurrence is Recurrence.ONGOING:
        return StatusResult(Status.ONGOING)
    if facts.recurrence in PERIODIC:
        _, occurrence_due = period_bounds(facts.recurrence, as_of)
        claims = [
            c
            for c in facts.claims
            if c.occurrence_due_on == occurrence_due and c.confirmed_by(as_of)
        ]
        done_on = min((c.claimed_on for c in claims), default=None)
        return _judge(occurrence_due, done_on, as_of, warn_days)
    deadline = deadline_as_of(facts, as_of, count_against)
    confirmed = [c for c in facts.claims if c.confirmed_by(as_of)]
    done_on = min((c.claimed_on for c in confirmed), default=None)
    return _judge(deadline, done_on, as_of, warn_days)


def status_of(
    facts: TaskFacts,
    as_of: date,
    *,
    warn_days: int = 7,
    count_against: CountAgainst = CountAgainst.CURRENT,
) -> Status | None:
    """The status of a task as known on ``as_of`` (None before it was assigned)."""
    result = status_detail(facts, as_of, warn_days=warn_days, count_against=count_against)
    return result.status if result else None
