"""Views that belong to no app: the health check."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """``GET /healthz`` → ``{"ok": true}``: the process answers, without touching the database.

    For the reverse proxy's and the service manager's checks, and the baseline that
    ``namro bench http`` compares every page with.
    """
    return JsonResponse({"ok": True})
