"""Login protection: too many failures for one username from one address lock that pair out.

Failures are rows in the database (``LoginFailure``), so every app process counts the same.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure


def _window() -> timedelta:
    return timedelta(seconds=int(settings.NAMRO_LOGIN_LOCKOUT_SECONDS))


def _key(username: str | None, request: HttpRequest | None) -> tuple[str, str]:
    ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return (username or "").strip().lower()[:150], (ip or "")[:45]


def is_locked(username: str | None, request: HttpRequest | None) -> bool:
    """Whether ``username`` from this request's address has failed too often lately."""
    name, ip = _key(username, request)
    since = timezone.now() - _window()
    failures = LoginFailure.objects.filter(username=name, ip=ip, at__gte=since).count()
    return failures >= int(settings.NAMRO_LOGIN_MAX_FAILURES)


def note_failure(username: str | None, request: HttpRequest | None) -> None:
    name, ip = _key(username, request)
    now = timezone.now()
    # Rows older than the window no longer count: drop them as we go.
    LoginFailure.objects.filter(at__lt=now - _window()).delete()
    LoginFailure.objects.create(username=name, ip=ip, at=now)


def clear_failures(username: str | None, request: HttpRequest | None) -> None:
    name, ip = _key(username, request)
    LoginFailure.objects.filter(username=name, ip=ip).delete()


def lockout_minutes() -> int:
    return max(1, int(settings.NAMRO_LOGIN_LOCKOUT_SECONDS) // 60)


class LockoutModelBackend(ModelBackend):
    """Django's model backend, refusing a locked-out username+address before it checks the
    password, and counting each failure. Every login form (the site's and the admin's) and
    every ``authenticate()`` call goes through it."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            from django.contrib.auth import get_user_model

            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if is_locked(username, request):
            # Stops the other backends too; the login form says why.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            note_failure(username, request)
        else:
            clear_failures(username, request)
        return user
