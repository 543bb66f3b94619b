"""The top navigation: one list of entries, each shown only when its URL name resolves.

Apps add their own pages by appending to ``NAVIGATION`` (for example from their
``AppConfig.ready``); an entry whose URL is not wired is left out rather than failing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from namro.access import policy
from namro.access.policy import Action


@dataclass(frozen=True)
class NavEntry:
    """A link in the top navigation: a URL name, its (Vietnamese msgid) label and, when only
    some users should see it, a test of the user."""

    url_name: str
    label: str | Promise
    shown_to: Callable[[Any], bool] | None = None


def can_enter_documents(user: Any) -> bool:
    return policy.allows(user, Action.DOCUMENT_CREATE)


NAVIGATION: list[NavEntry] = [
    NavEntry("home", _("Công việc của tôi")),
    NavEntry("documents:entry", _("Nhập văn bản"), can_enter_documents),
    NavEntry("search", _("Tìm kiếm")),
    NavEntry("insights:dashboard", _("Tổng hợp")),
]


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The entries whose URL resolves, with ``url`` and whether it is the current page."""
    items = []
    path = request.path
    user = getattr(request, "user", None)
    for entry in NAVIGATION:
        if entry.shown_to is not None and not entry.shown_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        current = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": entry.label, "current": current})
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` for base.html (only for signed-in users)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": nav_items(request)}
