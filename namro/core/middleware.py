"""Request id: every request gets one, the audit log records it, the response carries it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

from namro.audit.services import current_request_id
from namro.core.logs import current_actor

HEADER = "X-Request-ID"
# A caller's id (from a proxy) is kept only if it is short and plain.
ACCEPTABLE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Take the proxy's ``X-Request-ID`` when it is well-formed, else make one; expose it to
    ``audit.services.record`` for the length of the request and echo it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        request_id = given if ACCEPTABLE.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Vietnamese unless the user chose another language with the switch.

    Django would follow the browser's Accept-Language; an office's browser is often set to
    English while its people work in Vietnamese, so only the language cookie counts.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]


class ActorMiddleware:
    """Name the signed-in user in the log records of the request (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        name = user.get_username() if user is not None and user.is_authenticated else ""
        token = current_actor.set(name)
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)
