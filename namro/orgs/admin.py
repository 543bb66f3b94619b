from django.contrib import admin

from .models import Person, Position, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "level", "parent", "valid_until"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "search_text"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["successors"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The tree is changed through the services, which keep paths consistent.
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "is_sample"]
    search_fields = ["full_name", "search_text"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "unit", "since", "until", "is_head"]
    search_fields = ["title", "person__full_name"]
    raw_id_fields = ["person", "unit"]
