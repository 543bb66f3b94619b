"""The draft review as a Word document the office then edits (python-docx)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from namro.core.formats import day, number, percent
from namro.orgs.models import Unit
from namro.oversight.review_data import STATUS_ORDER, ReviewDraft
from namro.tasks.models import TaskStatus

from . import layout


def _d(value: Any) -> str:
    return day(value)


def _table(doc: Any, header: list[str], rows: list[list[Any]], widths: Sequence[float]) -> None:
    layout.table(doc, [header], rows, widths)


def review_docx(draft: ReviewDraft, *, ancestors: Sequence[Unit] = ()) -> bytes:
    """The review draft as .docx bytes, in the layout of the body that holds the review;
    ``ancestors`` (top down to its parent) name its superior in the header."""
    review = draft.review
    issuer = layout.issuer_of(review.unit, ancestors)
    doc = layout.new_document()
    layout.header(doc, issuer, year=review.period_end.year)
    lines = [
        _("Kỳ báo cáo: từ %(start)s đến %(end)s (số liệu đến ngày %(end)s)")
        % {"start": _d(review.period_start), "end": _d(review.period_end)}
    ]
    if review.is_sample or review.document.is_sample:
        lines.append(_("Dữ liệu mẫu — số liệu minh họa."))
    layout.title(
        doc,
        _("BÁO CÁO %(kind)s") % {"kind": review.get_kind_display().upper()},
        str(review.document),
        lines=lines,
    )

    layout.heading(doc, _("I. Tình hình thực hiện nhiệm vụ"))
    rate = draft.on_time_rate
    layout.paragraph(
        doc,
        _("Tổng số %(n)s nhiệm vụ; tỷ lệ hoàn thành đúng hạn %(rate)s.")
        % {"n": number(draft.total_tasks), "rate": percent(rate)},
    )
    layout.paragraph(doc, draft.counting_note)
    labels = dict(TaskStatus.choices)
    _table(
        doc,
        [_("Tình trạng"), _("Số nhiệm vụ")],
        [[str(labels[s]), number(draft.totals[s])] for s in STATUS_ORDER]
        + [[_("Sắp đến hạn"), number(draft.totals["due_soon"])]],
        [110, 55],
    )
    layout.heading(doc, _("Theo đơn vị chủ trì"), level=2)
    _table(
        doc,
        [_("Đơn vị"), _("Tổng"), _("Hoàn thành đúng hạn"), _("Hoàn thành quá hạn"), _("Quá hạn")],
        [
            [r["name"], *(number(r[k]) for k in ("total", "done_on_time", "done_late", "overdue"))]
            for r in draft.by_unit
        ],
        [65, 20, 28, 28, 24],
    )

    if draft.overdue:
        layout.heading(doc, _("Nhiệm vụ quá hạn và giải trình của đơn vị"), level=2)
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
            [45, 30, 20, 25, 25, 20],
        )

    layout.heading(doc, _("II. Mục tiêu, chỉ tiêu"))
    for goal, rows in draft.goals:
        layout.paragraph(doc, goal.text if goal else _("Chỉ tiêu khác"), style="List Bullet")
        if rows:
            _table(
                doc,
                [_("Chỉ tiêu"), _("Cơ sở"), _("Mục tiêu"), _("Đạt được"), _("Mức đạt (%)")],
                [
                    [
                        f"{r.indicator.name} ({r.indicator.unit_of_measure})".replace(" ()", ""),
                        number(r.indicator.baseline),
                        number(r.indicator.target),
                        number(r.latest.value) if r.latest else _("chưa có số liệu"),
                        number(r.achieved_percent, 1) if r.achieved_percent is not None else "",
                    ]
                    for r in rows
                ],
                [65, 22, 22, 32, 24],
            )

    layout.heading(doc, _("III. Công tác cụ thể hóa"))
    if draft.concretising:
        for d in draft.concretising:
            layout.paragraph(doc, f"{d} — {d.issuer.name}, {_d(d.issued_on)}", style="List Bullet")
    else:
        layout.paragraph(doc, _("Chưa có văn bản cụ thể hóa."))
    if draft.not_concretised:
        layout.paragraph(
            doc,
            _("Đơn vị có nhiệm vụ nhưng chưa ban hành văn bản cụ thể hóa: %(units)s.")
            % {"units": ", ".join(draft.not_concretised)},
        )

    layout.heading(doc, _("IV. Kiểm tra, giám sát và kiến nghị"))
    for v in draft.visits:
        layout.paragraph(
            doc,
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
            [60, 35, 35, 35],
        )
    else:
        layout.paragraph(doc, _("Không có kiến nghị trong kỳ."))

    layout.heading(doc, _("V. Phương hướng, nhiệm vụ thời gian tới"))
    layout.paragraph(doc, _("(Văn phòng bổ sung.)"))
    layout.closing(doc, issuer, layout.recipients_for(issuer))
    return layout.to_bytes(doc)
