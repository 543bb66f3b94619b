"""The draft review as a Word document the office then edits (python-docx)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from namro.oversight.review_data import STATUS_ORDER, ReviewDraft
from namro.tasks.models import TaskStatus

FONT = "Times New Roman"


def _d(day: Any) -> str:
    return date_format(day, "d/m/Y") if day else ""


def _set_font(doc: Any) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East-Asian and complex-script fallbacks too, so Word keeps Times for every character.
    fonts = style.element.rPr.rFonts
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _table(doc: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        added = table.add_row()
        for cell, value in zip(added.cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    for row in table.rows:
        # A row stays on one page: a cell's text is never cut by a page break.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def review_docx(draft: ReviewDraft) -> bytes:
    """The review draft as .docx bytes."""
    review = draft.review
    doc = WordDocument()
    _set_font(doc)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(review.unit.name.upper())
    run.bold = True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("BÁO CÁO %(kind)s") % {"kind": review.get_kind_display().upper()})
    run.bold = True
    run.font.size = Pt(14)
    sub = doc.add_paragraph(str(review.document))
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = doc.add_paragraph(
        _("Kỳ báo cáo: từ %(start)s đến %(end)s (số liệu đến ngày %(end)s)")
        % {"start": _d(review.period_start), "end": _d(review.period_end)}
    )
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if review.is_sample or review.document.is_sample:
        doc.add_paragraph(_("Dữ liệu mẫu — số liệu minh họa."))

    doc.add_heading(_("I. Tình hình thực hiện nhiệm vụ"), level=1)
    rate = draft.on_time_rate
    doc.add_paragraph(
        _("Tổng số %(n)d nhiệm vụ; tỷ lệ hoàn thành đúng hạn %(rate)s.")
        % {"n": draft.total_tasks, "rate": f"{rate}%" if rate is not None else "—"}
    )
    doc.add_paragraph(draft.counting_note)
    labels = dict(TaskStatus.choices)
    _table(
        doc,
        [_("Tình trạng"), _("Số nhiệm vụ")],
        [[str(labels[s]), draft.totals[s]] for s in STATUS_ORDER]
        + [[_("Sắp đến hạn"), draft.totals["due_soon"]]],
    )
    doc.add_heading(_("Theo đơn vị chủ trì"), level=2)
    _table(
        doc,
        [_("Đơn vị"), _("Tổng"), _("Hoàn thành đúng hạn"), _("Hoàn thành quá hạn"), _("Quá hạn")],
        [
            [r["name"], r["total"], r["done_on_time"], r["done_late"], r["overdue"]]
            for r in draft.by_unit
        ],
    )

    if draft.overdue:
        doc.add_heading(_("Nhiệm vụ quá hạn và giải trình của đơn vị"), level=2)
        _table(
            doc,
            [
                _("Nhiệm vụ"),
                _("Đơn vị chủ trì"),
                _("Thời hạn"),
                _("Nguyên nhân"),
                _("Giải pháp khắc phục"),
                _("Thời hạn đề xuất"),
            ],
            [
                [
                    row.task.action,
                    row.task.lead_unit.name if row.task.lead_unit else "",
                    _d(row.task.deadline_on),
                    row.explanation.reason if row.explanation else _("chưa giải trình"),
                    row.explanation.remedy if row.explanation else "",
                    _d(row.explanation.proposed_due_on) if row.explanation else "",
                ]
                for row in draft.overdue
            ],
        )

    doc.add_heading(_("II. Mục tiêu, chỉ tiêu"), level=1)
    for goal, rows in draft.goals:
        doc.add_paragraph(goal.text if goal else _("Chỉ tiêu khác"), style="List Bullet")
        if rows:
            _table(
                doc,
                [_("Chỉ tiêu"), _("Cơ sở"), _("Mục tiêu"), _("Đạt được"), _("Mức đạt (%)")],
                [
                    [
                        f"{r.indicator.name} ({r.indicator.unit_of_measure})".replace(" ()", ""),
                        r.indicator.baseline.normalize()
                        if r.indicator.baseline is not None
                        else "",
                        r.indicator.target.normalize(),
                        r.latest.value.normalize() if r.latest else _("chưa có số liệu"),
                        r.achieved_percent if r.achieved_percent is not None else "",
                    ]
                    for r in rows
                ],
            )

    doc.add_heading(_("III. Công tác cụ thể hóa"), level=1)
    if draft.concretising:
        for d in draft.concretising:
            doc.add_paragraph(f"{d} — {d.issuer.name}, {_d(d.issued_on)}", style="List Bullet")
    else:
        doc.add_paragraph(_("Chưa có văn bản cụ thể hóa."))
    if draft.not_concretised:
        doc.add_paragraph(
            _("Đơn vị có nhiệm vụ nhưng chưa ban hành văn bản cụ thể hóa: %(units)s.")
            % {"units": ", ".join(draft.not_concretised)}
        )

    doc.add_heading(_("IV. Kiểm tra, giám sát và kiến nghị"), level=1)
    for v in draft.visits:
        doc.add_paragraph(
            _("%(day)s: %(visitor)s làm việc với %(host)s.")
            % {"day": _d(v.held_on), "visitor": v.visiting_unit.name, "host": v.host_unit.name},
            style="List Bullet",
        )
    if draft.recommendations:
        _table(
            doc,
            [_("Kiến nghị"), _("Đơn vị kiến nghị"), _("Cơ quan trả lời"), _("Tình trạng")],
            [
                [
                    r.subject,
                    r.raised_by.name,
                    r.responsible_unit.name,
                    f"{r.get_state_display()} — {labels.get(r.answer_status, '')}",
                ]
                for r in draft.recommendations
            ],
        )
    else:
        doc.add_paragraph(_("Không có kiến nghị trong kỳ."))

    doc.add_heading(_("V. Phương hướng, nhiệm vụ thời gian tới"), level=1)
    doc.add_paragraph(_("(Văn phòng bổ sung.)"))
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
