from django.contrib import admin

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "name", "is_day_off"]
    list_filter = ["is_day_off"]
    date_hierarchy = "day"
    search_fields = ["name"]
