from django.contrib import admin

from .models import Document, Goal, Indicator, Measurement


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "kind", "issuer", "issued_on", "state", "is_sample"]
    list_filter = ["kind", "state", "is_sample"]
    search_fields = ["number", "title"]
    raw_id_fields = ["issuer"]
    filter_horizontal = ["implements"]
    date_hierarchy = "issued_on"
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["text", "document"]
    raw_id_fields = ["document"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "document", "baseline", "target", "unit_of_measure", "target_on"]
    raw_id_fields = ["document", "goal", "lead_unit"]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "measured_on", "value"]
    raw_id_fields = ["indicator"]
