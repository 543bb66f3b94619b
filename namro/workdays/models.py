"""The calendar of days off and make-up working days (ngày nghỉ lễ, Tết, ngày làm bù)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day that is not what its weekday says: a public holiday or a day off the State adds
    on a weekday (``is_day_off``), or a Saturday or Sunday worked to make up for one."""

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=200)
    is_day_off = models.BooleanField(
        _("ngày nghỉ"),
        default=True,
        help_text=_("Bỏ chọn cho ngày cuối tuần phải đi làm bù."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ lễ, làm bù")
        verbose_name_plural = _("lịch nghỉ lễ, làm bù")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
