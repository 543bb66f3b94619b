"""The holiday calendar is kept by the admin: the State decides each year's days off."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from namro.audit.services import record

from .models import CalendarDay, DaySource


def _fields(row: CalendarDay) -> dict[str, object]:
    return {"day": row.day.isoformat(), "name": row.name, "is_day_off": row.is_day_off}


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Editable: a day the admin adds or changes is marked so that ``namro holidays load``
    leaves it alone; every change goes to the audit log."""

    list_display = ["day", "name", "is_day_off", "source"]
    list_filter = ["is_day_off", "source"]
    date_hierarchy = "day"
    search_fields = ["name"]
    fields = ["day", "name", "is_day_off"]

    def save_model(self, request: Any, obj: CalendarDay, form: Any, change: bool) -> None:
        before = None
        if change:
            old = CalendarDay.objects.get(pk=obj.pk)
            before = _fields(old)
        obj.source = DaySource.ADMIN
        super().save_model(request, obj, form, change)
        action = "calendar_day.update" if change else "calendar_day.create"
        record(actor=request.user, action=action, obj=obj, before=before, after=_fields(obj))

    def delete_model(self, request: Any, obj: CalendarDay) -> None:
        record(actor=request.user, action="calendar_day.delete", obj=obj, before=_fields(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            record(actor=request.user, action="calendar_day.delete", obj=obj, before=_fields(obj))
        super().delete_queryset(request, queryset)
