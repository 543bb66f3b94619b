"""Pages and downloads of the reports app: documents built from what the read side gathers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.core.formats import number, percent
from namro.orgs.models import Unit
from namro.oversight.review_data import review_draft

from . import periods
from .drafting import period_name, sections, window_sentence
from .pdf import PdfUnavailable, docx_to_pdf
from .periodic_data import PeriodicReport, ancestors_of, periodic_report
from .periodic_docx import periodic_docx
from .review_docx import review_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def review_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The Word draft of a review (sơ kết, tổng kết), for the office to edit."""
    qs = policy.visible_reviews(request.user).select_related("document", "unit")
    review = get_object_or_404(qs, pk=pk)
    ancestors = ancestors_of(review.unit, request.user)
    content = review_docx(review_draft(review), ancestors=ancestors)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="so-ket-tong-ket-{review.pk}.docx"'
    return response


def current_period(today: Any) -> periods.ReportPeriod:
    """The quarter whose Decree 09 window holds ``today`` (the report being drafted)."""
    period = periods.ReportPeriod(today.year, periods.Kind.QUARTER, (today.month - 1) // 3 + 1)
    _start, end = period.window()
    if today > end:
        return period.following()
    return period


@dataclass
class Choice:
    """What the request asks for: a unit (None: not chosen yet), a period, the calendar."""

    unit: Unit | None
    period: periods.ReportPeriod
    calendar: bool
    error: str = ""


def _choice(request: HttpRequest) -> Choice:
    """The unit (404 when out of the user's scope), period and calendar option of a request."""
    calendar = request.GET.get("calendar") in ("1", "true", "on")
    text = request.GET.get("period", "").strip()
    error = ""
    try:
        period = periods.parse(text) if text else current_period(timezone.localdate())
    except periods.PeriodError:
        error = _("«%(v)s» không phải là kỳ báo cáo (ví dụ: 2026-Q3, 2026-M10, 2026-H1, 2026).") % {
            "v": text
        }
        period = current_period(timezone.localdate())
    unit = None
    raw = request.GET.get("unit", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404
        unit = get_object_or_404(policy.visible_units(request.user), pk=int(raw))
    return Choice(unit, period, calendar, error)


def _filename(report: PeriodicReport, ext: str) -> str:
    return f"bao-cao-{report.unit.pk}-{report.period.code}.{ext}"


def _report(request: HttpRequest) -> tuple[Choice, PeriodicReport]:
    choice = _choice(request)
    if choice.unit is None or choice.error:
        raise Http404
    report = periodic_report(
        choice.unit, choice.period, user=request.user, calendar=choice.calendar
    )
    return choice, report


@login_required
def periodic(request: HttpRequest) -> HttpResponse:
    """The unit and period chooser, the figures of the report, and its downloads."""
    choice = _choice(request)
    tops = policy.scope_tops(request.user)
    units = list(
        policy.visible_units(
            request.user,
            Unit.objects.filter(Q(pk__in=tops.values()) | Q(parent_id__in=tops.values())),
        )
        .order_by("path")
        .only("pk", "name", "path", "depth")[:500]
    )
    context: dict[str, Any] = {"choice": choice, "units": units}
    if choice.unit is not None and not choice.error:
        if choice.unit not in units:
            units.insert(0, choice.unit)
        report = periodic_report(
            choice.unit, choice.period, user=request.user, calendar=choice.calendar
        )
        query = request.GET.urlencode()
        context.update(
            report=report,
            title=period_name(report.period),
            window=window_sentence(report),
            sections=sections(report),
            rows=[_row(report.table), *(_row(c) for c in report.children)],
            docx_url=f"{request.path}dinh-ky.docx?{query}",
            pdf_url=f"{request.path}dinh-ky.pdf?{query}",
        )
    return render(request, "reports/periodic.html", context)


def _row(b: Any) -> dict[str, Any]:
    return {
        "name": b.name,
        "unit_id": b.unit_id,
        "figures": [
            number(b.total),
            number(b.done_on_time),
            number(b.done_late),
            number(b.in_progress),
            number(b.overdue),
        ],
        "rate": percent(b.on_time_rate),
    }


@login_required
def periodic_docx_download(request: HttpRequest) -> HttpResponse:
    """The periodic report as a Word document in the issuing body's layout."""
    report = _report(request)[1]
    content = periodic_docx(report, year=timezone.localdate().year)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "docx")}"'
    return response


@login_required
def periodic_pdf_download(request: HttpRequest) -> HttpResponse:
    """The periodic report as PDF (LibreOffice); 503 where LibreOffice is not installed."""
    report = _report(request)[1]
    content = periodic_docx(report, year=timezone.localdate().year)
    try:
        pdf = docx_to_pdf(content, name=f"bao-cao-{report.unit.pk}")
    except PdfUnavailable:
        return HttpResponse(
            _("Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF; hãy tải tệp Word."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response
