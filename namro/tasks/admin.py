from django.contrib import admin

from .models import Evidence, ExtensionRequest, Task, TaskOccurrence, TaskUpdate


class ReadOnlyTimeline(admin.ModelAdmin):
    """Timeline rows are written by the services only: the admin shows them, never edits."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyTimeline):
    list_display = ["__str__", "lead_unit", "owner", "due_on", "recurrence", "progress", "is_key"]
    list_filter = ["recurrence", "is_key", "is_breakthrough"]
    search_fields = ["action", "search_text"]
    list_select_related = ["lead_unit", "owner"]
    raw_id_fields = ["document", "lead_unit", "owner", "authority", "parent"]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(ReadOnlyTimeline):
    list_display = ["task", "kind", "on", "author", "progress"]
    list_filter = ["kind"]
    list_select_related = ["task", "author"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyTimeline):
    list_display = ["task", "previous_due_on", "requested_due_on", "state", "decided_on"]
    list_filter = ["state"]


@admin.register(TaskOccurrence)
class TaskOccurrenceAdmin(ReadOnlyTimeline):
    list_display = ["task", "due_on", "claimed_on", "confirmed_on"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyTimeline):
    list_display = ["name", "update", "size", "content_type"]
