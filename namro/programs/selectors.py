"""Reads of work programmes: items with their status by the task rules, and slippage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from namro.tasks import rules

from .models import ProgramItem, WorkProgram


def item_facts(item: ProgramItem) -> rules.TaskFacts:
    """An item is judged like a one-off task: planned at the programme's start, due at the
    end of its period, done on the day the linked document was issued or the meeting held."""
    claims = (rules.Claim(item.done_on, item.done_on),) if item.done_on else ()
    return rules.TaskFacts(
        assigned_on=min(item.program.starts_on, item.due_on),
        original_due_on=item.due_on,
        claims=claims,
        cancelled_on=item.cancelled_on,
    )


@dataclass(frozen=True)
class ItemRow:
    item: ProgramItem
    status: str
    due_soon: bool
    slip_days: int | None


def item_rows(items: list[ProgramItem], as_of: date) -> list[ItemRow]:
    """Each item's status as of ``as_of`` and its slippage in days (late finish, or days
    overdue so far); no query beyond loading the items."""
    warn = int(settings.NAMRO_DUE_SOON_DAYS)
    rows = []
    for item in items:
        result = rules.status_detail(item_facts(item), as_of, warn_days=warn)
        status = result.status.value if result else ""
        slip: int | None = None
        if status == rules.Status.DONE_LATE and item.done_on:
            slip = (item.done_on - item.due_on).days
        elif status == rules.Status.OVERDUE:
            slip = (as_of - item.due_on).days
        rows.append(ItemRow(item, status, bool(result and result.due_soon), slip))
    return rows


def program_items(program: WorkProgram) -> QuerySet[ProgramItem]:
    return program.items.select_related(
        "program", "lead_unit", "document", "review", "visit", "visit__host_unit"
    ).order_by("due_on", "order", "id")


def count_rows(rows: list[ItemRow]) -> dict[str, Any]:
    counts: dict[str, Any] = {s.value: 0 for s in rules.Status}
    counts["due_soon"] = 0
    for row in rows:
        if row.status:
            counts[row.status] += 1
        counts["due_soon"] += int(row.due_soon)
    return counts
