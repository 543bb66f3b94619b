"""Documents in the admin: read only, since every change goes through the services."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import Document, Goal, Indicator, Measurement


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    can_delete = False
    readonly_fields = ["text", "order"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "kind", "issuer", "issued_on", "state", "is_sample"]
    list_filter = ["kind", "state", "is_sample"]
    search_fields = ["number", "title"]
    raw_id_fields = ["issuer"]
    filter_horizontal = ["implements"]
    date_hierarchy = "issued_on"
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["text", "document"]
    raw_id_fields = ["document"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "document", "baseline", "target", "unit_of_measure", "target_on"]
    raw_id_fields = ["document", "goal", "lead_unit"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "measured_on", "value"]
    raw_id_fields = ["indicator"]
