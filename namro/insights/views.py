"""Pages: the unit dashboard as of a date, and evaluation by results."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from namro.access import policy
from namro.access.policy import Action
from namro.core.downloads import export_url, wants_xlsx, xlsx_attachment
from namro.core.pages import query_without
from namro.orgs.models import Person, Position, Unit
from namro.tasks import rules
from namro.tasks.labels import STATUS_LABELS
from namro.tasks.models import Task
from namro.tasks.tally import COLUMNS

from . import scoring
from .dashboard import chart_summaries, task_list_url, unit_dashboard
from .evaluation import (
    Period,
    PersonResult,
    discipline,
    evaluate_people,
    evaluate_person,
    evaluate_tree,
    sibling_ranking,
)
from .excel import EvaluationSheets, write_dashboard, write_evaluation
from .models import ClosedPeriod, Waiver
from .selectors import unit_summary
from .services import period_close, period_correct, period_figures, waiver_record


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


# Units in the dashboard's bar chart and rows in its heatmap unless all are asked for: what a
# chart can label legibly; the tables beside the charts hold every unit.
CHART_UNITS = 10
HEATMAP_ROWS = 30


def _with_query(request: HttpRequest, **params: str) -> str:
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = value
    return f"?{query.urlencode()}"


@login_required
def dashboard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    unit = unit_in_scope(request.user, pk)
    error = ""
    try:
        as_of = parse_day(request.GET.get("as_of"))
    except ValidationError as exc:
        error = " ".join(exc.messages)
        as_of = timezone.localdate()
    if wants_xlsx(request) and not error:
        summary = unit_summary(unit.pk, as_of, user=request.user)
        if summary is None:
            raise Http404
        return xlsx_attachment(write_dashboard(summary), "tong-hop")
    board = unit_dashboard(unit, as_of, user=request.user)
    if board is None:
        raise Http404
    labels = [str(STATUS_LABELS[c]) for c in COLUMNS]
    # The worst first: most overdue, then most in progress; the chart shows the first
    # ``CHART_UNITS`` unless all are asked for, the table beside it every one.
    children = sorted(board.summary.children, key=lambda c: (-c.overdue, -c.in_progress, c.name))
    all_units = request.GET.get("units") == "all"
    charted = children if all_units else children[:CHART_UNITS]
    heatmap = sorted(board.heatmap, key=lambda r: (-sum(r["overdue"]), r["name"]))
    all_heat = request.GET.get("heatmap") == "all"
    chart = {
        "statuses": list(COLUMNS),
        "labels": labels,
        "children": [{"name": c.name, "counts": [getattr(c, s) for s in COLUMNS]} for c in charted],
        "months": [f"{m:%m/%Y}" for m in board.months],
        "trend": board.trend,
        "heatmap": heatmap if all_heat else heatmap[:HEATMAP_ROWS],
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
        for c in [board.summary.unit, *children]
    ]
    more = {
        "units": len(children) - len(charted),
        "units_url": _with_query(request, units="all"),
        "heatmap": len(heatmap) - len(chart["heatmap"]),
        "heatmap_url": _with_query(request, heatmap="all"),
    }
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
            "more": more,
            "said": chart_summaries(children, as_of, board.trend, heatmap),
            "trend_rows": list(zip(chart["months"], board.trend, strict=False)),
            "heatmap_rows": chart["heatmap"],
            "export_url": export_url(request, as_of=as_of.isoformat()),
            "ancestors": list(policy.visible_units(request.user, Unit.objects.ancestors_of(unit))),
        },
    )


EVALUATION_PAGE = 50  # scored tasks, child units' late entries: rows a page shows

RATING_LABELS = {
    "excellent": gettext_lazy("Hoàn thành xuất sắc nhiệm vụ"),
    "good": gettext_lazy("Hoàn thành tốt nhiệm vụ"),
    "adequate": gettext_lazy("Hoàn thành nhiệm vụ"),
    "failed": gettext_lazy("Không hoàn thành nhiệm vụ"),
}

AGAINST_LABELS = {
    "current": gettext_lazy("đã gia hạn (đang có hiệu lực)"),
    "original": gettext_lazy("ban đầu"),
}


ROMAN = ["I", "II", "III", "IV"]


def period_label(period: Period) -> str:
    """How an office names a period: "Tháng 11/2026", "Quý III/2026", "Năm 2026"."""
    if period.kind == "month":
        return _("Tháng %(n)s/%(y)s") % {"n": period.number, "y": period.year}
    if period.kind == "quarter":
        return _("Quý %(n)s/%(y)s") % {"n": ROMAN[period.number - 1], "y": period.year}
    return _("Năm %(y)s") % {"y": period.year}


def period_choices(today: date, chosen: Period) -> list[tuple[str, str]]:
    """The periods the picker offers, newest first by kind: the last 18 months, 8 quarters
    and 5 years (the chosen one too when it is older), as (value, label)."""
    periods: list[Period] = []
    for back in range(18):
        month = today.year * 12 + today.month - 1 - back
        periods.append(Period("month", month // 12, month % 12 + 1))
    quarter = today.year * 4 + (today.month - 1) // 3
    periods += [Period("quarter", (quarter - b) // 4, (quarter - b) % 4 + 1) for b in range(8)]
    periods += [Period("year", today.year - b, 1) for b in range(5)]
    if chosen not in periods:
        periods.append(chosen)
    return [(f"{p.kind}-{p.year}-{p.number}", period_label(p)) for p in periods]


def period_from(params: Any) -> Period:
    """The period asked for: ``period`` ("quarter-2026-3", the picker's value) or ``kind``,
    ``year`` and ``number`` (links); the last quarter by default."""
    today = timezone.localdate()
    last_quarter = (today.month - 1) // 3 or 4
    default_year = today.year if (today.month - 1) // 3 else today.year - 1
    if params.get("period"):
        kind, _sep, rest = str(params["period"]).partition("-")
        year_text, _sep, number_text = rest.partition("-")
        params = {"kind": kind, "year": year_text, "number": number_text}
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
def evaluation(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A unit's evaluation for a period; without ``pk``, that of the highest unit of the
    user's scope (the entry of the navigation)."""
    unit = unit_in_scope(request.user, pk)
    try:
        period = period_from(request.GET)
        against = rules.CountAgainst(request.GET.get("against") or "current")
    except (ValidationError, ValueError):
        raise Http404 from None
    start, end = period.bounds
    closed = ClosedPeriod.objects.filter(unit=unit, kind=period.kind, start=start).first()
    if request.method == "POST":
        if "waive" in request.POST:
            return record_waiver(request)
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
    tree = evaluate_tree(unit, period, user=request.user, count_against=against)
    live = tree.evaluation
    ranking = sibling_ranking(unit, period, user=request.user, count_against=against, own=live)
    shown = period_figures(closed) if closed else live.as_dict(tasks=slice(0))
    people = evaluate_people(
        unit, period, user=request.user, count_against=against, children=tree.children
    )
    if wants_xlsx(request):
        sheets = EvaluationSheets(
            unit_name=unit.name,
            period_label=period_label(period),
            start=start,
            end=end,
            against_label=str(AGAINST_LABELS[against.value]),
            figures=shown,
            children=tree.children,
            ranking=ranking,
            products=live.products,
            rating_labels=RATING_LABELS,
            outcome_labels=OUTCOME_LABELS,
            closed_on=closed.closed_on if closed else None,
            people=people.rows,
        )
        return xlsx_attachment(write_evaluation(sheets), "danh-gia")
    kept = discipline(unit, period, user=request.user, today=timezone.localdate())
    # The scored tasks a page at a time: a province's quarter holds tens of thousands.
    page = Paginator(live.products, EVALUATION_PAGE).get_page(request.GET.get("page"))
    rows = product_rows(request.user, page.object_list)

    def link(unit_id: int, as_of: date = end, **params: Any) -> str:
        return task_list_url(
            unit=unit_id, role="lead", as_of=as_of.isoformat(), due_from=start.isoformat(),
            due_to=end.isoformat(), **params,
        )  # fmt: skip

    links = {
        # What came due and counts: a task stopped in the period counts for no one.
        "due": link(unit.pk, counted="true"),
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
            "rows": rows,
            "people": [person_entry(r, period, against) for r in people.rows],
            "cap": people.cap,
            "page": page,
            "page_prefix": f"?{rest}&" if (rest := query_without(request, "page")) else "?",
            "children": [
                {
                    **c,
                    "rating_label": RATING_LABELS.get(c["evaluation"].rating or "", ""),
                    "link": link(c["unit_id"], counted="true"),
                    "place": place,
                }
                for c, place in zip(tree.children, rank_labels(tree.children), strict=True)
            ],
            "late_entries": kept.late_entries[:EVALUATION_PAGE],
            "links": links,
            "ranking": [
                {
                    **r,
                    "rating_label": RATING_LABELS.get(r["evaluation"].rating or "", ""),
                    "link": link(r["unit_id"], counted="true"),
                    "place": place,
                }
                for r, place in zip(ranking, rank_labels(ranking), strict=True)
            ],
            "discipline": kept,
            "closed": closed,
            "corrections": list(closed.corrections.select_related("made_by")) if closed else [],
            "changed_since_closing": bool(closed) and live.as_dict()["score"] != shown.get("score"),
            "can_close": policy.allows(request.user, Action.PERIOD_CLOSE, unit),
            "here": request.get_full_path(),
            "periods": period_choices(timezone.localdate(), period),
            "period_value": f"{period.kind}-{period.year}-{period.number}",
            "period_label": period_label(period),
            "export_url": export_url(
                request,
                period=f"{period.kind}-{period.year}-{period.number}",
                against=against.value,
            ),
        },
    )


