"""Counting tasks one by one with ``tasks.rules.status_of``: the reference the counters must
match."""

from __future__ import annotations

from collections import Counter
from datetime import date

from namro.orgs.models import Unit
from namro.tasks import rules
from namro.tasks.models import Task


def brute_counts(unit: Unit, as_of: date) -> dict[str, int]:
    tasks = Task.objects.filter(unit.subtree_q("lead_unit__")).prefetch_related(
        "extension_requests", "occurrences"
    )
    found = Counter(rules.status_of(t.facts(), as_of) for t in tasks)
    return {s.value: found.get(s, 0) for s in rules.Status}
