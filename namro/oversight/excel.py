"""The oversight lists as Excel sheets (``core.xlsx``): visits, recommendations with the
list's filters and their answer status on a day, reviews. Each reads its rows in chunks and
writes them one by one, at most ``EXPORT_LIMIT``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from namro.core import xlsx

from .models import Recommendation, RecommendationState, Review, Visit

EXPORT_LIMIT = 100_000  # rows in one export
EXPORT_CHUNK = 2000  # rows read at a time (and one query for their documents, for visits)

# The answer status on the list's day, as the list names it.
ANSWER_LABELS = {
    "overdue": gettext_lazy("Quá hạn"),
    "done_on_time": gettext_lazy("Trả lời đúng hạn"),
    "done_late": gettext_lazy("Trả lời quá hạn"),
    "in_progress": gettext_lazy("Trong hạn"),
}


def _day(day: date) -> str:
    return date_format(day, "d/m/Y")


def _as_of(day: date) -> str:
    return _("Tình hình đến ngày %(d)s") % {"d": _day(day)}


def _write(table: xlsx.Table, rows: Iterable[Sequence[Any]]) -> IO[bytes]:
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, table, rows)
    return xlsx.save(workbook)


# --- recommendations -------------------------------------------------------------------------


def describe_recommendations(
    *, state: str, answerer_name: str | None, overdue_only: bool, as_of: date
) -> list[str]:
    """The list's filter and its day, as lines for the top of the sheet."""
    parts: list[str] = []
    if state:
        parts.append(_("Trạng thái: %(s)s") % {"s": RecommendationState(state).label})
    if answerer_name is not None:
        parts.append(_("Cơ quan trả lời: %(u)s") % {"u": answerer_name})
    if overdue_only:
        parts.append(_("Quá hạn trả lời"))
    lines = [_("Bộ lọc: %(f)s") % {"f": "; ".join(parts)}] if parts else []
    return [*lines, _as_of(as_of)]


def recommendation_table(notes: Sequence[str]) -> xlsx.Table:
    columns = [
        xlsx.Column(_("Nội dung kiến nghị"), xlsx.Kind.TEXT, 60),
        xlsx.Column(_("Đơn vị kiến nghị"), xlsx.Kind.TEXT, 30),
        xlsx.Column(_("Cơ quan trả lời"), xlsx.Kind.TEXT, 30),
        xlsx.Column(_("Ngày kiến nghị"), xlsx.Kind.DATE, 12),
        xlsx.Column(_("Số ngày"), xlsx.Kind.NUMBER, 9),
        xlsx.Column(_("Hạn trả lời"), xlsx.Kind.DATE, 12),
        xlsx.Column(_("Trạng thái"), xlsx.Kind.TEXT, 16),
        xlsx.Column(_("Hạn"), xlsx.Kind.TEXT, 18),
    ]
    return xlsx.Table(
        sheet=_("Kiến nghị"), title=_("DANH SÁCH KIẾN NGHỊ, ĐỀ XUẤT"), columns=columns, notes=notes
    )


def _recommendation_rows(rows: Iterable[Recommendation], as_of: date) -> Iterator[list[Any]]:
    for r in rows:
        status = getattr(r, "answer_status", None)
        yield [
            r.subject,
            r.raised_by.name,
            r.responsible_unit.name,
            r.raised_on,
            (as_of - r.raised_on).days,
            r.answer_due_on,
            str(RecommendationState(r.state).label),
            str(ANSWER_LABELS.get(status, "")) if status else "",
        ]


def write_recommendations(
    qs: QuerySet[Recommendation], *, notes: Sequence[str], as_of: date
) -> IO[bytes]:
    """The recommendations of ``qs`` (from ``selectors.recommendations_for``, filtered), in the
    list's order, as .xlsx; one query, read in chunks."""
    rows = qs.order_by("raised_on", "pk")[:EXPORT_LIMIT].iterator(chunk_size=EXPORT_CHUNK)
    return _write(recommendation_table(notes), _recommendation_rows(rows, as_of))


