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
    # One done on time, one overdue: half of what has come due (the one definition).
    assert draft.on_time_rate == 50
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
    # 11, and 2 for the overdue tasks with their explanations.
    with django_assert_max_num_queries(13):
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


def test_review_counts_a_delegated_part_once_with_its_parent(world):
    from namro.orgs.services import unit_create
    from namro.tasks.models import Task
    from namro.tasks.services import task_delegate

    *_, review = play_scenario(world)
    division = unit_create(
        actor=None,
        name="Phòng Công chức",
        kind="department",
        level="province",
        parent=world.department,
    )
    parent = Task.objects.get(action="Rà soát vị trí việc làm")
    task_delegate(
        actor=None, task=parent, lead_unit=division, action="Rà soát tại phòng", on=date(2023, 1, 5)
    )
    draft = review_draft(review)
    assert draft.total_tasks == 3
    assert sum(r["total"] for r in draft.by_unit) == 3
    assert "Phòng Công chức" not in {r["name"] for r in draft.by_unit}
    assert "nhiệm vụ gốc" in draft.counting_note


def test_a_review_of_the_department_counts_its_task_once_though_delegated(world):
    from namro.orgs.services import unit_create
    from namro.tasks.models import Task
    from namro.tasks.services import task_delegate

    play_scenario(world)
    division = unit_create(
        actor=None,
        name="Phòng Công chức",
        kind="department",
        level="province",
        parent=world.department,
    )
    parent = Task.objects.get(action="Rà soát vị trí việc làm")
    task_delegate(actor=None, task=parent, lead_unit=division, on=date(2023, 1, 5))
    review = services.review_create(
        actor=None,
        kind="interim",
        document=world.programme,
        unit=world.department,
        period_start=date(2022, 1, 1),
        period_end=date(2023, 6, 30),
    )
    assert review_draft(review).total_tasks == 1


def test_coverage_rolls_up_a_unit_whose_sub_units_all_covered(world, django_assert_num_queries):
    from namro.orgs.services import unit_create
    from namro.oversight.coverage import ALL_BELOW, NONE_BELOW, SOME_BELOW
    from namro.tasks.services import task_create

    play_scenario(world)
    ward = world.communes[1]
    hamlets = [
        unit_create(actor=None, name=f"Chi bộ mẫu {i}", kind="other", level="commune", parent=ward)
        for i in (1, 2)
    ]
    with django_assert_num_queries(3):
        cov = coverage(world.resolution, world.hanoi)
    nodes = {n.name: n for n in cov.nodes}
    assert nodes["Đảng ủy phường Mẫu 2"].below == NONE_BELOW
    assert nodes["Thành ủy Hà Nội"].below == SOME_BELOW
    for hamlet in hamlets:
        task_create(
            actor=None,
            document=world.programme,
            action="Quán triệt nghị quyết",
            lead_unit=hamlet,
            due_on=date(2023, 12, 31),
        )
    with django_assert_num_queries(3):
        cov = coverage(world.resolution, world.hanoi)
    nodes = {n.name: n for n in cov.nodes}
    ward_node = nodes["Đảng ủy phường Mẫu 2"]
    assert (ward_node.state, ward_node.below, ward_node.covered) == (NONE, ALL_BELOW, True)
    assert nodes["Chi bộ mẫu 1"].below == ""
    assert cov.covered_below == 1
    # The standing committee and the other office did nothing: the city is covered in part.
    assert nodes["Thành ủy Hà Nội"].below == SOME_BELOW


def test_review_lists_overdue_tasks_with_the_explanation_given_by_the_period_end(world):
    from namro.tasks.services import explanation_answer, explanation_ask

    *_, review = play_scenario(world)
    [row] = review_draft(review).overdue
    assert row.explanation is None and row.task.lead_unit.name == "Sở Nội vụ Hà Nội"
    request = explanation_ask(
        actor=None, task=row.task, question="Vì sao chậm?", on=date(2023, 6, 1)
    )
    explanation_answer(
        actor=None,
        request=request,
        reason="Chờ hướng dẫn của Bộ Nội vụ",
        remedy="Làm việc trực tiếp với Bộ",
        proposed_due_on=date(2023, 8, 31),
        on=date(2023, 6, 5),
    )
    [row] = review_draft(review).overdue
    assert row.explanation is not None
    assert (row.explanation.reason, row.explanation.proposed_due_on) == (
        "Chờ hướng dẫn của Bộ Nội vụ",
        date(2023, 8, 31),
    )
    earlier = Review.objects.get(pk=review.pk)
    earlier.period_end = date(2023, 6, 2)
    assert [r.explanation for r in review_draft(earlier).overdue] == [None]
