"""Login protection, counted three ways within a window:

- one username from one address (``NAMRO_LOGIN_MAX_FAILURES``): that pair is locked out;
- one address across usernames (``NAMRO_LOGIN_MAX_FAILURES_PER_ADDRESS``): spraying one
  password over many accounts locks that address out;
- one username from any address (``NAMRO_LOGIN_MAX_FAILURES_PER_ACCOUNT``, set high): a
  guessing attack spread over many addresses locks the account until the window passes.

The address is the client's own (``namro.core.clients``), not a reverse proxy's, so one client
cannot lock everyone else out. Failures are rows in the database (``LoginFailure``), so every
app process counts the same. Bad API tokens are counted per address the same way.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from namro.core.clients import client_address

from .models import LoginFailure


def _window() -> timedelta:
    return timedelta(seconds=int(settings.NAMRO_LOGIN_LOCKOUT_SECONDS))


# The names under which other attempts are counted (no username starts with "#"): bad API
# tokens, and password reset requests per address and per e-mail address.
TOKEN = "#token"
RESET = "#reset"


def _key(username: str | None, request: HttpRequest | None) -> tuple[str, str]:
    return (username or "").strip().lower()[:150], client_address(request)


def is_locked(username: str | None, request: HttpRequest | None) -> bool:
    """Whether ``username``, or this request's address, has failed too often lately."""
    name, ip = _key(username, request)
    recent = LoginFailure.objects.filter(at__gte=timezone.now() - _window())
    pair = recent.filter(username=name, ip=ip).count()
    if pair >= int(settings.NAMRO_LOGIN_MAX_FAILURES):
        return True
    if ip and recent.filter(ip=ip).exclude(username__startswith="#").count() >= int(
        settings.NAMRO_LOGIN_MAX_FAILURES_PER_ADDRESS
    ):
        return True
    return recent.filter(username=name).count() >= int(
        settings.NAMRO_LOGIN_MAX_FAILURES_PER_ACCOUNT
    )


def tokens_refused(request: HttpRequest | None) -> bool:
    """Whether this address has sent too many bad API tokens lately."""
    ip = client_address(request)
    since = timezone.now() - _window()
    failures = LoginFailure.objects.filter(username=TOKEN, ip=ip, at__gte=since).count()
    return failures >= int(settings.NAMRO_TOKEN_MAX_FAILURES)


def resets_refused(request: HttpRequest | None, email: str = "") -> bool:
    """Whether this address (or, with ``email``, that e-mail address from anywhere) has asked
    for password reset links too often lately."""
    since = timezone.now() - _window()
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = int(settings.NAMRO_PASSWORD_RESET_MAX)
    if email:
        return recent.filter(username=_reset_name(email)).count() >= limit
    return recent.filter(username=RESET, ip=client_address(request)).count() >= limit


def _reset_name(email: str) -> str:
    return f"{RESET}:{email.strip().lower()}"[:150]


def note_reset(request: HttpRequest | None, email: str) -> None:
    note_failure(RESET, request)
    note_failure(_reset_name(email), request)


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
