"""The review draft and the coverage tree read the data as it stood at the period's end."""

from __future__ import annotations

from datetime import date

from namro.oversight import services
from namro.oversight.coverage import ISSUED, NONE, TASKS, coverage
from namro.oversight.models import Review
from namro.oversight.review_data import review_draft

from .scenario import play_scenario


def test_review_counts_tasks_by_status_and_unit_as_of_the_period_end(world):
    *_, review = play_scenario(world)
    draft = review_draft(review)
    # Programme (2 tasks), plan (1), conclusion notice is not under the resolution: 3 tasks.
    assert draft.total_tasks == 3
    assert draft.totals["done_on_time"] == 1
    assert draft.totals["overdue"] == 1
    assert draft.totals["in_progress"] == 1
    names = {r["name"]: r for r in draft.by_unit}
    assert names["Sở Nội vụ Hà Nội"]["overdue"] == 1
    assert draft.on_time_rate == 100
    assert [d.number for d in draft.concretising] == ["99-CTr/TU", "12/KH-SNV"]
    assert draft.not_concretised == ["Văn phòng Thành ủy Hà Nội", "Đảng ủy phường Mẫu 1"]
    row = draft.goals[0][1][0]
    assert row.latest.value == 75 and row.achieved_percent == 50


def test_review_lists_the_recommendation_and_reflects_its_answer(world):
    _, _, rec, review = play_scenario(world)
    assert review_draft(review).recommendations[0].answer_status == "in_progress"
    later = Review.objects.get(pk=review.pk)
    later.period_end = date(2023, 7, 31)
    assert review_draft(later).recommendations[0].answer_status == "overdue"
    services.recommendation_answer(
        actor=world.users["central"],
        recommendation=rec,
        outcome="partly_accepted",
        answer="Tiếp thu một phần.",
        on=date(2023, 7, 10),
    )
    assert review_draft(later).recommendations[0].answer_status == "done_late"
    assert [v.host_unit for v in review_draft(later).visits] == [world.standing]


def test_review_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _, _, _, review = play_scenario(world)
    with django_assert_max_num_queries(12):
        review_draft(review)


def test_coverage_colours_each_unit_by_what_it_did(world, django_assert_num_queries):
    play_scenario(world)
    with django_assert_num_queries(3):
        cov = coverage(world.resolution, world.hanoi)
    states = {n.name: n.state for n in cov.nodes}
    assert states["Thành ủy Hà Nội"] == ISSUED
    assert states["Sở Nội vụ Hà Nội"] == ISSUED
    assert states["Văn phòng Thành ủy Hà Nội"] == TASKS
    assert states["Đảng ủy phường Mẫu 1"] == TASKS
    assert states["Đảng ủy phường Mẫu 2"] == NONE
    assert cov.counts == {ISSUED: 2, TASKS: 2, NONE: 2}


def test_coverage_as_of_a_day_before_the_plan_ignores_it(world):
    play_scenario(world)
    cov = coverage(world.resolution, world.hanoi, as_of=date(2022, 2, 1))
    states = {n.name: n.state for n in cov.nodes}
    assert states["Sở Nội vụ Hà Nội"] == NONE
