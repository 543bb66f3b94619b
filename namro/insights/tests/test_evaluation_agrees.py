"""The evaluation's figures equal a reading of the same tasks one by one with ``tasks.rules``
(the deadline in force at the period's end, ``status_of`` as of that end, each occurrence of
a periodic task), on random trees, tasks and periods."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namro.factories import DocumentFactory, UserFactory
from namro.insights.evaluation import Period, evaluate_tree, evaluate_unit
from namro.orgs.models import Unit
from namro.tasks import rules
from namro.tasks.models import Task
from namro.tasks.tests.test_status_agreement import task_facts
from namro.tasks.tests.test_status_cases import save_facts

from .test_summary_agrees import build_tree, clear

OUTCOME = {
    rules.Status.DONE_ON_TIME: "done_on_time",
    rules.Status.DONE_LATE: "done_late",
}


def brute_evaluation(unit: Unit, period: Period) -> dict[str, int]:
    """What each task of ``unit``'s subtree had due in ``period``, as it stood at its end."""
    start, end = period.bounds
    found: Counter[str] = Counter()
    tasks = Task.objects.filter(unit.subtree_q("lead_unit__")).prefetch_related(
        "extension_requests", "occurrences"
    )
    for task in tasks:
        facts = task.facts()
        if facts.recurrence is rules.Recurrence.NONE:
            status = rules.status_of(facts, end)
            deadline = rules.deadline_as_of(facts, end)
            if status in (None, rules.Status.CANCELLED) or deadline is None:
                continue
            if start <= deadline <= end:
                found[OUTCOME.get(status, "overdue")] += 1
        elif facts.recurrence in rules.PERIODIC:
            first = max(start, facts.assigned_on)
            for due in rules.occurrence_deadlines(facts.recurrence, first, end):
                if facts.cancelled_on is not None and due >= facts.cancelled_on:
                    continue
                done = [
                    c.claimed_on
                    for c in facts.claims
                    if c.occurrence_due_on == due and c.confirmed_by(end)
                ]
                if not done:
                    found["overdue"] += 1
                else:
                    found["done_on_time" if min(done) <= due else "done_late"] += 1
    counts = {k: found.get(k, 0) for k in ("done_on_time", "done_late", "overdue")}
    return {"due": sum(counts.values()), **counts}


def figures(evaluation) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        "due": evaluation.due,
        "done_on_time": evaluation.done_on_time,
        "done_late": evaluation.done_late,
        "overdue": evaluation.overdue,
    }


periods = st.one_of(
    st.builds(Period, st.just("month"), st.integers(2025, 2026), st.integers(1, 12)),
    st.builds(Period, st.just("quarter"), st.integers(2025, 2026), st.integers(1, 4)),
    st.builds(Period, st.just("year"), st.integers(2025, 2026), st.just(1)),
)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parents=st.lists(st.integers(0, 50), min_size=0, max_size=5),
    tasks=st.lists(st.tuples(task_facts(), st.integers(0, 50)), min_size=1, max_size=12),
    chosen=st.lists(periods, min_size=1, max_size=3),
)
def test_evaluation_equals_a_task_by_task_reading(parents, tasks, chosen) -> None:
    clear()
    units = build_tree(parents)
    document = DocumentFactory(issuer=units[0], issued_on=date(2020, 1, 1))
    for facts, i in tasks:
        save_facts(facts, document, units[i % len(units)])
    viewer = UserFactory(is_superuser=True)
    for period in chosen:
        for unit in units:
            expected = brute_evaluation(unit, period)
            assert figures(evaluate_unit(unit, period, user=viewer)) == expected, (unit, period)
        tree = evaluate_tree(units[0], period, user=viewer)
        assert figures(tree.evaluation) == brute_evaluation(units[0], period)
        for child in tree.children:
            unit = Unit.objects.get(pk=child["unit_id"])
            assert figures(child["evaluation"]) == brute_evaluation(unit, period), period


@pytest.mark.django_db
def test_a_task_extended_after_the_period_counts_at_the_deadline_it_had_then() -> None:
    units = build_tree([0])
    document = DocumentFactory(issuer=units[0], issued_on=date(2020, 1, 1))
    extended_later = rules.TaskFacts(
        assigned_on=date(2025, 1, 5),
        original_due_on=date(2025, 3, 20),
        extensions=(rules.Extension(date(2025, 4, 10), date(2025, 5, 20)),),
    )
    save_facts(extended_later, document, units[1])
    viewer = UserFactory(is_superuser=True)
    first, second = Period("quarter", 2025, 1), Period("quarter", 2025, 2)
    assert figures(evaluate_unit(units[0], first, user=viewer)) == {
        "due": 1, "done_on_time": 0, "done_late": 0, "overdue": 1,
    }  # fmt: skip
    assert figures(evaluate_unit(units[0], first, user=viewer)) == brute_evaluation(units[0], first)
    assert figures(evaluate_unit(units[0], second, user=viewer)) == brute_evaluation(
        units[0], second
    )
    assert evaluate_unit(units[0], second, user=viewer).due == 1
