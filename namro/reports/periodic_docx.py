"""The periodic report as a Word document in the issuing body's official layout."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from namro.core.formats import day, number, percent
from namro.tasks.models import TaskStatus

from . import layout
from .drafting import period_name, sections, window_sentence
from .periodic_data import Buckets, Listed, PeriodicReport

BUCKET_HEADER = [
    [
        N_("STT"),
        N_("Đơn vị"),
        N_("Tổng số"),
        N_("Đã hoàn thành"),
        None,
        N_("Chưa hoàn thành"),
        None,
        N_("Tỷ lệ đúng hạn"),
    ],
    [
        N_("STT"),
        N_("Đơn vị"),
        N_("Tổng số"),
        N_("Đúng hạn"),
        N_("Quá hạn"),
        N_("Trong hạn"),
        N_("Quá hạn"),
        N_("Tỷ lệ đúng hạn"),
    ],
]
BUCKET_WIDTHS = [11, 52, 15, 17, 17, 17, 17, 19]


def _translated(rows: list[list[str | None]]) -> list[list[str | None]]:
    return [[_(c) if c else c for c in row] for row in rows]


def bucket_row(number_text: str, b: Buckets) -> list[str]:
    return [
        number_text,
        b.name,
        number(b.total),
        number(b.done_on_time),
        number(b.done_late),
        number(b.in_progress),
        number(b.overdue),
        percent(b.on_time_rate),
    ]


def _more(doc: Any, listed: Listed) -> None:
    if listed.total > len(listed.rows):
        layout.paragraph(
            doc,
            _("(Liệt kê %(shown)s trên tổng số %(total)s.)")
            % {"shown": number(len(listed.rows)), "total": number(listed.total)},
            italic=True,
        )


def periodic_docx(
    report: PeriodicReport, *, year: int | None = None, on: date | None = None
) -> bytes:
    """The report as .docx bytes; ``year`` (of drafting) goes on the date line, whose day
    and month are left for the signing unless ``on`` is given."""
    issuer = layout.issuer_of(report.unit, report.ancestors)
    labels = dict(TaskStatus.choices)
    doc = layout.new_document()
    layout.header(doc, issuer, year=year or report.end.year, on=on)
    layout.title(
        doc,
        _("Báo cáo"),
        _("Kết quả thực hiện nhiệm vụ %(period)s") % {"period": period_name(report.period)},
        lines=[window_sentence(report)],
    )
    drafted = {s.key: s for s in sections(report)}

    results = drafted["results"]
    layout.heading(doc, f"I. {results.heading.upper()}")
    layout.heading(doc, _("1. Tình hình thực hiện nhiệm vụ"), level=2)
    for text in results.paragraphs:
        layout.paragraph(doc, text, indent=True)
    rows = [bucket_row("", report.table)]
    rows += [bucket_row(str(i), c) for i, c in enumerate(report.children, 1)]
    layout.table(doc, _translated(BUCKET_HEADER), rows, BUCKET_WIDTHS, numeric_from=2)

    layout.heading(doc, _("2. Nhiệm vụ trọng tâm, đột phá"), level=2)
    if report.key_tasks.rows:
        layout.table(
            doc,
            [[_("STT"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời hạn"), _("Tình trạng")]],
            [
                [
                    str(i),
                    r.task.action + (_(" (đột phá)") if r.task.is_breakthrough else ""),
                    r.task.lead_unit.name if r.task.lead_unit else "",
                    day(r.deadline),
                    str(labels.get(r.status, r.status)),
                ]
                for i, r in enumerate(report.key_tasks.rows, 1)
            ],
            [11, 65, 38, 24, 27],
        )
        _more(doc, report.key_tasks)
    else:
        layout.paragraph(doc, _("Không có nhiệm vụ trọng tâm, đột phá."), indent=True)

    layout.heading(doc, _("3. Chỉ tiêu"), level=2)
    if report.indicators:
        layout.table(
            doc,
            [[_("STT"), _("Chỉ tiêu"), _("Cơ sở"), _("Mục tiêu"), _("Đạt được"), _("Mức đạt")]],
            [
                [
                    str(i),
                    f"{r.indicator.name} ({r.indicator.unit_of_measure})".replace(" ()", ""),
                    number(r.indicator.baseline),
                    number(r.indicator.target),
                    number(r.latest.value) if r.latest else _("chưa có số liệu"),
                    percent(r.achieved_percent) if r.achieved_percent is not None else "",
                ]
                for i, r in enumerate(report.indicators, 1)
            ],
            [11, 69, 20, 20, 25, 20],
            numeric_from=2,
        )
    else:
        layout.paragraph(doc, _("Không có chỉ tiêu."), indent=True)

    layout.heading(doc, _("4. Gia hạn thời hạn thực hiện nhiệm vụ trong kỳ"), level=2)
    if report.extensions.rows:
        layout.table(
            doc,
            [
                [
                    _("STT"),
                    _("Nhiệm vụ"),
                    _("Đơn vị chủ trì"),
                    _("Thời hạn cũ"),
                    _("Thời hạn mới"),
                    _("Ngày gia hạn"),
                ]
            ],
            [
                [
                    str(i),
                    e.task.action,
                    e.task.lead_unit.name if e.task.lead_unit else "",
                    day(e.previous_due_on),
                    day(e.requested_due_on),
                    day(e.decided_on),
                ]
                for i, e in enumerate(report.extensions.rows, 1)
            ],
            [11, 52, 30, 24, 24, 24],
        )
        _more(doc, report.extensions)
    else:
        layout.paragraph(doc, _("Không có nhiệm vụ được gia hạn trong kỳ."), indent=True)

    layout.heading(doc, _("5. Kiến nghị, đề xuất"), level=2)
    if report.recommendations.rows:
        layout.table(
            doc,
            [
                [
                    _("STT"),
                    _("Kiến nghị"),
                    _("Đơn vị kiến nghị"),
                    _("Cơ quan trả lời"),
                    _("Tình trạng"),
                ]
            ],
            [
                [
                    str(i),
                    r.subject,
                    r.raised_by.name,
                    r.responsible_unit.name,
                    f"{r.get_state_display()} — {labels.get(r.answer_status, '')}",
                ]
                for i, r in enumerate(report.recommendations.rows, 1)
            ],
            [11, 64, 35, 30, 25],
        )
        _more(doc, report.recommendations)
    else:
        layout.paragraph(doc, _("Không có kiến nghị trong kỳ."), indent=True)

    shortcomings = drafted["shortcomings"]
    layout.heading(doc, f"II. {shortcomings.heading.upper()}")
    for text in shortcomings.paragraphs:
        layout.paragraph(doc, text, indent=True)
    if report.overdue.rows:
        layout.heading(doc, _("Nhiệm vụ quá hạn chưa hoàn thành"), level=2)
        layout.table(
            doc,
            [
                [
                    _("STT"),
                    _("Nhiệm vụ"),
                    _("Đơn vị chủ trì"),
                    _("Người chịu trách nhiệm"),
                    _("Thời hạn"),
                    _("Số ngày quá hạn"),
                    _("Giải trình"),
                ]
            ],
            [
                [
                    str(i),
                    r.task.action,
                    r.task.lead_unit.name if r.task.lead_unit else "",
                    r.task.owner.full_name if r.task.owner else "",
                    day(r.deadline),
                    number(r.days_late),
                    (
                        "; ".join(x for x in (r.explanation.reason, r.explanation.remedy) if x)
                        if r.explanation
                        else _("chưa giải trình")
                    ),
                ]
                for i, r in enumerate(report.overdue.rows, 1)
            ],
            [11, 41, 27, 24, 24, 14, 24],
        )
        _more(doc, report.overdue)

    coming = drafted["next"]
    layout.heading(doc, f"III. {coming.heading.upper()}")
    for text in coming.paragraphs:
        layout.paragraph(doc, text, indent=True)
    if report.coming.rows:
        layout.table(
            doc,
            [[_("STT"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời hạn")]],
            [
                [
                    str(i),
                    r.task.action,
                    r.task.lead_unit.name if r.task.lead_unit else "",
                    day(r.deadline),
                ]
                for i, r in enumerate(report.coming.rows, 1)
            ],
            [11, 83, 45, 26],
        )
        _more(doc, report.coming)
    layout.paragraph(doc, _("(Đơn vị bổ sung nhiệm vụ, giải pháp trọng tâm kỳ tới.)"), indent=True)

    layout.closing(doc, issuer, layout.recipients_for(issuer))
    return layout.to_bytes(doc)
