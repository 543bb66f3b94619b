"""A unit's work programmes (chương trình công tác toàn khóa, hằng năm) and their items."""

from __future__ import annotations

import calendar
from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from namro.core.models import Authored


class ProgramKind(models.TextChoices):
    TERM = "term", _("Toàn khóa")
    ANNUAL = "annual", _("Hằng năm")


class WorkProgram(Authored):
    """What a unit plans to issue, review and visit over a term or a year."""

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="work_programs",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=ProgramKind.choices)
    title = models.CharField(_("tên chương trình"), max_length=500)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản ban hành chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_programs",
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("chương trình công tác")
        verbose_name_plural = _("chương trình công tác")
        ordering = ["unit_id", "-starts_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="program_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], name="program_by_unit_start")]

    def __str__(self) -> str:
        return self.title


class ItemKind(models.TextChoices):
    ISSUE_DOCUMENT = "issue_document", _("Ban hành văn bản")
    HOLD_REVIEW = "hold_review", _("Sơ kết, tổng kết")
    RUN_VISIT = "run_visit", _("Kiểm tra, giám sát, làm việc")
    OTHER = "other", _("Công việc khác")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")


def period_end(kind: str, year: int, number: int) -> date:
    """The last day of month/quarter ``number`` of ``year`` (or of the year)."""
    if kind == PeriodKind.MONTH:
        month = number
    elif kind == PeriodKind.QUARTER:
        month = number * 3
    else:
        month = 12
    return date(year, month, calendar.monthrange(year, month)[1])


class ProgramItem(models.Model):
    """One planned piece of work in a programme, due by the end of a month or quarter, and
    linked to what was actually issued, reviewed or visited, so slippage shows."""

    program = models.ForeignKey(
        WorkProgram, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại công việc"), max_length=24, choices=ItemKind.choices)
    title = models.CharField(_("nội dung"), max_length=500)
    period_kind = models.CharField(_("kỳ"), max_length=16, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_number = models.PositiveSmallIntegerField(_("tháng/quý"), default=1)
    due_on = models.DateField(_("thời hạn"), editable=False)
    lead_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị chủ trì chuẩn bị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program_items",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản đã ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program_items",
    )
    review = models.ForeignKey(
        "oversight.Review",
        verbose_name=_("sơ kết, tổng kết đã tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program_items",
    )
    visit = models.ForeignKey(
        "oversight.Visit",
        verbose_name=_("buổi làm việc đã tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program_items",
    )
    done_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    cancelled_on = models.DateField(_("ngày rút khỏi chương trình"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("nội dung chương trình")
        ordering = ["program_id", "due_on", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind="month", period_number__gte=1, period_number__lte=12)
                | Q(period_kind="quarter", period_number__gte=1, period_number__lte=4)
                | Q(period_kind="year"),
                name="program_item_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True)
                | Q(document__isnull=False)
                | Q(review__isnull=False)
                | Q(visit__isnull=False),
                name="program_item_done_is_linked",
            ),
        ]
        indexes = [models.Index(fields=["program", "due_on"], name="program_item_by_due")]

    def __str__(self) -> str:
        return self.title
