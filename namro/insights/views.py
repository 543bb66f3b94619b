"""Pages: the unit dashboard as of a date, and evaluation by results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.orgs.models import Unit

from .dashboard import unit_dashboard
from .tally import COLUMNS


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
        scope = policy.scopes(user)
        ids = [s.unit_id for s in scope]
        unit = (units.filter(pk__in=ids) if ids else units).order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return unit


STATUS_LABELS = {
    "in_progress": _("Đang thực hiện"),
    "overdue": _("Quá hạn"),
    "done_on_time": _("Hoàn thành đúng hạn"),
    "done_late": _("Hoàn thành quá hạn"),
    "ongoing": _("Thường xuyên"),
    "cancelled": _("Dừng / hủy"),
}


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
