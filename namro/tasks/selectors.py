"""Reads of tasks that pages, the API and commands share."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from namro.documents.models import Document

from .clarity import ClarityFacts, Clear, clarity
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
