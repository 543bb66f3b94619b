"""The read side's own tables: counters by status kept by the task services, and closed periods.

``StatusTally`` holds, for each unit's whole subtree, how the number of tasks in each status
changes on a day, in a month and in a year. Counts as of a date are the sum of the year rows
before its year, the month rows before its month in that year and the day rows up to it in
that month: at most 5 + 11 + 31 rows per unit, whatever the number of tasks. ``TaskTrail``
remembers what each task last added, so a change to a task takes exactly that away again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.IntegerChoices):
    YEAR = 0, _("năm")
    MONTH = 1, _("tháng")
    DAY = 2, _("ngày")


class StatusTally(models.Model):
    """Net change of the number of tasks in each status led within ``unit``'s subtree, over
    the period of ``grain`` starting on ``start``."""

    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    grain = models.SmallIntegerField(choices=Grain.choices)
    start = models.DateField()
    in_progress = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    done_on_time = models.IntegerField(default=0)
    done_late = models.IntegerField(default=0)
    ongoing = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm trạng thái")
        verbose_name_plural = _("bộ đếm trạng thái")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "grain", "start"], name="tally_one_row_per_unit_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.get_grain_display()} {self.start:%d/%m/%Y}"


class TaskTrail(models.Model):
    """What a task last added to the counters: its lead unit then and its status changes."""

    task = models.OneToOneField(
        "tasks.Task", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    trail = models.TextField(default="")

    class Meta:
        verbose_name = _("diễn biến trạng thái")
        verbose_name_plural = _("diễn biến trạng thái")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.trail}"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")


class ClosedPeriod(models.Model):
    """A month, quarter or year the office has closed for ``unit``: its evaluation as it stood
    at closing is kept in ``snapshot`` and is what the period shows from then on."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    closed_on = models.DateField(_("ngày khóa sổ"))
    closed_at = models.DateTimeField(_("khóa sổ lúc"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa sổ"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    snapshot = models.JSONField(_("số liệu khi khóa sổ"))

    class Meta:
        verbose_name = _("kỳ đã khóa sổ")
        verbose_name_plural = _("kỳ đã khóa sổ")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "start"], name="closed_period_once_per_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="closed_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.start:%d/%m/%Y}"


class PeriodCorrection(models.Model):
    """A correction to a closed period's figures, recorded after closing and shown as such."""

    period = models.ForeignKey(
        ClosedPeriod,
        verbose_name=_("kỳ đã khóa sổ"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    made_on = models.DateField(_("ngày điều chỉnh"))
    made_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người điều chỉnh"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do điều chỉnh"))
    before = models.JSONField(_("số liệu trước điều chỉnh"))
    after = models.JSONField(_("số liệu sau điều chỉnh"))

    class Meta:
        verbose_name = _("điều chỉnh sau khóa sổ")
        verbose_name_plural = _("điều chỉnh sau khóa sổ")
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.period_id} {self.made_on:%d/%m/%Y}"
