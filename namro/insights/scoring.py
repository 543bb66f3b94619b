"""Evaluation by results (Decree 335/2025/NĐ-CP shape): pure functions, no Django.

Each task due in the period is a product worth 100 points, split between timeliness and
quality (``Weights``). A product completed late loses ``late_deduction`` of its timeliness
points; each completion sent back (a failed quality check) loses ``quality_deduction`` of its
quality points, down to none; a product not completed by the end of the period scores 0.
The score is the mean over the products; the rating comes from ``Thresholds``. Whether the
extended or the original deadline counts is the caller's ``rules.CountAgainst``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta


class Rating(enum.StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    ADEQUATE = "adequate"
    FAILED = "failed"


class Outcome(enum.StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Weights:
    """Shares of a product's 100 points, and what each fault takes from its share."""

    timeliness: float = 50.0
    quality: float = 50.0
    late_deduction: float = 0.25
    quality_deduction: float = 0.25


@dataclass(frozen=True)
class Thresholds:
    """Lowest score of each rating (≥ 90 excellent, 70–< 90 good, 50–< 70 adequate)."""

    excellent: float = 90.0
    good: float = 70.0
    adequate: float = 50.0

    def rate(self, score: float) -> Rating:
        if score >= self.excellent:
            return Rating.EXCELLENT
        if score >= self.good:
            return Rating.GOOD
        if score >= self.adequate:
            return Rating.ADEQUATE
        return Rating.FAILED


@dataclass(frozen=True)
class Product:
    """One task due in the period, as it stood at the end of the period."""

    task_id: int
    deadline: date
    outcome: Outcome
    sent_back: int = 0
    done_on: date | None = None


@dataclass(frozen=True)
class ProductScore:
    product: Product
    timeliness: float
    quality: float

    @property
    def points(self) -> float:
        return round(self.timeliness + self.quality, 2)


@dataclass(frozen=True)
class Evaluation:
    due: int
    done_on_time: int
    done_late: int
    overdue: int
    on_time_rate: float | None
    score: float | None
    rating: Rating | None
    products: Sequence[ProductScore] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {
            "due": self.due,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "overdue": self.overdue,
            "on_time_rate": self.on_time_rate,
            "score": self.score,
            "rating": self.rating.value if self.rating else None,
            "tasks": [
                {
                    "task_id": p.product.task_id,
                    "deadline": p.product.deadline.isoformat(),
                    "outcome": p.product.outcome.value,
                    "sent_back": p.product.sent_back,
                    "timeliness": p.timeliness,
                    "quality": p.quality,
                    "points": p.points,
                }
                for p in self.products
            ],
        }


def score_product(product: Product, weights: Weights) -> ProductScore:
    if product.outcome is Outcome.OVERDUE:
        return ProductScore(product, 0.0, 0.0)
    timeliness = weights.timeliness
    if product.outcome is Outcome.DONE_LATE:
        timeliness *= 1 - weights.late_deduction
    quality = weights.quality * max(0.0, 1 - weights.quality_deduction * product.sent_back)
    return ProductScore(product, round(timeliness, 2), round(quality, 2))


def evaluate(
    products: Sequence[Product],
    weights: Weights | None = None,
    thresholds: Thresholds | None = None,
) -> Evaluation:
    """Figures, score and rating of the products due in a period."""
    weights = weights or Weights()
    thresholds = thresholds or Thresholds()
    scored = [
        score_product(p, weights) for p in sorted(products, key=lambda p: (p.deadline, p.task_id))
    ]
    count = {o: sum(1 for p in products if p.outcome is o) for o in Outcome}
    due = len(products)
    score = round(sum(s.points for s in scored) / due, 2) if due else None
    return Evaluation(
        due=due,
        done_on_time=count[Outcome.DONE_ON_TIME],
        done_late=count[Outcome.DONE_LATE],
        overdue=count[Outcome.OVERDUE],
        on_time_rate=round(count[Outcome.DONE_ON_TIME] / due, 4) if due else None,
        score=score,
        rating=thresholds.rate(score) if score is not None else None,
        products=tuple(scored),
    )


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """First and last day of month ``number``, quarter ``number`` or the year ``year``."""
    if kind == "month":
        first_month, months = number, 1
    elif kind == "quarter":
        first_month, months = (number - 1) * 3 + 1, 3
    elif kind == "year":
        first_month, months = 1, 12
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    if not 1 <= first_month <= 12:
        raise ValueError(f"no {kind} {number}")
    last_month = first_month + months - 1
    end = date(year + last_month // 12, last_month % 12 + 1, 1)
    return date(year, first_month, 1), end - timedelta(days=1)


def rank(scores: dict[int, float | None]) -> list[tuple[int, int | None, float | None]]:
    """(id, rank, score) best first; equal scores share a rank; no score, no rank."""
    ordered = sorted(scores.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]))
    result: list[tuple[int, int | None, float | None]] = []
    previous: float | None = None
    position = 0
    for i, (key, score) in enumerate(ordered, start=1):
        if score is None:
            result.append((key, None, None))
            continue
        if score != previous:
            position, previous = i, score
        result.append((key, position, score))
    return result
