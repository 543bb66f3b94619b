"""Whether a recommendation was answered in time, in the task status vocabulary.

An answer owed is judged like a one-off task: assigned when raised, due on ``answer_due_on``,
done on the day it was answered. ``answer_status`` reads ``tasks.rules``; ``with_answer_status``
is the same rule as a database expression, for counting; a test holds the two equal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Case, Count, Q, Value, When

from namro.tasks import rules

STATUSES = (
    rules.Status.IN_PROGRESS,
    rules.Status.OVERDUE,
    rules.Status.DONE_ON_TIME,
    rules.Status.DONE_LATE,
)


def answer_facts(raised_on: date, answer_due_on: date | None, answered_on: date | None) -> Any:
    claims = (rules.Claim(answered_on, answered_on),) if answered_on is not None else ()
    return rules.TaskFacts(assigned_on=raised_on, original_due_on=answer_due_on, claims=claims)


def answer_status(recommendation: Any, as_of: date, *, warn_days: int = 7) -> Any:
    """``rules.StatusResult`` of the answer owed on ``recommendation`` as of ``as_of``."""
    facts = answer_facts(
        recommendation.raised_on, recommendation.answer_due_on, recommendation.answered_on
    )
    return rules.status_detail(facts, as_of, warn_days=warn_days)


def with_answer_status(qs: Any, as_of: date) -> Any:
    """Annotate recommendations with ``answer_status`` as of ``as_of`` (None before raised)."""
    answered = Q(answered_on__isnull=False, answered_on__lte=as_of)
    status = Case(
        When(raised_on__gt=as_of, then=Value(None)),
        When(answered & Q(answer_due_on__isnull=True), then=Value(rules.Status.DONE_ON_TIME.value)),
        When(
            answered & Q(answered_on__lte=models.F("answer_due_on")),
            then=Value(rules.Status.DONE_ON_TIME.value),
        ),
        When(answered, then=Value(rules.Status.DONE_LATE.value)),
        When(answer_due_on__lt=as_of, then=Value(rules.Status.OVERDUE.value)),
        default=Value(rules.Status.IN_PROGRESS.value),
        output_field=models.CharField(max_length=16, null=True),
    )
    return qs.annotate(answer_status=status)


def count_answers_by_status(qs: Any, as_of: date) -> dict[str, int]:
    """{status: count} of the answers owed on ``qs`` as of ``as_of``, in one query."""
    rows = (
        with_answer_status(qs, as_of)
        .exclude(answer_status__isnull=True)
        .values("answer_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = {s.value: 0 for s in STATUSES}
    for row in rows:
        result[row["answer_status"]] = row["n"]
    return result
