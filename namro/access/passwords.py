"""The password's age and the change an administrator asks for.

``PasswordAge`` sits among ``AUTH_PASSWORD_VALIDATORS``: Django calls its ``password_changed``
after every ``set_password`` that is saved, whatever the path (the change page, the reset
link, the admin, ``manage.py changepassword``), so the date of the last change is always
known. It also refuses the password being used now as the new one.

An account an administrator creates, or whose password an administrator sets, must change it
at its next sign-in (``require_change``); the change by its owner clears that.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.audit.services import record
from namro.core.actors import Actor

from .models import PasswordState

FIRST = "first"
EXPIRED = "expired"


class PasswordAge:
    """Record when a password is set; refuse setting the one in use again."""

    def validate(self, password: str, user: Any = None) -> None:
        current = getattr(user, "password", "") if user is not None else ""
        if current and getattr(user, "pk", None) and check_password(password, current):
            raise ValidationError(
                _("Mật khẩu mới phải khác mật khẩu đang dùng."), code="password_reused"
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is not None and user.pk is not None:
            PasswordState.objects.update_or_create(
                user=user, defaults={"changed_at": timezone.now(), "must_change": False}
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu mới phải khác mật khẩu đang dùng.")


def changed_at(user: Any) -> datetime:
    state = PasswordState.objects.filter(user=user).first()
    return state.changed_at if state is not None else user.date_joined


def change_due(user: Any) -> str | None:
    """``FIRST`` when an administrator set the password, ``EXPIRED`` when it is older than
    ``NAMRO_PASSWORD_MAX_AGE_DAYS``, else None."""
    state = PasswordState.objects.filter(user=user).first()
    if state is not None and state.must_change:
        return FIRST
    days = int(settings.NAMRO_PASSWORD_MAX_AGE_DAYS)
    if not days:
        return None
    since = state.changed_at if state is not None else user.date_joined
    if since is not None and since < timezone.now() - timedelta(days=days):
        return EXPIRED
    return None


def require_change(*, actor: Actor, user: Any) -> None:
    """Make ``user`` change their password at their next sign-in (the administrator who set
    it knows it)."""
    with transaction.atomic():
        PasswordState.objects.update_or_create(
            user=user,
            defaults={"must_change": True},
            create_defaults={"changed_at": timezone.now(), "must_change": True},
        )
        record(actor=actor, action="auth.password_change_required", obj=user)
