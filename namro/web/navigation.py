"""The top navigation: one list of entries, each shown only when its URL name resolves.

Apps add their own pages by appending to ``NAVIGATION`` (for example from their
``AppConfig.ready``); an entry whose URL is not wired is left out rather than failing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from namro.access import factor, policy
from namro.access.policy import Action
from namro.inbox.selectors import counts as inbox_counts


@dataclass(frozen=True)
class NavEntry:
    """A link in the top navigation: a URL name, its (Vietnamese msgid) label and, when only
    some users should see it, a test of the user."""

    url_name: str
    label: str | Promise
    shown_to: Callable[[Any], bool] | None = None
    badge: Callable[[HttpRequest], int] | None = None
    """A count shown beside the label, computed only when a page shows the top bar."""


def can_enter_documents(user: Any) -> bool:
    return policy.allows(user, Action.DOCUMENT_CREATE)


def waiting_count(request: HttpRequest) -> int:
    """How many things wait for the signed-in person (one query; none when the page has
    already counted them)."""
    waiting = getattr(request, "_namro_inbox_counts", None)
    if waiting is None:
        waiting = inbox_counts(request.user, timezone.localdate())
        request._namro_inbox_counts = waiting  # type: ignore[attr-defined]
    return sum(waiting.values())


NAVIGATION: list[NavEntry] = [
    NavEntry("home", _("Công việc của tôi")),
    NavEntry("inbox:inbox", _("Việc cần xử lý"), badge=waiting_count),
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
        item: dict[str, Any] = {"url": url, "label": entry.label, "current": current}
        if entry.badge is not None:
            # Called by the template only if it renders the top bar, and then once.
            item["badge"] = functools.cache(functools.partial(entry.badge, request))
            item["badge_id"] = entry.url_name.split(":")[0] + "-badge"
        items.append(item)
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` for base.html (only for signed-in users who have finished
    signing in; ``signing_in`` while a step of the sign-in is left)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    if factor.pending(request):
        return {"nav": [], "signing_in": True}
    return {"nav": nav_items(request)}
