"""Units, people and posts in the admin: read only, since the services keep the tree's paths,
the search text and the audit log; no unit is deleted (a unit is dissolved, with successors)."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import Person, Position, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "kind", "level", "parent", "valid_until"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "search_text"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["successors"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    can_delete = False
    raw_id_fields = ["unit"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "email", "is_sample"]
    search_fields = ["full_name", "search_text"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["person", "title", "unit", "since", "until", "is_head"]
    search_fields = ["title", "person__full_name"]
    raw_id_fields = ["person", "unit"]