def product_rows(user: Any, scored: Any) -> list[tuple[Any, Task | None, str, Waiver | None, bool]]:
    """(scored product, task, outcome label, waiver, whether ``user`` may record a waiver)
    for a page of products: two queries whatever the page holds."""
    ids = [p.product.task_id for p in scored]
    tasks = {
        t.pk: t
        for t in Task.objects.filter(pk__in=ids).select_related(
            "lead_unit", "owner", "document__issuer", "authority"
        )
    }
    waivers = {(w.task_id, w.occurrence_due_on): w for w in Waiver.objects.filter(task_id__in=ids)}
    rows = []
    for p in scored:
        task = tasks.get(p.product.task_id)
        periodic = task is not None and rules.Recurrence(task.recurrence) in rules.PERIODIC
        waiver = waivers.get((p.product.task_id, p.product.deadline if periodic else None))
        faulty = p.product.outcome is not scoring.Outcome.DONE_ON_TIME or p.product.sent_back
        can = (
            waiver is None
            and bool(faulty)
            and task is not None
            and policy.allows(user, Action.EVALUATION_WAIVE, task)
        )
        rows.append((p, task, OUTCOME_LABELS[p.product.outcome.value], waiver, can))
    return rows


def rank_label(rank: int | None, tied: bool) -> str:
    """ "3", or "3=" for a rank shared by equal scores; "—" without a score."""
    if rank is None:
        return "—"
    return f"{rank}=" if tied else str(rank)


