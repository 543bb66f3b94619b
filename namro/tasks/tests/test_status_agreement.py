"""The pure status rules and the database expressions agree on random tasks and dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namro.factories import DocumentFactory, UnitFactory
from namro.tasks import rules
from namro.tasks.aggregation import with_status
from namro.tasks.models import Task

from .test_status_cases import save_facts

START = date(2025, 1, 1)
DAYS = 500


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


@st.composite
def task_facts(draw: st.DrawFn) -> rules.TaskFacts:
    assigned = _day(draw(st.integers(0, 200)))
    recurrence = draw(
        st.sampled_from(
            [rules.Recurrence.NONE] * 6
            + [r for r in rules.Recurrence if r is not rules.Recurrence.NONE]
        )
    )
    after = lambda base, hi=120: base + timedelta(days=draw(st.integers(0, hi)))  # noqa: E731
    cancelled = after(assigned, 300) if draw(st.booleans()) and draw(st.booleans()) else None
    if recurrence is not rules.Recurrence.NONE:
        claims = []
        if recurrence in rules.PERIODIC:
            seen = set()
            for _ in range(draw(st.integers(0, 3))):
                claimed = after(assigned, 300)
                due = rules.period_bounds(recurrence, claimed)[1]
                if due in seen:
                    continue
                seen.add(due)
                confirmed = after(claimed, 20) if draw(st.booleans()) else None
                claims.append(rules.Claim(claimed, confirmed, None, due))
        return rules.TaskFacts(assigned, None, recurrence, (), tuple(claims), cancelled)
    due = after(assigned, 200) if draw(st.integers(0, 9)) else None
    extensions = []
    current = due
    granted = assigned
    for _ in range(draw(st.integers(0, 2)) if due else 0):
        granted = after(granted, 150)
        assert current is not None
        current = current + timedelta(days=draw(st.integers(1, 90)))
        extensions.append(rules.Extension(granted, current))
    claims = []
    if draw(st.booleans()):
        claimed = after(assigned, 300)
        outcome = draw(st.sampled_from(["pending", "confirmed", "sent_back"]))
        confirmed = after(claimed, 30) if outcome == "confirmed" else None
        sent_back = after(claimed, 30) if outcome == "sent_back" else None
        claims.append(rules.Claim(claimed, confirmed, sent_back))
    return rules.TaskFacts(assigned, due, recurrence, tuple(extensions), tuple(claims), cancelled)


@pytest.fixture
def place(db):
    lead = UnitFactory()
    return DocumentFactory(issuer=lead, issued_on=date(2020, 1, 1)), lead


@pytest.mark.django_db
@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    facts=task_facts(),
    offsets=st.lists(st.integers(-10, DAYS + 60), min_size=1, max_size=4),
    warn_days=st.integers(0, 14),
    count_against=st.sampled_from(list(rules.CountAgainst)),
)
def test_database_status_equals_pure_status(
    place, facts, offsets, warn_days, count_against
) -> None:
    document, lead = place
    task = save_facts(facts, document, lead)
    for offset in offsets:
        as_of = _day(offset)
        expected = rules.status_detail(
            facts, as_of, warn_days=warn_days, count_against=count_against
        )
        row = with_status(
            Task.objects.filter(pk=task.pk), as_of, warn_days=warn_days, count_against=count_against
        ).get()
        assert row.status == (expected.status.value if expected else None), (facts, as_of)
        if expected is not None:
            assert row.due_soon is expected.due_soon, (facts, as_of)
