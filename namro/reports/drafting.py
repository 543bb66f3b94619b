"""The headings a drafter fills in a periodic report, with the figures already written in.

The office edits the sentences; the figures come from ``PeriodicReport`` and are written in
the Vietnamese way (``formats``), so the page, the API and the Word document say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from namro.core.formats import day, number, percent
from namro.tasks import rules

from .periodic_data import PeriodicReport
from .periods import Kind, ReportPeriod, roman

# With a context: other apps' catalogues hold the same words in other senses.
RESULTS = pgettext_lazy("report heading", "Kết quả đạt được")
SHORTCOMINGS = pgettext_lazy("report heading", "Hạn chế, nguyên nhân")
NEXT = pgettext_lazy("report heading", "Nhiệm vụ trọng tâm kỳ tới")


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: list[str]


def period_name(period: ReportPeriod) -> str:
    """ "quý III năm 2026", "tháng 10 năm 2026", "6 tháng đầu năm 2026", "năm 2026"."""
    if period.kind is Kind.MONTH:
        return _("tháng %(n)d năm %(year)d") % {"n": period.number, "year": period.year}
    if period.kind is Kind.QUARTER:
        return _("quý %(n)s năm %(year)d") % {"n": roman(period.number), "year": period.year}
    if period.kind is Kind.HALF:
        if period.number == 1:
            return _("6 tháng đầu năm %(year)d") % {"year": period.year}
        return _("6 tháng cuối năm %(year)d") % {"year": period.year}
    return _("năm %(year)d") % {"year": period.year}


def window_sentence(report: PeriodicReport) -> str:
    return _("Kỳ báo cáo: từ ngày %(start)s đến ngày %(end)s (số liệu tính đến ngày %(end)s).") % {
        "start": day(report.start),
        "end": day(report.end),
    }


def sections(report: PeriodicReport) -> list[Section]:
    """The three headings and their pre-written paragraphs."""
    t = report.table
    results = [
        _(
            "Tính đến ngày %(end)s, tổng số nhiệm vụ theo dõi là %(total)s nhiệm vụ; đã hoàn "
            "thành %(done)s nhiệm vụ (%(done_rate)s), trong đó đúng hạn %(on_time)s, quá hạn "
            "%(late)s; chưa hoàn thành %(not_done)s nhiệm vụ, trong đó trong hạn %(within)s, "
            "quá hạn %(overdue)s (%(overdue_rate)s). Tỷ lệ hoàn thành đúng hạn %(rate)s."
        )
        % {
            "end": day(report.end),
            "total": number(t.total),
            "done": number(t.done),
            "done_rate": percent(t.rate(t.done)),
            "on_time": number(t.done_on_time),
            "late": number(t.done_late),
            "not_done": number(t.not_done),
            "within": number(t.in_progress),
            "overdue": number(t.overdue),
            "overdue_rate": percent(t.rate(t.overdue)),
            "rate": percent(t.on_time_rate),
        },
        _(
            "Trong kỳ, được giao mới %(assigned)s nhiệm vụ, hoàn thành %(done)s nhiệm vụ; "
            "ngoài ra có %(ongoing)s nhiệm vụ thường xuyên."
        )
        % {
            "assigned": number(report.assigned_in_window),
            "done": number(report.done_in_window),
            "ongoing": number(report.ongoing),
        },
    ]
    k = report.key_counts
    if report.key_tasks.total:
        results.append(
            _(
                "Nhiệm vụ trọng tâm, đột phá: %(total)s nhiệm vụ, đã hoàn thành %(done)s, "
                "quá hạn %(overdue)s."
            )
            % {
                "total": number(report.key_tasks.total),
                "done": number(k["done_on_time"] + k["done_late"]),
                "overdue": number(k["overdue"]),
            }
        )
    measured = [r for r in report.indicators if r.latest is not None]
    if report.indicators:
        reached = [r for r in measured if (r.achieved_percent or 0) >= 100]
        results.append(
            _(
                "Chỉ tiêu: %(total)s chỉ tiêu, %(measured)s chỉ tiêu đã có số liệu, "
                "%(reached)s chỉ tiêu đạt hoặc vượt mục tiêu."
            )
            % {
                "total": number(len(report.indicators)),
                "measured": number(len(measured)),
                "reached": number(len(reached)),
            }
        )

    unexplained = [r for r in report.overdue.rows if r.explanation is None]
    shortcomings = []
    if t.overdue:
        shortcomings.append(
            _(
                "Còn %(overdue)s nhiệm vụ quá hạn chưa hoàn thành; %(unexplained)s nhiệm vụ "
                "trong danh sách chưa có giải trình của đơn vị chủ trì."
            )
            % {"overdue": number(t.overdue), "unexplained": number(len(unexplained))}
        )
    else:
        shortcomings.append(_("Không có nhiệm vụ quá hạn chưa hoàn thành."))
    if t.done_late:
        shortcomings.append(
            _("%(late)s nhiệm vụ hoàn thành nhưng quá hạn.") % {"late": number(t.done_late)}
        )
    if report.extensions.total:
        shortcomings.append(
            _("Trong kỳ đã gia hạn %(n)s nhiệm vụ.") % {"n": number(report.extensions.total)}
        )
    pending = [
        r
        for r in report.recommendations.rows
        if r.answer_status in (rules.Status.IN_PROGRESS.value, rules.Status.OVERDUE.value)
    ]
    if report.recommendations.total:
        shortcomings.append(
            _("Kiến nghị, đề xuất: %(n)s kiến nghị, %(pending)s kiến nghị chưa được trả lời.")
            % {"n": number(report.recommendations.total), "pending": number(len(pending))}
        )
    shortcomings.append(_("Nguyên nhân: (đơn vị bổ sung)."))

    start, end = report.coming_window
    coming = [
        _(
            "Kỳ tới (từ ngày %(start)s đến ngày %(end)s) có %(n)s nhiệm vụ đến hạn; tập trung "
            "hoàn thành dứt điểm %(overdue)s nhiệm vụ quá hạn."
        )
        % {
            "start": day(start),
            "end": day(end),
            "n": number(report.coming.total),
            "overdue": number(t.overdue),
        }
    ]
    return [
        Section("results", str(RESULTS), results),
        Section("shortcomings", str(SHORTCOMINGS), shortcomings),
        Section("next", str(NEXT), coming),
    ]
