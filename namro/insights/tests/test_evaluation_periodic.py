"""Evaluation counts the occurrences of periodic tasks whose deadline falls in the period
(status_cases.json, "periodic"), each as it stood at the end of the period."""

from __future__ import annotations

from datetime import date

import pytest

from namro.access.models import Role
from namro.factories import DocumentFactory, UnitFactory, UserFactory, grant
from namro.insights.evaluation import Period, evaluate_unit
from namro.tasks import services

Q1 = Period("quarter", 2025, 1)


@pytest.fixture
def world(db):
    root = UnitFactory(name="Tỉnh ủy")
    unit = UnitFactory(parent=root, name="Sở A")
    doc = DocumentFactory(issuer=root, issued_on=date(2024, 12, 20))
    office = UserFactory(username="vanphong")
    grant(office, Role.TRACKER, root)

    def periodic(recurrence, assigned=date(2025, 1, 1)):
        return services.task_create(
            actor=None, document=doc, action="Báo cáo định kỳ", lead_unit=unit,
            recurrence=recurrence, assigned_on=assigned,
        )  # fmt: skip

    def complete(task, claimed, confirmed):
        services.task_claim_done(actor=None, task=task, output_note="Đã gửi", on=claimed)
        services.task_confirm(actor=None, task=task, on=confirmed)

    return unit, office, periodic, complete


def test_monthly_task_counts_each_month_due_in_the_quarter(world) -> None:
    unit, office, periodic, complete = world
    monthly = periodic("monthly")
    complete(monthly, date(2025, 1, 28), date(2025, 1, 30))
    complete(monthly, date(2025, 3, 25), date(2025, 3, 26))
    result = evaluate_unit(unit, Q1, user=office)
    assert result.due == 3
    assert (result.done_on_time, result.done_late, result.overdue) == (2, 0, 1)
    deadlines = [p.product.deadline for p in result.products]
    assert deadlines == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]
    assert {p.product.task_id for p in result.products} == {monthly.pk}


def test_occurrence_due_outside_the_period_does_not_count(world) -> None:
    unit, office, periodic, _complete = world
    periodic("yearly")  # due 31/12/2025
    periodic("quarterly")  # due 31/03/2025
    result = evaluate_unit(unit, Q1, user=office)
    assert result.due == 1
    assert result.products[0].product.deadline == date(2025, 3, 31)
    assert evaluate_unit(unit, Period("year", 2025, 1), user=office).due == 4 + 1


def test_confirmation_after_the_period_ends_does_not_count_for_it(world) -> None:
    unit, office, periodic, complete = world
    quarterly = periodic("quarterly")
    complete(quarterly, date(2025, 3, 30), date(2025, 4, 3))
    result = evaluate_unit(unit, Q1, user=office)
    assert (result.due, result.overdue) == (1, 1)
    # Looked at over the year, the same occurrence was completed on time by the year's end.
    year = evaluate_unit(unit, Period("year", 2025, 1), user=office)
    q1 = next(p for p in year.products if p.product.deadline == date(2025, 3, 31))
    assert q1.product.outcome.value == "done_on_time"


def test_sent_back_occurrence_loses_quality_points(world) -> None:
    unit, office, periodic, complete = world
    monthly = periodic("monthly")
    services.task_claim_done(actor=None, task=monthly, output_note="Thiếu", on=date(2025, 2, 20))
    services.task_send_back(actor=None, task=monthly, reason="Thiếu số liệu", on=date(2025, 2, 21))
    complete(monthly, date(2025, 2, 25), date(2025, 2, 26))
    result = evaluate_unit(unit, Period("month", 2025, 2), user=office)
    assert result.due == 1 and result.done_on_time == 1
    assert result.products[0].quality == 37.5
    # The January occurrence was not the one sent back.
    january = evaluate_unit(unit, Period("month", 2025, 1), user=office)
    assert january.products[0].product.sent_back == 0


def test_occurrences_due_after_cancellation_do_not_count(world) -> None:
    unit, office, periodic, _complete = world
    monthly = periodic("monthly")
    services.task_cancel(actor=None, task=monthly, reason="Không còn phù hợp", on=date(2025, 2, 10))
    result = evaluate_unit(unit, Q1, user=office)
    assert result.due == 1
    assert result.products[0].product.deadline == date(2025, 1, 31)


def test_task_assigned_mid_period_counts_that_period(world) -> None:
    unit, office, periodic, _complete = world
    periodic("quarterly", assigned=date(2025, 3, 10))
    assert evaluate_unit(unit, Q1, user=office).due == 1
    periodic("quarterly", assigned=date(2025, 4, 2))
    assert evaluate_unit(unit, Q1, user=office).due == 1


def test_evaluation_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries) -> None:
    unit, office, periodic, complete = world
    for _ in range(5):
        complete(periodic("monthly"), date(2025, 1, 20), date(2025, 1, 21))
    with django_assert_max_num_queries(7):
        result = evaluate_unit(unit, Q1, user=office)
    assert result.due == 15
