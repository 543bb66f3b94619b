"""The sweep's planning costs the same number of queries whatever the number of tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from namro.access.models import Role
from namro.factories import (
    DocumentFactory,
    PersonFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    grant,
)
from namro.reminders.sweep import plan_day

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 16)


def _tasks(document, units, people, count):
    for n in range(count):
        TaskFactory(
            document=document,
            action=f"Nhiệm vụ thử số {n}",
            lead_unit=units[n % len(units)],
            owner=people[n % len(people)],
            due_on=DAY + timedelta(days=(n % 12) - 6),
        )


def test_planning_a_day_costs_the_same_for_ten_tasks_or_a_hundred():
    province = UnitFactory(name="Tỉnh ủy Quy mô")
    units = [UnitFactory(name=f"Sở Quy mô {n}", parent=province) for n in range(5)]
    for n, unit in enumerate(units):
        grant(UserFactory(username=f"bc{n}"), Role.REPORTER, unit)
        grant(UserFactory(username=f"ld{n}"), Role.LEADER, unit)
    grant(UserFactory(username="vp"), Role.TRACKER, province)
    people = [PersonFactory(user=UserFactory(username=f"cb{n}")) for n in range(5)]
    document = DocumentFactory(issuer=province, issued_on=date(2026, 2, 2))

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            plan = plan_day(DAY)
        return len(queries), len(plan.reminders)

    _tasks(document, units, people, 10)
    few, few_reminders = cost()
    _tasks(document, units, people, 90)
    many, many_reminders = cost()
    assert many_reminders > few_reminders > 0
    assert many == few <= 9
