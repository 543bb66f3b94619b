"""The dashboard and the evaluation as Excel sheets (``core.xlsx``): what the pages show, in
the office's layout, with numbers as numbers, dates as date cells and rates as percentages.

The dashboard's sheet is the unit's counts by status as of a date and one row per child
unit. The evaluation's workbook is the unit and its child units ranked, the sibling ranking
when the page shows one, the people of the unit ranked (when it has any), and the scored
tasks (at most ``EXPORT_LIMIT``, named a chunk at a time).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from namro.core import xlsx
from namro.tasks.excel import as_of_line
from namro.tasks.labels import STATUS_LABELS
from namro.tasks.models import Task
from namro.tasks.tally import COLUMNS

from .evaluation import PersonResult
from .scoring import Evaluation, ProductScore
from .selectors import Counts, Summary

EXPORT_LIMIT = 100_000  # scored tasks in one export
EXPORT_CHUNK = 2000  # scored tasks named at a time (one query each)


def _day(day: date) -> str:
    return date_format(day, "d/m/Y")


# --- the dashboard ---------------------------------------------------------------------------


def dashboard_table(unit_name: str, as_of: date) -> xlsx.Table:
    columns = [
        xlsx.Column(_("Đơn vị"), xlsx.Kind.TEXT, 45),
        xlsx.Column(_("Tất cả"), xlsx.Kind.NUMBER, 12),
        *(xlsx.Column(str(STATUS_LABELS[c]), xlsx.Kind.NUMBER, 14) for c in COLUMNS),
        xlsx.Column(_("Tỷ lệ hoàn thành đúng hạn"), xlsx.Kind.PERCENT, 14),
    ]
    notes = [_("Đơn vị: %(u)s và các đơn vị trực thuộc") % {"u": unit_name}, as_of_line(as_of)]
    return xlsx.Table(
        sheet=_("Tổng hợp"),
        title=_("TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"),
        columns=columns,
        notes=notes,
    )


def counts_values(counts: Counts) -> list[Any]:
    """One unit's cells: its name, all its tasks, the count of each status, the on-time rate."""
    return [
        counts.name,
        counts.total,
        *(getattr(counts, c) for c in COLUMNS),
        counts.on_time_rate,
    ]


def write_dashboard(summary: Summary) -> IO[bytes]:
    """The dashboard's figures as .xlsx: the unit first, then each child unit."""
    rows = (counts_values(c) for c in [summary.unit, *summary.children])
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, dashboard_table(summary.unit.name, summary.as_of), rows)
    return xlsx.save(workbook)


# --- the evaluation --------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationSheets:
    """What the evaluation page shows, for its export: the unit's figures (those of the
    closed period when closed), its child units and its siblings ranked, the scored tasks."""

    unit_name: str
    period_label: str
    start: date
    end: date
    against_label: str
    figures: Mapping[str, Any]
    children: Sequence[Mapping[str, Any]]
    ranking: Sequence[Mapping[str, Any]]
    products: Sequence[ProductScore]
    rating_labels: Mapping[str, Any]
    outcome_labels: Mapping[str, Any]
    closed_on: date | None = None
    people: Sequence[PersonResult] = ()


def _ranked_columns() -> list[xlsx.Column]:
    return [
        xlsx.Column(_("Hạng"), xlsx.Kind.NUMBER, 8),
        xlsx.Column(_("Đơn vị"), xlsx.Kind.TEXT, 45),
        xlsx.Column(_("Đến hạn"), xlsx.Kind.NUMBER, 12),
        xlsx.Column(_("Đúng hạn"), xlsx.Kind.NUMBER, 12),
        xlsx.Column(_("Trễ hạn"), xlsx.Kind.NUMBER, 12),
        xlsx.Column(_("Chưa hoàn thành"), xlsx.Kind.NUMBER, 14),
        xlsx.Column(_("Tỷ lệ đúng hạn"), xlsx.Kind.PERCENT, 12),
        xlsx.Column(_("Điểm"), xlsx.Kind.NUMBER, 10),
        xlsx.Column(_("Xếp loại"), xlsx.Kind.TEXT, 32),
    ]


def _notes(sheets: EvaluationSheets) -> list[str]:
    notes = [
        _("Đơn vị: %(u)s") % {"u": sheets.unit_name},
        _("Kỳ đánh giá: %(p)s (%(a)s – %(b)s)")
        % {"p": sheets.period_label, "a": _day(sheets.start), "b": _day(sheets.end)},
        _("Tính theo thời hạn: %(t)s") % {"t": sheets.against_label},
    ]
    if sheets.closed_on is not None:
        notes.append(_("Đã khóa sổ ngày %(d)s") % {"d": _day(sheets.closed_on)})
    return notes


def _ranked(rank: int | None, name: str, figures: Mapping[str, Any], label: Any) -> list[Any]:
    return [
        rank,
        name,
        figures["due"],
        figures["done_on_time"],
        figures["done_late"],
        figures["overdue"],
        figures["on_time_rate"],
        figures["score"],
        str(label),
    ]


def _evaluation_rows(sheets: EvaluationSheets) -> Iterator[list[Any]]:
    """The unit's own row (its figures as the page shows them, unranked), then its child
    units, best score first."""
    own = sheets.figures
    label = sheets.rating_labels.get(str(own.get("rating") or ""), "")
    yield _ranked(None, sheets.unit_name, own, label)
    for child in sheets.children:
        yield _ranking_row(child, sheets.rating_labels)


def _ranking_row(row: Mapping[str, Any], labels: Mapping[str, Any]) -> list[Any]:
    evaluation: Evaluation = row["evaluation"]
    figures = evaluation.as_dict(tasks=slice(0))
    label = labels.get(str(figures["rating"] or ""), "")
    return _ranked(row["rank"], row["name"], figures, label)


