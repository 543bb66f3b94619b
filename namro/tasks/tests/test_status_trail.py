"""The change points of a task's status give ``status_of`` on every day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from namro.tasks import rules, timeline
from namro.tasks.tests.test_status_agreement import task_facts

START = date(2025, 1, 1)


@settings(max_examples=400, deadline=None)
@given(facts=task_facts(), count_against=st.sampled_from(list(rules.CountAgainst)))
def test_trail_gives_status_of_on_every_day(facts, count_against) -> None:
    points = timeline.trail(facts, count_against)
    for offset in range(-5, 900, 3):
        day = START + timedelta(days=offset)
        assert timeline.status_at(points, day) == rules.status_of(
            facts, day, count_against=count_against
        ), (facts, day)


@settings(max_examples=100, deadline=None)
@given(facts=task_facts())
def test_trail_survives_storage(facts) -> None:
    points = timeline.trail(facts)
    assert timeline.decode(timeline.encode(points)) == points


def test_on_time_rate_counts_only_tasks_that_came_due() -> None:
    counts = dict.fromkeys(timeline.LETTERS, 0) | {
        "done_on_time": 3,
        "done_late": 1,
        "overdue": 0,
        "in_progress": 10,
    }
    assert timeline.on_time_rate(counts) == 0.75
    assert timeline.on_time_rate({"done_on_time": 0, "done_late": 0, "overdue": 0}) is None
