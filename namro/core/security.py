"""Response headers every page, API answer and file carries.

- ``Content-Security-Policy``: scripts only from namro's own static files (no inline script,
  no ``eval``), nothing framed, forms posted only here. Inline styles stay allowed (charts and
  progress bars set widths); they cannot run code.
- ``Cache-Control: no-store, private`` on whatever is not public: every response to a
  signed-in person, every API answer and every file served as an attachment, so that a shared
  computer's browser or a proxy keeps no copy of official data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def _private(request: HttpRequest, response: HttpResponse) -> bool:
    if request.path.startswith(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    ):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if request.path.startswith("/api/"):
        return True
    return "attachment" in response.get("Content-Disposition", "")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        if _private(request, response):
            patch_cache_control(response, no_store=True, private=True)
        return response
