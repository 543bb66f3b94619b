"""The insights API: the dashboard summary as of a date (the page's own selector)."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from namro.api_support import ERRORS

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
def summary(request: HttpRequest, unit_id: int, as_of: date | None = None) -> dict:
    """Tasks by status as of ``as_of`` (default today) for the unit's subtree and for each
    child unit's, with the on-time completion rate. Out of scope: 404."""
    result = unit_summary(unit_id, as_of or timezone.localdate(), user=request.user)
    if result is None:
        raise Http404
    return result.to_json()
