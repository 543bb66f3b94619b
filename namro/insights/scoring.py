"""Evaluation by results (Decree 335/2025/NĐ-CP shape): pure functions, no Django.

Each task due in the period is a product worth 100 points, split between timeliness and
quality (``Weights``). A product completed late loses ``late_deduction`` of its timeliness
points; each completion sent back (a failed quality check) loses ``quality_deduction`` of its
quality points, down to none; a product not completed by the end of the period scores 0.
A product *waived* (a competent authority confirmed an objective cause) loses nothing for being
late or sent back, and, if it was not completed, is left out of the score (listed, not
counted). The score is the mean over the products counted; the rating comes from
``Thresholds``. Whether the extended or the original deadline counts is the caller's
``rules.CountAgainst``.

Beside the score, the three measures: quantity (the share of the products counted that were
completed), quality and timeliness (the mean points of each share). Within a unit,
``cap_excellent`` keeps the excellent ratings to a share of those rated good or above, and
``leader_result`` adds to a head's own score the component of the results of the sub-units.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple, overload


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


class Product(NamedTuple):
    """One task due in the period, as it stood at the end of the period (a tuple: a
    national year holds hundreds of thousands)."""

    task_id: int
    deadline: date
    outcome: Outcome
    sent_back: int = 0
    done_on: date | None = None
    waived: bool = False


@dataclass(frozen=True)
class ProductScore:
    product: Product
    timeliness: float
    quality: float
    counted: bool = True
    """False for a waived product not completed: listed, left out of the score."""

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
    waived: int = 0
    counted: int | None = None
    """Products in the score: ``due`` less the waived products not completed."""
    timeliness: float | None = None
    quality: float | None = None

    @property
    def completed(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def quantity_rate(self) -> float | None:
        """Quantity: the share of the products counted that were completed."""
        counted = self.due if self.counted is None else self.counted
        if not counted:
            return None
        # Only a product not completed is ever left out, so every completed one is counted.
        return round(self.completed / counted, 4)

    def as_dict(self, tasks: slice = slice(None)) -> dict[str, object]:
        """The figures, and the scored tasks of ``tasks`` (all by default)."""
        return {
            "due": self.due,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "overdue": self.overdue,
            "on_time_rate": self.on_time_rate,
            "score": self.score,
            "rating": self.rating.value if self.rating else None,
            "waived": self.waived,
            "counted": self.due if self.counted is None else self.counted,
            "quantity_rate": self.quantity_rate,
            "timeliness": self.timeliness,
            "quality": self.quality,
            "tasks": [
                {
                    "task_id": p.product.task_id,
                    "deadline": p.product.deadline.isoformat(),
                    "outcome": p.product.outcome.value,
                    "sent_back": p.product.sent_back,
                    "timeliness": p.timeliness,
                    "quality": p.quality,
                    "points": p.points,
                    "waived": p.product.waived,
                    "counted": p.counted,
                }
                for p in self.products[tasks]
            ],
        }


def score_product(product: Product, weights: Weights) -> ProductScore:
    if product.outcome is Outcome.OVERDUE:
        return ProductScore(product, 0.0, 0.0, counted=not product.waived)
    timeliness = weights.timeliness
    if product.outcome is Outcome.DONE_LATE and not product.waived:
        timeliness *= 1 - weights.late_deduction
    sent_back = 0 if product.waived else product.sent_back
    quality = weights.quality * max(0.0, 1 - weights.quality_deduction * sent_back)
    return ProductScore(product, round(timeliness, 2), round(quality, 2))


class ScoredProducts(Sequence[ProductScore]):
    """The products of an evaluation in deadline order, scored when read: a page of a large
    subtree's evaluation sorts once and scores only the rows it shows, and an evaluation
    whose rows nobody reads (a child unit in a ranking) neither sorts nor scores them."""

    def __init__(self, products: Sequence[Product], weights: Weights) -> None:
        self._products = products
        self._weights = weights
        self._ordered: list[Product] | None = None

    def _sorted(self) -> list[Product]:
        if self._ordered is None:
            self._ordered = sorted(self._products, key=lambda p: (p.deadline, p.task_id))
        return self._ordered

    def __len__(self) -> int:
        return len(self._products)

    @overload
    def __getitem__(self, index: int) -> ProductScore: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ProductScore]: ...
    def __getitem__(self, index: int | slice) -> ProductScore | Sequence[ProductScore]:
        if isinstance(index, slice):
            return [score_product(p, self._weights) for p in self._sorted()[index]]
        return score_product(self._sorted()[index], self._weights)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def evaluate(
    products: Sequence[Product],
    weights: Weights | None = None,
    thresholds: Thresholds | None = None,
) -> Evaluation:
    """Figures, score and rating of the products due in a period.

    A product's points depend only on its outcome and how often it was sent back, so the
    score is summed over those few groups, not product by product."""
    weights = weights or Weights()
    thresholds = thresholds or Thresholds()
    groups = Counter((p.outcome, p.sent_back, p.waived) for p in products)
    count = dict.fromkeys(Outcome, 0)
    total = timeliness = quality = 0.0
    counted = waived = 0
    for (outcome, sent_back, is_waived), n in sorted(groups.items()):
        count[outcome] += n
        waived += n if is_waived else 0
        scored = score_product(Product(0, date.min, outcome, sent_back, None, is_waived), weights)
        if scored.counted:
            counted += n
            total += scored.points * n
            timeliness += scored.timeliness * n
            quality += scored.quality * n
    due = len(products)
    score = round(total / counted, 2) if counted else None
    return Evaluation(
        due=due,
        done_on_time=count[Outcome.DONE_ON_TIME],
        done_late=count[Outcome.DONE_LATE],
        overdue=count[Outcome.OVERDUE],
        on_time_rate=round(count[Outcome.DONE_ON_TIME] / due, 4) if due else None,
        score=score,
        rating=thresholds.rate(score) if score is not None else None,
        products=ScoredProducts(products, weights),
        waived=waived,
        counted=counted,
        timeliness=round(timeliness / counted, 2) if counted else None,
        quality=round(quality / counted, 2) if counted else None,
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


def tie_order(
    scores: dict[int, tuple[float | None, float | None]],
) -> list[int]:
    """Keys best first: higher score, then higher on-time rate, then the lower key (the one
    recorded first). The order that decides who stays excellent under the cap; the ranking
    itself (``rank``) still shows equal scores as ties."""

    def key(item: tuple[int, tuple[float | None, float | None]]) -> tuple[bool, float, float, int]:
        pk, (score, on_time) = item
        return (score is None, -(score or 0), -(on_time or 0), pk)

    return [pk for pk, _ in sorted(scores.items(), key=key)]


@dataclass(frozen=True)
class Capped:
    """Ratings after the cap: ``ratings`` as shown, ``capped`` those shown good in place of
    the excellent their score earned, ``allowed`` how many excellent the unit may show."""

    ratings: dict[int, Rating | None]
    capped: frozenset[int]
    allowed: int
    rated_good_or_above: int


def cap_excellent(
    ratings: dict[int, Rating | None], order: Sequence[int], percent: int = 20
) -> Capped:
    """At most ``percent``% (rounded down) of those rated good or above within a unit are
    rated excellent; the excellent beyond it, last in ``order``, are shown as good."""
    good_or_above = sum(1 for r in ratings.values() if r in (Rating.EXCELLENT, Rating.GOOD))
    allowed = good_or_above * percent // 100
    shown = dict(ratings)
    capped: set[int] = set()
    kept = 0
    for key in order:
        if shown.get(key) is not Rating.EXCELLENT:
            continue
        if kept < allowed:
            kept += 1
        else:
            shown[key] = Rating.GOOD
            capped.add(key)
    return Capped(shown, frozenset(capped), allowed, good_or_above)


@dataclass(frozen=True)
class LeaderWeights:
    """A head's score: ``1 - unit_share`` of their own products' score and ``unit_share`` of
    the unit-results component, worth ``full`` points when every sub-unit rated is at least
    adequate and ``some_failing`` points when one or more is rated failed."""

    unit_share: float = 0.5
    full: float = 100.0
    some_failing: float = 50.0


@dataclass(frozen=True)
class LeaderResult:
    own: float | None
    component: float | None
    """The unit-results component's points; None when the unit has no sub-unit rated."""
    failing: tuple[int, ...]
    """The sub-units rated failed."""
    score: float | None
    rating: Rating | None


def leader_result(
    own: float | None,
    sub_units: dict[int, Rating | None],
    weights: LeaderWeights | None = None,
    thresholds: Thresholds | None = None,
) -> LeaderResult:
    """A head's score from their own products' score and the ratings of the unit's sub-units
    (unrated sub-units, with nothing due, do not count)."""
    weights = weights or LeaderWeights()
    thresholds = thresholds or Thresholds()
    rated = {pk: r for pk, r in sub_units.items() if r is not None}
    failing = tuple(sorted(pk for pk, r in rated.items() if r is Rating.FAILED))
    component = None
    if rated:
        component = weights.some_failing if failing else weights.full
    if component is None:
        score = own
    elif own is None:
        score = component
    else:
        score = round(own * (1 - weights.unit_share) + component * weights.unit_share, 2)
    return LeaderResult(
        own=own,
        component=component,
        failing=failing,
        score=score,
        rating=thresholds.rate(score) if score is not None else None,
    )