def _people_columns() -> list[xlsx.Column]:
    return [
        xlsx.Column(_("Hạng"), xlsx.Kind.NUMBER, 8),
        xlsx.Column(_("Cán bộ"), xlsx.Kind.TEXT, 28),
        xlsx.Column(_("Chức vụ"), xlsx.Kind.TEXT, 32),
        xlsx.Column(_("Đến hạn"), xlsx.Kind.NUMBER, 10),
        xlsx.Column(_("Điểm sản phẩm"), xlsx.Kind.NUMBER, 12),
        xlsx.Column(_("Kết quả đơn vị"), xlsx.Kind.NUMBER, 12),
        xlsx.Column(_("Điểm"), xlsx.Kind.NUMBER, 10),
        xlsx.Column(_("Xếp loại"), xlsx.Kind.TEXT, 32),
        xlsx.Column(_("Ghi chú"), xlsx.Kind.TEXT, 40),
    ]


def _people_rows(sheets: EvaluationSheets) -> Iterator[list[Any]]:
    """The people as the page ranks them; the note says where the cap on excellent ratings
    took an excellent away."""
    for row in sheets.people:
        note = ""
        if row.capped:
            note = _(
                "Điểm đạt mức «%(earned)s», nhưng số xếp loại xuất sắc không được vượt 20%% "
                "số được xếp loại tốt trở lên của đơn vị."
            ) % {"earned": sheets.rating_labels.get(row.earned or "", "")}
        yield [
            row.rank,
            row.name,
            row.titles,
            row.evaluation.due,
            row.evaluation.score,
            row.leader.component if row.leader else None,
            row.score,
            str(sheets.rating_labels.get(row.rating or "", "")),
            note,
        ]


def _task_columns() -> list[xlsx.Column]:
    return [
        xlsx.Column(_("Nhiệm vụ"), xlsx.Kind.TEXT, 60),
        xlsx.Column(_("Đơn vị chủ trì"), xlsx.Kind.TEXT, 30),
        xlsx.Column(_("Thời hạn"), xlsx.Kind.DATE, 12),
        xlsx.Column(_("Kết quả"), xlsx.Kind.TEXT, 22),
        xlsx.Column(_("Lần trả lại"), xlsx.Kind.NUMBER, 10),
        xlsx.Column(pgettext("score", "Tiến độ"), xlsx.Kind.NUMBER, 10),
        xlsx.Column(_("Chất lượng"), xlsx.Kind.NUMBER, 10),
        xlsx.Column(_("Điểm"), xlsx.Kind.NUMBER, 10),
    ]


def _task_rows(sheets: EvaluationSheets) -> Iterator[list[Any]]:
    """The first ``EXPORT_LIMIT`` scored tasks in the page's order, named ``EXPORT_CHUNK``
    at a time: one query per chunk, and no more than a chunk of names held at once."""
    scored = sheets.products
    count = min(len(scored), EXPORT_LIMIT)
    for first in range(0, count, EXPORT_CHUNK):
        chunk = scored[first : min(first + EXPORT_CHUNK, count)]
        names = {
            pk: (Task.label_of(section, action), lead or "")
            for pk, section, action, lead in Task.objects.filter(
                pk__in=[p.product.task_id for p in chunk]
            ).values_list("pk", "section", "action", "lead_unit__name")
        }
        for p in chunk:
            label, lead = names.get(p.product.task_id, ("", ""))
            yield [
                label,
                lead,
                p.product.deadline,
                str(sheets.outcome_labels[p.product.outcome.value]),
                p.product.sent_back,
                p.timeliness,
                p.quality,
                p.points,
            ]


def write_evaluation(sheets: EvaluationSheets) -> IO[bytes]:
    """The evaluation as .xlsx: the ranking of the unit's child units (the unit first), the
    siblings' ranking when there are siblings, the people of the unit, the scored tasks."""
    notes = _notes(sheets)
    workbook = xlsx.new_workbook()
    ranked = xlsx.Table(
        sheet=_("Đánh giá"),
        title=_("ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
        columns=_ranked_columns(),
        notes=notes,
    )
    xlsx.write_sheet(workbook, ranked, _evaluation_rows(sheets))
    if len(sheets.ranking) > 1:
        siblings = xlsx.Table(
            sheet=_("Cùng cấp"),
            title=_("XẾP HẠNG CÁC ĐƠN VỊ CÙNG CẤP"),
            columns=_ranked_columns(),
            notes=notes,
        )
        rows = (_ranking_row(r, sheets.rating_labels) for r in sheets.ranking)
        xlsx.write_sheet(workbook, siblings, rows)
    if sheets.people:
        people = xlsx.Table(
            sheet=_("Cán bộ"),
            title=_("ĐÁNH GIÁ CÁN BỘ CỦA ĐƠN VỊ"),
            columns=_people_columns(),
            notes=notes,
        )
        xlsx.write_sheet(workbook, people, _people_rows(sheets))
    scored = xlsx.Table(
        sheet=_("Nhiệm vụ"),
        title=_("CÁC NHIỆM VỤ ĐƯỢC TÍNH ĐIỂM"),
        columns=_task_columns(),
        notes=[*notes, *_limit_note(len(sheets.products))],
    )
    xlsx.write_sheet(workbook, scored, _task_rows(sheets))
    return xlsx.save(workbook)


def _limit_note(total: int) -> list[str]:
    if total <= EXPORT_LIMIT:
        return []
    return [
        _("%(n)s nhiệm vụ đầu tiên trong %(t)s, sớm hạn nhất trước")
        % {"n": f"{EXPORT_LIMIT:,}".replace(",", "."), "t": f"{total:,}".replace(",", ".")}
    ]
