"""The calendar of days off and make-up working days (ngày nghỉ lễ, Tết, ngày làm bù)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DaySource(models.TextChoices):
    LAW = "law", _("theo Bộ luật Lao động")
    ADMIN = "admin", _("quản trị nhập, sửa")


class CalendarDay(models.Model):
    """A public holiday, a day off in lieu or a day off the State adds (``is_day_off``), or a
    Saturday or Sunday worked to make up for one.

    ``namro holidays load`` writes the law's days (``source`` law) and refreshes them; a row
    the admin added or edited (``source`` admin) is never overwritten."""

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=200)
    is_day_off = models.BooleanField(
        _("ngày nghỉ"),
        default=True,
        help_text=_("Bỏ chọn cho ngày cuối tuần phải đi làm bù."),
    )
    source = models.CharField(
        _("nguồn"), max_length=8, choices=DaySource.choices, default=DaySource.ADMIN
    )

    class Meta:
        verbose_name = _("ngày nghỉ lễ, làm bù")
        verbose_name_plural = _("lịch nghỉ lễ, làm bù")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
