"""The reports API: the figures of a unit's periodic report for a period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from namro.access import policy
from namro.api_support import ERRORS, Id
from namro.orgs.models import Unit

from . import periods
from .drafting import sections
from .periodic_data import periodic_report

router = Router(tags=["reports"])


class ReportBucketsOut(Schema):
    unit_id: int
    name: str
    done_on_time: int
    done_late: int
    in_progress: int = Field(..., description="Chưa hoàn thành, trong hạn.")
    overdue: int = Field(..., description="Chưa hoàn thành, quá hạn.")
    total: int
    on_time_rate: float | None


class ReportExplanationOut(Schema):
    reason: str
    remedy: str
    answered_on: str


class ReportTaskRowOut(Schema):
    id: int
    action: str
    lead_unit: str | None
    owner: str | None
    is_key: bool
    is_breakthrough: bool
    status: str
    deadline: date | None
    days_late: int | None
    explanation: ReportExplanationOut | None


class ReportExtensionOut(Schema):
    task_id: int
    action: str
    previous_due_on: date
    new_due_on: date
    granted_on: date | None


class ReportRecommendationOut(Schema):
    id: int
    subject: str
    raised_by: str
    responsible_unit: str
    raised_on: date
    state: str
    answer_status: str | None


class ReportIndicatorOut(Schema):
    id: int
    name: str
    unit_of_measure: str
    baseline: float | None
    target: float
    latest: float | None
    achieved_percent: float | None


class ReportSectionOut(Schema):
    key: str
    heading: str
    paragraphs: list[str]


class PeriodicOut(Schema):
    unit_id: int
    period: str
    calendar: bool
    start: date
    end: date = Field(..., description="Ngày chốt số liệu.")
    table: ReportBucketsOut
    children: list[ReportBucketsOut]
    ongoing: int
    assigned_in_window: int
    done_in_window: int
    key_task_count: int
    key_tasks: list[ReportTaskRowOut]
    overdue_count: int
    overdue: list[ReportTaskRowOut]
    extension_count: int
    extensions: list[ReportExtensionOut]
    recommendation_count: int
    recommendations: list[ReportRecommendationOut]
    indicators: list[ReportIndicatorOut]
    coming_count: int
    sections: list[ReportSectionOut]


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


@router.get("/periodic", response={200: PeriodicOut, **ERRORS})
def periodic(request: HttpRequest, unit: Id, period: str, calendar: bool = False) -> dict:
    """The figures of the unit's periodic report: the four figures as of the cut-off (done on
    time, done late, not done within the deadline, not done overdue) for the unit and each
    child unit, the key tasks, the overdue list, extensions granted in the window,
    recommendations, indicators and the drafted headings. ``period``: 2026-Q3, 2026-M10,
    2026-H1 or 2026; windows per Decree 09/2019 unless ``calendar``. Out of scope: 404."""
    try:
        chosen = periods.parse(period)
    except periods.PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    found = policy.visible_units(request.user, Unit.objects.filter(pk=unit)).first()
    if found is None:
        raise Http404
    report = periodic_report(found, chosen, user=request.user, calendar=calendar)
    return {
        "unit_id": found.pk,
        "period": chosen.code,
        "calendar": calendar,
        "start": report.start,
        "end": report.end,
        "table": report.table.to_json(),
        "children": [c.to_json() for c in report.children],
        "ongoing": report.ongoing,
        "assigned_in_window": report.assigned_in_window,
        "done_in_window": report.done_in_window,
        "key_task_count": report.key_tasks.total,
        "key_tasks": [r.to_json() for r in report.key_tasks.rows],
        "overdue_count": report.overdue.total,
        "overdue": [r.to_json() for r in report.overdue.rows],
        "extension_count": report.extensions.total,
        "extensions": [
            {
                "task_id": e.task_id,
                "action": e.task.action,
                "previous_due_on": e.previous_due_on,
                "new_due_on": e.requested_due_on,
                "granted_on": e.decided_on,
            }
            for e in report.extensions.rows
        ],
        "recommendation_count": report.recommendations.total,
        "recommendations": [
            {
                "id": r.pk,
                "subject": r.subject,
                "raised_by": r.raised_by.name,
                "responsible_unit": r.responsible_unit.name,
                "raised_on": r.raised_on,
                "state": r.state,
                "answer_status": r.answer_status,
            }
            for r in report.recommendations.rows
        ],
        "indicators": [
            {
                "id": r.indicator.pk,
                "name": r.indicator.name,
                "unit_of_measure": r.indicator.unit_of_measure,
                "baseline": _float(r.indicator.baseline),
                "target": float(r.indicator.target),
                "latest": _float(r.latest.value if r.latest else None),
                "achieved_percent": _float(r.achieved_percent),
            }
            for r in report.indicators
        ],
        "coming_count": report.coming.total,
        "sections": [s.__dict__ for s in sections(report)],
    }
