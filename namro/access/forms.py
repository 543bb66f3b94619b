"""The login form: says plainly when a username is locked out after repeated failures."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .lockout import is_locked, lockout_minutes


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
