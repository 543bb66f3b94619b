"""The counts of the home and unit pages, the urgency-ordered task list and the dashboard's
lists equal what a task-by-task reading gives, on random trees, scopes and dates, and right
after each kind of write.

Reference: ``tasks.rules.status_detail`` over the tasks ``access.policy.visible_tasks``
returns (the home page), narrowed to those led within a unit's subtree (the unit page); the
list order of ``tasks.selectors.urgency_order``; ``with_status(...).order_by("deadline_on")``.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namro.access import policy
from namro.factories import DocumentFactory, UserFactory, grant
from namro.insights.scope_counts import list_total, scope_counts, unit_counts
from namro.orgs.models import Unit
from namro.tasks import rules, services
from namro.tasks.aggregation import with_status
from namro.tasks.filters import TaskFilter
from namro.tasks.models import Task
from namro.tasks.selectors import UrgentTasks, first_by_deadline, urgency_order
from namro.tasks.tally import tally_tasks
from namro.tasks.tests.test_status_agreement import task_facts
from namro.tasks.tests.test_status_cases import save_facts

from .test_summary_agrees import build_tree, clear

START = date(2025, 1, 1)
WARN = 7
STATUSES = ["", *(s.value for s in rules.Status), "due_soon"]


def brute(tasks: list[Task], as_of: date) -> dict[str, int]:
    found: Counter[str] = Counter()
    for task in tasks:
        result = rules.status_detail(task.facts(), as_of, warn_days=WARN)
        if result is None:
            continue
        found[result.status.value] += 1
        found["due_soon"] += int(result.due_soon)
    counts = {s.value: found.get(s.value, 0) for s in rules.Status}
    counts["due_soon"] = found["due_soon"]
    counts["total"] = sum(counts[s.value] for s in rules.Status)
    return counts


def visible(user) -> list[Task]:  # type: ignore[no-untyped-def]
    return list(
        policy.visible_tasks(user, Task.objects.all()).prefetch_related(
            "extension_requests", "occurrences"
        )
    )


def assert_counts_match(user, as_of: date) -> None:  # type: ignore[no-untyped-def]
    seen = visible(user)
    assert scope_counts(user, as_of) == brute(seen, as_of), (user, as_of)
    units = list(policy.visible_units(user).order_by("path"))
    counts = unit_counts(user, as_of, units)
    for unit in units:
        within = [t for t in seen if t.lead_unit and t.lead_unit.path.startswith(unit.path)]
        assert counts[unit.pk] == brute(within, as_of), (
            user,
            unit.path,
            as_of,
            policy.scope_tops(user),
            [(t.pk, t.lead_unit.path, t.recurrence, t.assigned_on) for t in within],
            [(t.pk, t.lead_unit.path if t.lead_unit else None) for t in seen],
        )


def assert_lists_match(user, as_of: date) -> None:  # type: ignore[no-untyped-def]
    mine = policy.visible_tasks(user, Task.objects.exclude(assigned_on__gt=as_of))
    units = list(policy.visible_units(user).order_by("path")[:3])
    for status in STATUSES:
        for unit in [None, *units]:
            params = {"as_of": as_of, "status": status, "unit": unit.pk if unit else None}
            params["role"] = "lead" if unit else ""
            chosen = TaskFilter.from_params(params)
            applied = chosen.apply(mine)
            expected = [t.pk for t in urgency_order(applied)]
            total = list_total(user, chosen, applied)
            assert total == len(expected), (status, unit, as_of)
            listed = UrgentTasks(applied, as_of, total, status=chosen.status)
            for start, stop in [(0, 3), (2, 7), (0, len(expected) + 1)]:
                got = [t.pk for t in listed[start:stop]]
                assert got == expected[start:stop], (status, unit, as_of, start, stop)
    led = Task.objects.all()
    for overdue in (False, True):
        reference = with_status(led, as_of, warn_days=WARN).order_by("deadline_on", "pk")
        reference = (
            reference.filter(status="overdue")
            if overdue
            else reference.exclude(status__isnull=True)
        )
        got = [t.pk for t in first_by_deadline(led, as_of, 4, overdue=overdue)]
        assert got == [t.pk for t in reference[:4]], (overdue, as_of)


def users_over(units: list[Unit], picks: list[tuple[int, int]]):  # type: ignore[no-untyped-def]
    roles = ["reporter", "tracker", "leader", "viewer"]
    made = []
    for i, (unit_index, role_index) in enumerate(picks):
        user = UserFactory(username=f"scope-{i}")
        role, unit = roles[role_index % len(roles)], units[unit_index % len(units)]
        grant(user, role, unit)
        second = units[(unit_index * 7 + 3) % len(units)]
        if i % 3 == 2 and (role, unit) != ("viewer", second):  # a second scope elsewhere
            grant(user, "viewer", second)
        made.append(user)
    admin = UserFactory(username="scope-admin", is_superuser=True)
    return [*made, admin]


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parents=st.lists(st.integers(0, 50), min_size=1, max_size=7),
    tasks=st.lists(
        st.tuples(task_facts(), st.integers(0, 50), st.integers(0, 50), st.booleans()),
        min_size=1,
        max_size=12,
    ),
    picks=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3)), min_size=1, max_size=3),
    offsets=st.lists(st.integers(-30, 800), min_size=1, max_size=2),
)
def test_counts_and_lists_equal_a_task_by_task_reading(
    settings_override, parents, tasks, picks, offsets
) -> None:
    from django.contrib.auth import get_user_model

    clear()
    get_user_model().objects.filter(username__startswith="scope-").delete()
    units = build_tree(parents)
    documents = [
        DocumentFactory(issuer=units[i % len(units)], issued_on=date(2020, 1, 1)) for i in (0, 1)
    ]
    saved = []
    for facts, lead, coordinator, other_document in tasks:
        task = save_facts(facts, documents[int(other_document)], units[lead % len(units)])
        if coordinator % 3 == 0:
            task.coordinating_units.add(units[coordinator % len(units)])
        saved.append(task)
    tally_tasks(t.pk for t in saved)
    for user in users_over(units, picks):
        for offset in offsets:
            day = START + timedelta(days=offset)
            assert_counts_match(user, day)
            assert_lists_match(user, day)


@pytest.fixture
def settings_override(settings):  # type: ignore[no-untyped-def]
    settings.NAMRO_DUE_SOON_DAYS = WARN
    return settings


@pytest.mark.django_db
def test_counts_and_lists_follow_every_kind_of_write(settings_override) -> None:
    rng = random.Random(11)
    units = build_tree([0, 0, 1, 1, 2, 3])
    document = DocumentFactory(issuer=units[1], issued_on=date(2024, 1, 1))
    tasks = [
        services.task_create(
            actor=None,
            document=document,
            action=f"Nhiệm vụ {i}",
            lead_unit=rng.choice(units),
            due_on=date(2024, 2, 1) + timedelta(days=rng.randint(0, 200)),
            assigned_on=date(2024, 1, 10),
        )
        for i in range(10)
    ]
    tracker = UserFactory(username="scope-tracker")
    grant(tracker, "tracker", units[1])
    reporter = UserFactory(username="scope-reporter")
    grant(reporter, "reporter", units[3])
    people = [tracker, reporter, UserFactory(username="scope-admin", is_superuser=True)]
    days = [date(2024, 1, 1) + timedelta(days=45 * i) for i in range(8)]

    def check() -> None:
        for user in people:
            policy.forget_scopes(user)
            for day in days[::3]:
                assert_counts_match(user, day)
            assert_lists_match(user, days[3])

    check()
    services.task_claim_done(actor=None, task=tasks[0], output_note="Xong", on=date(2024, 3, 1))
    services.task_confirm(actor=None, task=tasks[0], on=date(2024, 3, 5))
    check()
    services.task_claim_done(
        actor=None, task=tasks[1], output_note="Xong", on=date(2024, 9, 1), explanation="Chậm"
    )
    services.task_send_back(actor=None, task=tasks[1], reason="Chưa đạt", on=date(2024, 9, 3))
    check()
    request = services.extension_request_create(
        actor=None,
        task=tasks[2],
        requested_due_on=date(2025, 1, 1),
        reason="Thiếu kinh phí",
        on=date(2024, 2, 1),
    )
    services.extension_decide(actor=None, request=request, grant=True, on=date(2024, 2, 10))
    check()
    services.task_cancel(actor=None, task=tasks[3], reason="Không còn phù hợp", on=date(2024, 4, 1))
    services.task_change(actor=None, task=tasks[4], lead_unit=units[-1])
    tasks[5].coordinating_units.add(units[3])
    check()
