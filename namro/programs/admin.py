"""Work programmes in the admin: read only, since every change goes through the services."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import ProgramItem, WorkProgram


@admin.register(WorkProgram)
class WorkProgramAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "kind", "starts_on", "ends_on", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["title"]


@admin.register(ProgramItem)
class ProgramItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "program", "kind", "period_kind", "year"]
    list_filter = ["kind", "period_kind"]
    search_fields = ["title"]
