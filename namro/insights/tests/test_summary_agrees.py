"""Every figure of the dashboard summary equals a count of the same tasks with ``status_of``,
on random trees and random dates, whether the tasks were written by the services or loaded
and then counted, and right after each update."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namro.documents.models import Document
from namro.factories import DocumentFactory, UnitFactory
from namro.insights.selectors import unit_summary
from namro.orgs.models import Unit
from namro.orgs.services import unit_move
from namro.tasks import services
from namro.tasks.models import StatusTally, Task
from namro.tasks.tally import tally_rebuild, tally_tasks
from namro.tasks.tests.test_status_agreement import task_facts
from namro.tasks.tests.test_status_cases import save_facts

from .brute import brute_counts

START = date(2025, 1, 1)


def assert_summary_matches(as_of: date) -> None:
    for unit in Unit.objects.all():
        summary = unit_summary(unit.pk, as_of)
        assert summary is not None
        expected = brute_counts(unit, as_of)
        assert summary.unit.as_dict() == expected, (unit, as_of)
        for child in summary.children:
            assert child.as_dict() == brute_counts(Unit.objects.get(pk=child.unit_id), as_of)


def clear() -> None:
    # Hypothesis runs every example inside the same test transaction.
    Task.objects.all().delete()
    StatusTally.objects.all().delete()
    Document.objects.all().delete()
    for unit in Unit.objects.order_by("-depth"):
        unit.delete()


def build_tree(parents: list[int]) -> list[Unit]:
    units = [UnitFactory()]
    for p in parents:
        units.append(UnitFactory(parent=units[p % len(units)]))
    return units


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parents=st.lists(st.integers(0, 50), min_size=0, max_size=7),
    tasks=st.lists(st.tuples(task_facts(), st.integers(0, 50)), min_size=1, max_size=12),
    offsets=st.lists(st.integers(-30, 800), min_size=1, max_size=3),
)
def test_summary_equals_brute_force_on_random_trees(parents, tasks, offsets) -> None:
    clear()
    units = build_tree(parents)
    document = DocumentFactory(issuer=units[0], issued_on=date(2020, 1, 1))
    saved = [save_facts(facts, document, units[i % len(units)]) for facts, i in tasks]
    tally_tasks(t.pk for t in saved)
    for offset in offsets:
        assert_summary_matches(START + timedelta(days=offset))


@pytest.mark.django_db
def test_summary_follows_every_service_write_in_the_next_request() -> None:
    rng = random.Random(5)
    units = build_tree([0, 0, 1, 1, 2, 3])
    document = DocumentFactory(issuer=units[0], issued_on=date(2024, 1, 1))
    tasks = []
    days = [date(2024, 1, 1) + timedelta(days=30 * i) for i in range(14)]
    for i in range(10):
        tasks.append(
            services.task_create(
                actor=None,
                document=document,
                action=f"Nhiệm vụ {i}",
                lead_unit=rng.choice(units),
                due_on=date(2024, 2, 1) + timedelta(days=rng.randint(0, 200)),
                assigned_on=date(2024, 1, 10),
            )
        )
    assert_summary_matches(date(2024, 6, 1))
    task = tasks[0]
    services.task_claim_done(actor=None, task=task, output_note="Xong", on=date(2024, 3, 1))
    services.task_confirm(actor=None, task=task, on=date(2024, 3, 5))
    for day in days[1:4]:
        assert_summary_matches(day)
    task = tasks[1]
    services.task_claim_done(
        actor=None, task=task, output_note="Xong", on=date(2024, 9, 1), explanation="Chậm"
    )
    services.task_send_back(actor=None, task=task, reason="Chưa đạt", on=date(2024, 9, 3))
    request = services.extension_request_create(
        actor=None,
        task=tasks[2],
        requested_due_on=date(2025, 1, 1),
        reason="Thiếu kinh phí",
        on=date(2024, 2, 1),
    )
    services.extension_decide(actor=None, request=request, grant=True, on=date(2024, 2, 10))
    services.task_cancel(actor=None, task=tasks[3], reason="Không còn phù hợp", on=date(2024, 4, 1))
    services.task_change(actor=None, task=tasks[4], lead_unit=units[-1])
    for day in days:
        assert_summary_matches(day)
    unit_move(actor=None, unit=units[3], new_parent=units[2])
    for day in days[::3]:
        assert_summary_matches(day)


@pytest.mark.django_db
def test_rebuild_gives_the_same_counters_as_the_services() -> None:
    units = build_tree([0, 0, 1])
    document = DocumentFactory(issuer=units[0], issued_on=date(2024, 1, 1))
    for i, unit in enumerate(units):
        task = services.task_create(
            actor=None,
            document=document,
            action=f"Nhiệm vụ {i}",
            lead_unit=unit,
            due_on=date(2024, 3, 1),
            assigned_on=date(2024, 1, 10),
        )
        services.task_claim_done(actor=None, task=task, output_note="Xong", on=date(2024, 2, 1 + i))
        services.task_confirm(actor=None, task=task, on=date(2024, 3, 2))
    before = unit_summary(units[0].pk, date(2024, 6, 1))
    tally_rebuild()
    assert unit_summary(units[0].pk, date(2024, 6, 1)) == before
    assert_summary_matches(date(2024, 3, 1))
    assert_summary_matches(date(2024, 3, 2))