# --- visits ----------------------------------------------------------------------------------


def visit_table(notes: Sequence[str]) -> xlsx.Table:
    columns = [
        xlsx.Column(_("Ngày"), xlsx.Kind.DATE, 12),
        xlsx.Column(_("Hình thức"), xlsx.Kind.TEXT, 14),
        xlsx.Column(_("Nội dung"), xlsx.Kind.TEXT, 50),
        xlsx.Column(_("Đoàn công tác"), xlsx.Kind.TEXT, 30),
        xlsx.Column(_("Đơn vị làm việc"), xlsx.Kind.TEXT, 30),
        xlsx.Column(_("Văn bản được xem xét"), xlsx.Kind.TEXT, 40),
        xlsx.Column(_("Trạng thái"), xlsx.Kind.TEXT, 16),
        xlsx.Column(_("Kiến nghị"), xlsx.Kind.NUMBER, 10),
    ]
    return xlsx.Table(
        sheet=_("Đoàn công tác"),
        title=_("DANH SÁCH ĐOÀN CÔNG TÁC, KIỂM TRA, GIÁM SÁT"),
        columns=columns,
        notes=notes,
    )


def _visit_rows(visits: Iterable[Visit]) -> Iterator[list[Any]]:
    for v in visits:
        state = str(v.get_state_display())
        if v.conclusion_id:
            state += " · " + _("đã kết luận")
        yield [
            v.held_on,
            str(v.get_kind_display()),
            v.title,
            v.visiting_unit.name,
            v.host_unit.name,
            "; ".join(str(d) for d in v.subject_documents.all()),
            state,
            getattr(v, "recommendation_count", 0),
        ]


def write_visits(qs: QuerySet[Visit], *, as_of: date) -> IO[bytes]:
    """The visits of ``qs`` (from ``selectors.visits_for``) in the list's order, as .xlsx:
    read in chunks, with one query per chunk for their documents."""
    visits = (
        qs.prefetch_related(None)
        .prefetch_related("subject_documents")
        .order_by("-held_on", "-id")[:EXPORT_LIMIT]
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    return _write(visit_table([_as_of(as_of)]), _visit_rows(visits))


# --- reviews ---------------------------------------------------------------------------------


def review_table(notes: Sequence[str]) -> xlsx.Table:
    columns = [
        xlsx.Column(_("Tiêu đề"), xlsx.Kind.TEXT, 60),
        xlsx.Column(_("Loại"), xlsx.Kind.TEXT, 10),
        xlsx.Column(_("Văn bản"), xlsx.Kind.TEXT, 40),
        xlsx.Column(_("Đơn vị"), xlsx.Kind.TEXT, 30),
        xlsx.Column(_("Từ ngày"), xlsx.Kind.DATE, 12),
        xlsx.Column(_("Đến ngày"), xlsx.Kind.DATE, 12),
        xlsx.Column(_("Ngày hội nghị"), xlsx.Kind.DATE, 12),
    ]
    return xlsx.Table(
        sheet=_("Sơ kết, tổng kết"),
        title=_("DANH SÁCH SƠ KẾT, TỔNG KẾT"),
        columns=columns,
        notes=notes,
    )


def _review_rows(reviews: Iterable[Review]) -> Iterator[list[Any]]:
    for r in reviews:
        yield [
            r.title,
            str(r.get_kind_display()),
            str(r.document),
            r.unit.name,
            r.period_start,
            r.period_end,
            r.held_on,
        ]


def write_reviews(qs: QuerySet[Review], *, as_of: date) -> IO[bytes]:
    """The reviews of ``qs`` (visible ones, with document and unit) in the list's order."""
    reviews = qs[:EXPORT_LIMIT].iterator(chunk_size=EXPORT_CHUNK)
    return _write(review_table([_as_of(as_of)]), _review_rows(reviews))
