"""The sign-in forms: the login form (which says plainly when a username is locked out after
repeated failures), the second factor's code, and the password reset request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from namro.audit.services import record
from namro.core.clients import client_address

from .jobs import send_reset_mail
from .lockout import is_locked, lockout_minutes, note_reset, resets_refused


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Tài khoản này đã đăng nhập sai quá nhiều lần từ địa chỉ của bạn. "
            "Vui lòng thử lại sau %(minutes)d phút."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and is_locked(username, self.request):
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": lockout_minutes()},
            )
        return super().clean()


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("Sáu chữ số trên ứng dụng xác thực, hoặc một mã khôi phục."),
    )


class ResetRequestForm(PasswordResetForm):
    """Django's reset request, throttled per client address and per e-mail address, and
    audited. It answers the same whether or not the address belongs to an account."""

    error_messages = {
        "throttled": _(
            "Đã có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ của bạn. "
            "Vui lòng thử lại sau %(minutes)d phút."
        ),
    }

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self) -> dict[str, Any]:
        if resets_refused(self.request):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": lockout_minutes()},
            )
        return super().clean()

    def save(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        email = self.cleaned_data["email"]
        flooded = resets_refused(self.request, email)
        note_reset(self.request, email)
        users = [] if flooded else list(self.get_users(email))
        with transaction.atomic():
            record(
                actor=None,
                actor_name=email[:150],
                action="auth.password_reset_request",
                object_type="auth.user",
                object_id=",".join(str(u.pk) for u in users)[:64],
                object_repr=email[:200],
                after={
                    "ip": client_address(self.request),
                    "sent": len(users),
                    "throttled": flooded,
                },
            )
        # The worker makes the link and sends it: one job whatever the address, so the
        # answer's timing says nothing of the accounts.
        send_reset_mail.enqueue([u.pk for u in users], translation.get_language() or "vi")
