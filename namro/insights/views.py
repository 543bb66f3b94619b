"""Pages: the unit dashboard as of a date, and evaluation by results."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from namro.access import policy
from namro.access.policy import Action
from namro.orgs.models import Unit
from namro.tasks import rules
from namro.tasks.labels import STATUS_LABELS
from namro.tasks.models import Task
from namro.tasks.tally import COLUMNS

from .dashboard import task_list_url, unit_dashboard
from .evaluation import Period, discipline, evaluate_unit, sibling_ranking
from .models import ClosedPeriod
from .services import period_close, period_correct, period_figures


def parse_day(value: Any, name: str = "as_of") -> date:
    """A date from ``yyyy-mm-dd`` or ``dd/mm/yyyy``; today when empty."""
    text = str(value or "").strip()
    if not text:
        return timezone.localdate()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError({name: _("«%(v)s» không phải là ngày (dd/mm/yyyy).") % {"v": text}})


def unit_in_scope(user: Any, pk: int | None) -> Unit:
    """The unit ``pk`` if the user may see it (404 otherwise); without ``pk`` the highest
    unit of the user's scope."""
    units = policy.visible_units(user)
    if pk is not None:
        unit = units.filter(pk=pk).first()
    else:
        unit = policy.root_units(user).order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return unit


@login_required
def dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    unit = unit_in_scope(request.user, pk)
    error = ""
    try:
        as_of = parse_day(request.GET.get("as_of"))
    except ValidationError as exc:
        error = " ".join(exc.messages)
        as_of = timezone.localdate()
    board = unit_dashboard(unit, as_of, user=request.user)
    if board is None:
        raise Http404
    labels = [str(STATUS_LABELS[c]) for c in COLUMNS]
    chart = {
        "statuses": list(COLUMNS),
        "labels": labels,
        "children": [
            {"name": c.name, "counts": [getattr(c, s) for s in COLUMNS]}
            for c in board.summary.children
        ],
        "months": [f"{m:%m/%Y}" for m in board.months],
        "trend": board.trend,
        "heatmap": board.heatmap,
        "text": {
            "overdue": str(STATUS_LABELS["overdue"]),
            "done_on_time": str(STATUS_LABELS["done_on_time"]),
            "done_late": str(STATUS_LABELS["done_late"]),
        },
    }
    rows = [
        {
            "counts": c,
            "cells": [
                (label, getattr(c, s), board.link(c.unit_id, status=s))
                for label, s in zip(labels, COLUMNS, strict=True)
            ],
            "link": board.link(c.unit_id),
        }
        for c in [board.summary.unit, *board.summary.children]
    ]
    return render(
        request,
        "insights/dashboard.html",
        {
            "board": board,
            "unit": unit,
            "as_of": as_of,
            "error": error,
            "labels": labels,
            "rows": rows,
            "chart": chart,
            "ancestors": list(policy.visible_units(request.user, Unit.objects.ancestors_of(unit))),
        },
    )


RATING_LABELS = {
    "excellent": gettext_lazy("Hoàn thành xuất sắc nhiệm vụ"),
    "good": gettext_lazy("Hoàn thành tốt nhiệm vụ"),
    "adequate": gettext_lazy("Hoàn thành nhiệm vụ"),
    "failed": gettext_lazy("Không hoàn thành nhiệm vụ"),
}


def period_from(params: Any) -> Period:
    """The period asked for (``kind``, ``year``, ``number``); the last quarter by default."""
    today = timezone.localdate()
    last_quarter = (today.month - 1) // 3 or 4
    default_year = today.year if (today.month - 1) // 3 else today.year - 1
    kind = params.get("kind") or "quarter"
    try:
        year = int(params.get("year") or default_year)
        number = int(params.get("number") or (last_quarter if kind == "quarter" else 1))
        period = Period(kind, year, number)
        period.bounds  # noqa: B018 - checks the kind and number
    except ValueError:
        raise ValidationError({"period": _("Kỳ đánh giá không hợp lệ.")}) from None
    return period


OUTCOME_LABELS = {
    "done_on_time": gettext_lazy("Hoàn thành đúng hạn"),
    "done_late": gettext_lazy("Hoàn thành quá hạn"),
    "overdue": gettext_lazy("Chưa hoàn thành"),
}


@login_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_in_scope(request.user, pk)
    try:
        period = period_from(request.GET)
        against = rules.CountAgainst(request.GET.get("against") or "current")
    except (ValidationError, ValueError):
        raise Http404 from None
    start, end = period.bounds
    closed = ClosedPeriod.objects.filter(unit=unit, kind=period.kind, start=start).first()
    if request.method == "POST":
        try:
            if "reason" in request.POST and closed is not None:
                period_correct(actor=request.user, closed=closed, reason=request.POST["reason"])
                messages.success(request, _("Đã ghi nhận điều chỉnh sau khóa sổ."))
            else:
                period_close(actor=request.user, unit=unit, period=period, count_against=against)
                messages.success(request, _("Đã khóa sổ kỳ đánh giá."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(request.get_full_path())
    live = evaluate_unit(unit, period, user=request.user, count_against=against)
    ranking = sibling_ranking(unit, period, user=request.user, count_against=against)
    kept = discipline(unit, period, user=request.user, today=timezone.localdate())
    tasks = {
        t.pk: t
        for t in Task.objects.filter(
            pk__in=[p.product.task_id for p in live.products]
        ).select_related("lead_unit", "owner")
    }
    shown = period_figures(closed) if closed else live.as_dict()

    def link(unit_id: int, as_of: date = end, **params: Any) -> str:
        return task_list_url(
            unit=unit_id, role="lead", as_of=as_of.isoformat(), due_from=start.isoformat(),
            due_to=end.isoformat(), **params,
        )  # fmt: skip

    links = {
        "due": link(unit.pk),
        "done_on_time": link(unit.pk, status="done_on_time"),
        "done_late": link(unit.pk, status="done_late"),
        # What was not completed by the end of the period is overdue from the next day on.
        "overdue": link(unit.pk, end + timedelta(days=1), status="overdue"),
    }
    return render(
        request,
        "insights/evaluation.html",
        {
            "unit": unit,
            "period": period,
            "start": start,
            "end": end,
            "against": against.value,
            "figures": shown,
            "rating_label": RATING_LABELS.get(shown.get("rating") or "", ""),
            "live": live,
            "rows": [
                (p, tasks.get(p.product.task_id), OUTCOME_LABELS[p.product.outcome.value])
                for p in live.products
            ],
            "links": links,
            "ranking": [
                {
                    **r,
                    "rating_label": RATING_LABELS.get(r["evaluation"].rating or "", ""),
                    "link": link(r["unit_id"]),
                }
                for r in ranking
            ],
            "discipline": kept,
            "closed": closed,
            "corrections": list(closed.corrections.select_related("made_by")) if closed else [],
            "changed_since_closing": bool(closed) and live.as_dict()["score"] != shown.get("score"),
            "can_close": policy.allows(request.user, Action.PERIOD_CLOSE, unit),
            "kinds": [("month", _("Tháng")), ("quarter", _("Quý")), ("year", _("Năm"))],
        },
    )