def rank_labels(ranked: list[dict[str, Any]]) -> list[str]:
    """The rank of each row of a ranking, "=" marking a rank equal scores share."""
    shared = Counter(r["rank"] for r in ranked if r["rank"] is not None)
    return [rank_label(r["rank"], shared[r["rank"]] > 1) for r in ranked]


def person_entry(row: PersonResult, period: Period, against: rules.CountAgainst) -> dict:
    query = f"kind={period.kind}&year={period.year}&number={period.number}&against={against.value}"
    return {
        "row": row,
        "rank": rank_label(row.rank, row.tied),
        "rating_label": RATING_LABELS.get(row.rating or "", ""),
        "earned_label": RATING_LABELS.get(row.earned or "", ""),
        "link": f"{reverse('insights:person_evaluation', args=[row.person_id])}?{query}",
    }


def _optional_day(value: Any, name: str) -> date | None:
    return parse_day(value, name) if str(value or "").strip() else None


def record_waiver(request: HttpRequest) -> HttpResponse:
    """Record the competent authority's confirmation of an objective cause for the product
    posted (``task`` and, for a periodic task, ``occurrence_due_on``), then show the page
    again."""
    back = request.get_full_path()
    task = policy.visible_tasks(request.user).filter(pk=_int_or_none(request.POST.get("task")))
    found = task.first()
    if found is None:
        raise Http404
    try:
        waiver_record(
            actor=request.user,
            task=found,
            occurrence_due_on=_optional_day(
                request.POST.get("occurrence_due_on"), "occurrence_due_on"
            ),
            decided_by=request.POST.get("decided_by", ""),
            decision_number=request.POST.get("decision_number", ""),
            decided_on=_optional_day(request.POST.get("decided_on"), "decided_on"),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Đã ghi nhận xác nhận nguyên nhân khách quan."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(back)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


@login_required
def person_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's evaluation for a period: their products, and their place among the people
    of the unit where they hold their post (the head's post first)."""
    person = policy.visible_people(request.user, Person.objects.filter(pk=pk)).first()
    if person is None:
        raise Http404
    try:
        period = period_from(request.GET)
        against = rules.CountAgainst(request.GET.get("against") or "current")
    except (ValidationError, ValueError):
        raise Http404 from None
    if request.method == "POST":
        if "waive" in request.POST:
            return record_waiver(request)
        raise Http404
    start, end = period.bounds
    post = (
        policy.visible_positions(
            request.user, Position.objects.filter(person=person, unit__isnull=False)
        )
        .exclude(since__gt=end)
        .exclude(until__lt=start)
        .select_related("unit")
        .order_by("-is_head", "pk")
        .first()
    )
    people = None
    if post is not None:
        people = evaluate_people(post.unit, period, user=request.user, count_against=against)
    row = people.row(person.pk) if people else None
    own = (
        row.evaluation
        if row
        else evaluate_person(person, period, user=request.user, count_against=against)
    )
    page = Paginator(own.products, EVALUATION_PAGE).get_page(request.GET.get("page"))
    rows = product_rows(request.user, page.object_list)
    return render(
        request,
        "insights/person_evaluation.html",
        {
            "person": person,
            "unit": post.unit if post else None,
            "period": period,
            "start": start,
            "end": end,
            "against": against.value,
            "evaluation": own,
            "row": row,
            "entry": person_entry(row, period, against) if row else None,
            "cap": people.cap if people else None,
            "rating_label": RATING_LABELS.get(own.rating or "", ""),
            "sub_units": [
                {**c, "rating_label": RATING_LABELS.get(c["evaluation"].rating or "", "")}
                for c in (people.sub_units if people and row and row.is_head else [])
            ],
            "rows": rows,
            "page": page,
            "page_prefix": f"?{rest}&" if (rest := query_without(request, "page")) else "?",
            "periods": period_choices(timezone.localdate(), period),
            "period_value": f"{period.kind}-{period.year}-{period.number}",
            "period_label": period_label(period),
            "here": request.get_full_path(),
        },
    )
