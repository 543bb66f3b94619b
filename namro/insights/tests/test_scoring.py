"""The pure scoring of evaluation by results."""

from __future__ import annotations

from datetime import date

import pytest

from namro.insights.scoring import (
    LeaderWeights,
    Outcome,
    Product,
    Rating,
    Thresholds,
    Weights,
    cap_excellent,
    evaluate,
    leader_result,
    period_bounds,
    rank,
    tie_order,
)

DAY = date(2025, 3, 31)


def p(i: int, outcome: Outcome, sent_back: int = 0) -> Product:
    return Product(i, DAY, outcome, sent_back)


def test_all_on_time_scores_100_and_excellent() -> None:
    result = evaluate([p(1, Outcome.DONE_ON_TIME), p(2, Outcome.DONE_ON_TIME)])
    assert (result.score, result.rating, result.on_time_rate) == (100.0, Rating.EXCELLENT, 1.0)


def test_late_completion_loses_a_quarter_of_timeliness() -> None:
    result = evaluate([p(1, Outcome.DONE_LATE)])
    assert result.score == 87.5
    assert result.rating is Rating.GOOD


def test_sent_back_completion_counts_against_quality() -> None:
    result = evaluate([p(1, Outcome.DONE_ON_TIME, sent_back=2)])
    assert result.products[0].quality == 25.0
    assert result.score == 75.0


def test_not_completed_scores_zero_and_fails() -> None:
    result = evaluate([p(1, Outcome.OVERDUE), p(2, Outcome.DONE_ON_TIME)])
    assert result.score == 50.0
    assert result.rating is Rating.ADEQUATE
    assert evaluate([p(1, Outcome.OVERDUE)]).rating is Rating.FAILED


def test_nothing_due_has_no_score() -> None:
    result = evaluate([])
    assert (result.score, result.rating, result.on_time_rate) == (None, None, None)


def test_weights_and_thresholds_are_configurable() -> None:
    weights = Weights(timeliness=80, quality=20, late_deduction=0.5)
    result = evaluate([p(1, Outcome.DONE_LATE)], weights, Thresholds(excellent=95, good=50))
    assert result.score == 60.0
    assert result.rating is Rating.GOOD


@pytest.mark.parametrize(
    ("score", "rating"),
    [(90, Rating.EXCELLENT), (89.99, Rating.GOOD), (70, Rating.GOOD), (50, Rating.ADEQUATE),
     (49.9, Rating.FAILED)],
)  # fmt: skip
def test_default_thresholds_follow_decree_335(score: float, rating: Rating) -> None:
    assert Thresholds().rate(score) is rating


def test_every_point_lists_its_task() -> None:
    result = evaluate([p(7, Outcome.DONE_LATE), p(3, Outcome.OVERDUE)])
    assert [row["task_id"] for row in result.as_dict()["tasks"]] == [3, 7]


def test_period_bounds() -> None:
    assert period_bounds("quarter", 2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    assert period_bounds("month", 2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("year", 2025) == (date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(ValueError):
        period_bounds("quarter", 2025, 5)


def test_equal_scores_share_a_rank() -> None:
    assert rank({1: 80.0, 2: 95.0, 3: 80.0, 4: None}) == [
        (2, 1, 95.0),
        (1, 2, 80.0),
        (3, 2, 80.0),
        (4, None, None),
    ]


def test_a_waiver_takes_the_deductions_away_and_leaves_an_unfinished_product_out() -> None:
    late = Product(1, DAY, Outcome.DONE_LATE, 1, None, True)
    missing = Product(2, DAY, Outcome.OVERDUE, 0, None, True)
    result = evaluate([late, missing, p(3, Outcome.DONE_LATE)])
    assert (result.due, result.waived, result.counted) == (3, 2, 2)
    assert result.score == 93.75  # (100 + 87.5) / 2
    assert (result.timeliness, result.quality, result.quantity_rate) == (43.75, 50.0, 1.0)
    assert [(r["task_id"], r["counted"]) for r in result.as_dict()["tasks"]] == [
        (1, True), (2, False), (3, True),
    ]  # fmt: skip
    only_waived = evaluate([missing])
    assert (only_waived.score, only_waived.rating, only_waived.quantity_rate) == (None, None, None)


def test_the_cap_keeps_a_fifth_of_those_good_or_above_excellent_in_the_order_given() -> None:
    E, G, A = Rating.EXCELLENT, Rating.GOOD, Rating.ADEQUATE
    ratings = {1: E, 2: E, 3: E, 4: G, 5: G, 6: A, 7: None}
    capped = cap_excellent(ratings, order=[3, 1, 2, 4, 5, 6, 7])
    assert (capped.rated_good_or_above, capped.allowed) == (5, 1)
    assert capped.ratings == {1: G, 2: G, 3: E, 4: G, 5: G, 6: A, 7: None}
    assert capped.capped == {1, 2}
    assert cap_excellent({1: E, 2: G, 3: G, 4: G}, order=[1, 2, 3, 4]).ratings[1] is G  # 4//5 = 0
    assert cap_excellent({1: E, 2: E}, order=[1, 2], percent=50).capped == {2}


def test_ties_are_ordered_by_on_time_rate_then_by_who_came_first() -> None:
    order = tie_order(
        {5: (100.0, 1.0), 2: (100.0, 0.5), 9: (100.0, 1.0), 1: (80.0, 1.0), 4: (None, None)}
    )
    assert order == [5, 9, 2, 1, 4]


def test_a_head_scores_half_on_the_sub_units() -> None:
    E, F = Rating.EXCELLENT, Rating.FAILED
    assert leader_result(80.0, {1: E, 2: Rating.ADEQUATE}).score == 90.0  # 40 + 50
    one_failing = leader_result(80.0, {1: E, 2: F, 3: None})
    assert (one_failing.component, one_failing.failing, one_failing.score) == (50.0, (2,), 65.0)
    assert leader_result(80.0, {1: F, 2: F}).component == 50.0
    assert leader_result(80.0, {1: None}).score == 80.0  # no sub-unit rated: own score alone
    assert leader_result(None, {1: F}).score == 50.0
    weighted = leader_result(80.0, {1: F}, LeaderWeights(unit_share=0.3))
    assert weighted.score == 71.0  # 0.7 × 80 + 0.3 × 50
