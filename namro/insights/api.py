"""The insights API: the dashboard summary as of a date (the page's own selector)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from namro.access import policy
from namro.api_support import ERRORS, Day, Id
from namro.orgs.models import Unit
from namro.tasks import rules

from .evaluation import Period, discipline, evaluate_unit, sibling_ranking
from .selectors import unit_summary

router = Router(tags=["insights"])


class CountsOut(Schema):
    unit_id: int
    name: str
    in_progress: int
    overdue: int
    done_on_time: int
    done_late: int
    ongoing: int
    cancelled: int
    total: int
    on_time_rate: float | None


class SummaryOut(Schema):
    as_of: date
    unit: CountsOut
    children: list[CountsOut]


@router.get("/units/{unit_id}/summary", response={200: SummaryOut, **ERRORS})
def summary(request: HttpRequest, unit_id: Id, as_of: Day | None = None) -> dict:
    """Tasks by status as of ``as_of`` (default today) for the unit's subtree and for each
    child unit's, with the on-time completion rate. Out of scope: 404."""
    result = unit_summary(unit_id, as_of or timezone.localdate(), user=request.user)
    if result is None:
        raise Http404
    return result.to_json()


class ProductOut(Schema):
    task_id: int
    deadline: date
    outcome: str
    sent_back: int
    timeliness: float
    quality: float
    points: float


class EvaluationOut(Schema):
    due: int
    done_on_time: int
    done_late: int
    overdue: int
    on_time_rate: float | None
    score: float | None
    rating: str | None
    tasks: list[ProductOut]


class RankOut(Schema):
    unit_id: int
    name: str
    rank: int | None
    score: float | None
    rating: str | None


class LateEntryOut(Schema):
    document_id: int
    number: str
    title: str
    received_on: date
    due_on: date = Field(..., description="Hạn nhập nhiệm vụ (ngày làm việc).")
    entered_on: date | None
    days_late: int = Field(..., description="Số ngày làm việc nhập chậm.")


class DisciplineOut(Schema):
    """Shown beside the score, not part of it."""

    received: int = Field(..., description="Văn bản đến trong kỳ.")
    late_entry_count: int
    late_entries: list[LateEntryOut]
    explanations_asked: int = Field(..., description="Yêu cầu giải trình nhận trong kỳ.")
    explanations_answered: int
    explanations_accepted: int


class UnitEvaluationOut(Schema):
    unit_id: int
    kind: str
    year: int
    number: int
    count_against: str
    evaluation: EvaluationOut
    ranking: list[RankOut]
    discipline: DisciplineOut


@router.get("/units/{unit_id}/evaluation", response={200: UnitEvaluationOut, **ERRORS})
def unit_evaluation(
    request: HttpRequest,
    unit_id: Id,
    year: Annotated[int, Field(ge=1900, le=2999)],
    kind: Literal["month", "quarter", "year"] = "quarter",
    number: Annotated[int, Field(ge=1, le=12)] = 1,
    count_against: Literal["current", "original"] = "current",
) -> dict:
    """Tasks due in the period, done on time / late, not done, score, rating (with the tasks
    behind every point) and the ranking of sibling units. Out of scope: 404."""
    unit = policy.visible_units(request.user, Unit.objects.filter(pk=unit_id)).first()
    if unit is None:
        raise Http404
    period = Period(kind, year, number)
    try:
        period.bounds  # noqa: B018 - checks the number
    except ValueError:
        raise ValidationError({"number": "Số tháng/quý không hợp lệ."}) from None
    against = rules.CountAgainst(count_against)
    result = evaluate_unit(unit, period, user=request.user, count_against=against)
    ranking = sibling_ranking(unit, period, user=request.user, count_against=against)
    kept = discipline(unit, period, user=request.user, today=timezone.localdate())
    return {
        "unit_id": unit.pk,
        "kind": kind,
        "year": year,
        "number": number,
        "count_against": against.value,
        "evaluation": result.as_dict(),
        "ranking": [
            {
                "unit_id": r["unit_id"],
                "name": r["name"],
                "rank": r["rank"],
                "score": r["evaluation"].score,
                "rating": r["evaluation"].rating,
            }
            for r in ranking
        ],
        "discipline": kept.as_dict(),
    }
