"""The insights API: the dashboard summary as of a date (the page's own selector)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from namro.access import policy
from namro.api_support import ERRORS, Day, Id
from namro.orgs.models import Unit
from namro.tasks import rules

from .evaluation import Period, discipline, evaluate_tree, sibling_ranking
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
    waived: bool = Field(
        ..., description="Cấp có thẩm quyền đã xác nhận nguyên nhân khách quan: không bị trừ điểm."
    )
    counted: bool = Field(
        ..., description="Tính vào điểm (sai khi chưa hoàn thành nhưng đã được xác nhận)."
    )


class EvaluationOut(Schema):
    due: int
    done_on_time: int
    done_late: int
    overdue: int
    on_time_rate: float | None
    score: float | None
    rating: str | None
    waived: int = Field(..., description="Sản phẩm có nguyên nhân khách quan được xác nhận.")
    counted: int = Field(..., description="Sản phẩm tính vào điểm.")
    quantity_rate: float | None = Field(
        ..., description="Số lượng: tỷ lệ sản phẩm hoàn thành trên số sản phẩm tính vào điểm."
    )
    timeliness: float | None = Field(..., description="Điểm tiến độ bình quân (trên 50).")
    quality: float | None = Field(..., description="Điểm chất lượng bình quân (trên 50).")
    task_count: int = Field(..., description="Số nhiệm vụ được tính điểm (mọi trang).")
    tasks: list[ProductOut] = Field(
        ...,
        description="Một trang các nhiệm vụ được tính điểm, theo thời hạn (tasks_offset, tasks_limit).",
    )


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
    children: list[RankOut] = Field(..., description="Các đơn vị trực thuộc, điểm cao trước.")
    discipline: DisciplineOut


@router.get("/units/{unit_id}/evaluation", response={200: UnitEvaluationOut, **ERRORS})
def unit_evaluation(
    request: HttpRequest,
    unit_id: Id,
    year: Annotated[int, Field(ge=1900, le=2999)],
    kind: Literal["month", "quarter", "year"] = "quarter",
    number: Annotated[int, Field(ge=1, le=12)] = 1,
    count_against: Literal["current", "original"] = "current",
    tasks_offset: Annotated[int, Field(ge=0)] = 0,
    tasks_limit: Annotated[int, Field(ge=1, le=1000)] = 100,
) -> dict:
    """Tasks due in the period, done on time / late, not done, score, rating (with a page of
    the tasks behind the points), the ranking of sibling units and that of the child units.
    Out of scope: 404."""
    unit = policy.visible_units(request.user, Unit.objects.filter(pk=unit_id)).first()
    if unit is None:
        raise Http404
    period = Period(kind, year, number)
    try:
        period.bounds  # noqa: B018 - checks the number
    except ValueError:
        raise ValidationError({"number": "Số tháng/quý không hợp lệ."}) from None
    against = rules.CountAgainst(count_against)
    tree = evaluate_tree(unit, period, user=request.user, count_against=against)
    result = tree.evaluation
    ranking = sibling_ranking(unit, period, user=request.user, count_against=against, own=result)
    kept = discipline(unit, period, user=request.user, today=timezone.localdate())
    figures = result.as_dict(tasks=slice(tasks_offset, tasks_offset + tasks_limit))
    return {
        "unit_id": unit.pk,
        "kind": kind,
        "year": year,
        "number": number,
        "count_against": against.value,
        "evaluation": {**figures, "task_count": result.due},
        "ranking": [_rank_out(r) for r in ranking],
        "children": [_rank_out(c) for c in tree.children],
        "discipline": kept.as_dict(),
    }


def _rank_out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "unit_id": row["unit_id"],
        "name": row["name"],
        "rank": row["rank"],
        "score": row["evaluation"].score,
        "rating": row["evaluation"].rating,
    }
