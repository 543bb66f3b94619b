"""Oversight in the admin: read only, since every change goes through the services."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import Recommendation, RecommendationEvent, Review, Visit, VisitAttachment, VisitMember


class VisitMemberInline(admin.TabularInline):
    model = VisitMember
    extra = 0
    can_delete = False
    readonly_fields = ["person", "position_title", "role", "order"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "visiting_unit", "host_unit", "held_on", "state", "is_sample"]
    list_filter = ["kind", "state", "is_sample"]
    search_fields = ["title"]
    list_select_related = ["visiting_unit", "host_unit"]
    inlines = [VisitMemberInline]


@admin.register(VisitMember)
class VisitMemberAdmin(ReadOnlyAdmin):
    list_display = ["visit", "person", "position_title", "role"]
    list_select_related = ["visit", "person"]


@admin.register(VisitAttachment)
class VisitAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "visit", "size", "content_type"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "raised_by", "addressed_to", "state", "raised_on", "answer_due_on"]
    list_filter = ["state", "outcome"]
    search_fields = ["subject"]
    list_select_related = ["raised_by", "addressed_to"]


@admin.register(RecommendationEvent)
class RecommendationEventAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "state", "on", "actor", "outcome"]
    list_filter = ["state"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "document", "unit", "period_start", "period_end"]
    list_filter = ["kind"]
