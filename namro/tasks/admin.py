from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin as ReadOnlyTimeline

from .models import (
    Evidence,
    ExplanationRequest,
    ExtensionRequest,
    ImportStep,
    StatusTally,
    Task,
    TaskOccurrence,
    TaskTrail,
    TaskUpdate,
)


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


@admin.register(ExplanationRequest)
class ExplanationRequestAdmin(ReadOnlyTimeline):
    list_display = ["task", "asked_on", "state", "rounds", "answered_on", "closed_on"]
    list_filter = ["state"]
    list_select_related = ["task"]


@admin.register(TaskOccurrence)
class TaskOccurrenceAdmin(ReadOnlyTimeline):
    list_display = ["task", "due_on", "claimed_on", "confirmed_on"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyTimeline):
    list_display = ["name", "update", "size", "content_type"]


# The counters by status are derived data: the admin only shows them.
admin.site.register(StatusTally, ReadOnlyTimeline)
admin.site.register(TaskTrail, ReadOnlyTimeline)


@admin.register(ImportStep)
class ImportStepAdmin(ReadOnlyTimeline):
    """Imports left part way (``namro import --recover`` takes them back): read only."""

    list_display = ["import_key", "document", "process", "written_at"]
