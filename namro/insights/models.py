"""The read side's own tables: closed periods and their corrections.

The counters by status (``StatusTally``, ``TaskTrail``) are written by the task services and
live in ``namro.tasks.models``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Waiver(models.Model):
    """A competent authority's decision that a product's fault has an objective cause: the
    task (and, for a periodic task, the occurrence by its deadline) loses nothing for being
    late or sent back, and is left out of the score if it was not completed, in every
    evaluation that counts that product."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="+"
    )
    occurrence_due_on = models.DateField(_("hạn của kỳ (nhiệm vụ định kỳ)"), null=True, blank=True)
    decided_by = models.CharField(_("cấp có thẩm quyền xác nhận"), max_length=255)
    decision_number = models.CharField(_("số văn bản xác nhận"), max_length=64)
    decided_on = models.DateField(_("ngày văn bản xác nhận"))
    reason = models.TextField(_("nguyên nhân khách quan"))
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("xác nhận nguyên nhân khách quan")
        verbose_name_plural = _("xác nhận nguyên nhân khách quan")
        ordering = ["task_id", "occurrence_due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(occurrence_due_on__isnull=True),
                name="waiver_once_per_task",
            ),
            models.UniqueConstraint(
                fields=["task", "occurrence_due_on"],
                condition=models.Q(occurrence_due_on__isnull=False),
                name="waiver_once_per_occurrence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.decision_number}"
