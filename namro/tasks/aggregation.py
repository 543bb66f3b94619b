"""The status rules of ``tasks.rules`` once more, as database expressions.

They let the database count tasks by status as of a date without loading them; the property
test in ``tasks/tests/test_status_agreement.py`` holds them equal to ``rules.status_of``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from . import rules
from .models import ExtensionRequest, ExtensionState, TaskOccurrence

STATUS_FIELD = models.CharField(max_length=16, null=True)


def deadline_expression(
    as_of: date, count_against: rules.CountAgainst = rules.CountAgainst.CURRENT
):
    """The deadline in force on ``as_of``; the subquery runs only for tasks extended later."""
    if count_against is rules.CountAgainst.ORIGINAL:
        return F("original_due_on")
    granted_by_then = (
        ExtensionRequest.objects.filter(
            task=OuterRef("pk"), state=ExtensionState.GRANTED, decided_on__lte=as_of
        )
        .order_by("-decided_on", "-requested_due_on")
        .values("requested_due_on")[:1]
    )
    return Case(
        When(Q(extended_on__isnull=True) | Q(extended_on__lte=as_of), then=F("due_on")),
        default=Coalesce(Subquery(granted_by_then), F("original_due_on")),
        output_field=models.DateField(null=True),
    )


def _occurrence_due(as_of: date):
    whens = [
        When(recurrence=r.value, then=Value(rules.period_bounds(r, as_of)[1]))
        for r in sorted(rules.PERIODIC)
    ]
    return Case(*whens, default=None, output_field=models.DateField(null=True))


def status_expressions(
    as_of: date,
    *,
    warn_days: int = 7,
    count_against: rules.CountAgainst = rules.CountAgainst.CURRENT,
) -> dict[str, models.Expression]:
    """Annotations ``status`` (None before assignment) and ``due_soon`` for a Task queryset."""
    periodic = Q(recurrence__in=[r.value for r in rules.PERIODIC])
    deadline = deadline_expression(as_of, count_against)
    occurrence_due = _occurrence_due(as_of)
    occurrence_done = Exists(
        TaskOccurrence.objects.filter(
            task=OuterRef("pk"),
            due_on=OuterRef("occurrence_due"),
            claimed_on__isnull=False,
            confirmed_on__lte=as_of,
        )
    )
    confirmed = Q(claimed_on__isnull=False, confirmed_on__isnull=False, confirmed_on__lte=as_of)
    status = Case(
        When(assigned_on__gt=as_of, then=Value(None)),
        When(cancelled_on__lte=as_of, then=Value(rules.Status.CANCELLED.value)),
        When(recurrence=rules.Recurrence.ONGOING.value, then=Value(rules.Status.ONGOING.value)),
        When(periodic & Q(occurrence_done=True), then=Value(rules.Status.DONE_ON_TIME.value)),
        When(periodic, then=Value(rules.Status.IN_PROGRESS.value)),
        When(confirmed & Q(deadline_on__isnull=True), then=Value(rules.Status.DONE_ON_TIME.value)),
        When(
            confirmed & Q(claimed_on__lte=F("deadline_on")),
            then=Value(rules.Status.DONE_ON_TIME.value),
        ),
        When(confirmed, then=Value(rules.Status.DONE_LATE.value)),
        When(deadline_on__lt=as_of, then=Value(rules.Status.OVERDUE.value)),
        default=Value(rules.Status.IN_PROGRESS.value),
        output_field=STATUS_FIELD,
    )
    soon_limit = as_of + timedelta(days=warn_days)
    due_soon = Case(
        When(
            Q(status=rules.Status.IN_PROGRESS.value)
            & (
                Q(deadline_on__isnull=False, deadline_on__lte=soon_limit)
                | Q(occurrence_due__isnull=False, occurrence_due__lte=soon_limit)
            ),
            then=Value(True),
        ),
        default=Value(False),
        output_field=models.BooleanField(),
    )
    return {
        "deadline_on": deadline,
        "occurrence_due": occurrence_due,
        "occurrence_done": occurrence_done,
        "status": status,
        "due_soon": due_soon,
    }


def with_status(qs, as_of: date, **kwargs):  # type: ignore[no-untyped-def]
    """Annotate a Task queryset with ``status`` and ``due_soon`` as of ``as_of``."""
    exprs = status_expressions(as_of, **kwargs)
    qs = qs.annotate(deadline_on=exprs["deadline_on"], occurrence_due=exprs["occurrence_due"])
    qs = qs.annotate(occurrence_done=exprs["occurrence_done"])
    qs = qs.annotate(status=exprs["status"])
    return qs.annotate(due_soon=exprs["due_soon"])


def count_by_status(qs, as_of: date, **kwargs) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """{status: count} for the tasks of ``qs`` as of ``as_of``, plus ``due_soon``; one query."""
    annotated = with_status(qs, as_of, **kwargs).exclude(status__isnull=True)
    rows = (
        annotated.values("status")
        .annotate(n=Count("pk"), soon=Count("pk", filter=Q(due_soon=True)))
        .order_by()
    )
    result = {s.value: 0 for s in rules.Status}
    result["due_soon"] = 0
    for row in rows:
        result[row["status"]] = row["n"]
        result["due_soon"] += row["soon"]
    return result
