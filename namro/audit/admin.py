"""The audit log in the admin: append-only, so the admin can read it and nothing else."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import AuditEvent, AuditHead


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_name", "request_id"]


@admin.register(AuditHead)
class AuditHeadAdmin(ReadOnlyAdmin):
    list_display = ["last_hash", "count"]
