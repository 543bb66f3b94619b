"""Access in the admin: read only; roles and tokens change through the audited services."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import ApiToken, LoginFailure, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    """Roles are granted and revoked with `namro role` (``access.services``), which audits them."""

    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made and revoked with `namro token`, which audits them; the hash is hidden."""

    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    exclude = ["key_hash"]


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    list_display = [f.name for f in LoginFailure._meta.fields if f.name != "id"]
