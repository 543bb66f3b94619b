"""The pure scoring of evaluation by results."""

from __future__ import annotations

from datetime import date

import pytest

from namro.insights.scoring import (
    Outcome,
    Product,
    Rating,
    Thresholds,
    Weights,
    evaluate,
    period_bounds,
    rank,
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
