"""Access in the admin: read only; roles, tokens and second factors change through the audited
services. The user admin marks the passwords it sets for change at the next sign-in."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse

from namro.core.admin import ReadOnlyAdmin

from . import passwords
from .models import (
    ApiToken,
    LoginFailure,
    PasswordState,
    RecoveryCode,
    RoleAssignment,
    SealedTOTPDevice,
)


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


class GoesWithItsUser(ReadOnlyAdmin):
    """Shown, never edited; a superuser may delete rows, so that deleting a user in the admin
    takes them along (each deletion is audited like every admin change)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(PasswordState)
class PasswordStateAdmin(GoesWithItsUser):
    list_display = ["user", "changed_at", "must_change"]


@admin.register(RecoveryCode)
class RecoveryCodeAdmin(GoesWithItsUser):
    list_display = ["user", "created_at", "used_at"]
    exclude = ["code_hash"]


@admin.register(SealedTOTPDevice)
class SealedTOTPDeviceAdmin(GoesWithItsUser):
    """The TOTP devices are enrolled by their owners; the admin lists them without their
    sealed secrets, with the id of the key that seals each, and may delete one (a lost phone:
    the owner enrols again)."""

    list_display = ["user", "name", "confirmed", "key_id", "created_at", "last_used_at"]
    list_filter = ["confirmed", "key_id"]
    fields = ["user", "name", "confirmed", "key_id", "created_at", "last_used_at"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin; an account it creates, or a password it sets, must be changed by
    its owner at the next sign-in."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            passwords.require_change(actor=request.user, user=obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            if user is not None:
                passwords.require_change(actor=request.user, user=user)
        return response
