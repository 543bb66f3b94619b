"""How the API knows who is calling: a personal token or the browser session (with CSRF).

Both set ``request.user``, so every router reads the caller the same way and asks
``namro.access.policy`` about them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from namro.core.clients import client_address

from .lockout import TOKEN, note_failure, tokens_refused
from .models import ApiToken, TokenScope
from .services import hash_secret, token_seen_from

# last_used_at is written at most this often per token, not on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: an active, unexpired token of an active user. A read
    token may not write. An address that sends too many bad tokens is answered 429 until the
    lockout window passes; a token used from a new address is noted in the audit log."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if tokens_refused(request):
            raise HttpError(429, "Quá nhiều mã truy cập sai từ địa chỉ này; thử lại sau.")
        found = None
        if token and len(token) <= 200:
            found = (
                ApiToken.objects.select_related("user")
                .filter(key_hash=hash_secret(token), revoked_at__isnull=True, user__is_active=True)
                .first()
            )
        now = timezone.now()
        if found is None or (found.expires_at is not None and found.expires_at <= now):
            note_failure(TOKEN, request)
            return None
        if found.scope == TokenScope.READ and request.method in UNSAFE_METHODS:
            raise HttpError(403, "Mã truy cập này chỉ được đọc, không được ghi.")
        address = client_address(request)
        if address != found.last_ip:
            token_seen_from(token=found, address=address)
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. Writes must carry the CSRF token, as on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # An anonymous caller gets 401 (not a CSRF 403): check CSRF only for a real session.
        if not request.user.is_authenticated:
            return None
        if request.method in UNSAFE_METHODS and check_csrf(request):
            raise HttpError(403, "Thiếu hoặc sai mã CSRF: gửi tiêu đề X-CSRFToken như trang web.")
        return request.COOKIES.get(self.param_name, "")

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated else None
