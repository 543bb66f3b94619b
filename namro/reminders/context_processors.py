"""The bell in the top bar: how many notifications the user has not read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted only when the page shows the bell.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
