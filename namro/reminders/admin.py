from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import (
    CalendarFeed,
    Digest,
    Escalation,
    Notification,
    Preference,
    Reminder,
    ScheduledSweep,
)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["day", "kind", "days", "task", "recipient"]
    list_filter = ["kind", "day"]
    list_select_related = ["task", "recipient"]
    raw_id_fields = ["task", "recipient"]
    date_hierarchy = "day"


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["day", "level", "task", "recipient", "after_reminders"]
    list_filter = ["level", "day"]
    list_select_related = ["task", "recipient"]
    raw_id_fields = ["task", "recipient"]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["day", "channel", "recipient", "subject", "item_count", "sent_at", "error"]
    list_filter = ["channel", "day"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "task", "digest"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "in_app", "email", "digest_hour"]
    list_select_related = ["user"]


@admin.register(ScheduledSweep)
class ScheduledSweepAdmin(ReadOnlyAdmin):
    list_display = ["day", "hour", "enqueued_at", "job_id"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Feeds are made and revoked by their owners on the Lịch nhiệm vụ page, which audits
    them; the hash is hidden."""

    list_display = ["user", "unit", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user", "unit"]
    raw_id_fields = ["user", "unit"]
    exclude = ["key_hash"]
