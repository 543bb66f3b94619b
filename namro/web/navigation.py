"""The top navigation: entries in a few groups a newcomer reads at a glance (work,
documents, dashboards and evaluation, oversight, administration), each shown only when its URL
name resolves and, where it says so, only to the users it is for.

Apps add their own pages by appending to ``NAVIGATION`` (for example from their
``AppConfig.ready``) with the ``group`` they belong to; an entry whose URL is not wired is
left out rather than failing, and a group with no entry left is not shown.
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
    group: str = "work"
    """The key of the group in ``GROUPS`` the entry is listed under."""
    current_prefix: str | None = None
    """Where the entry's own URL is not a prefix of the pages it stands for (a page under
    another's URL), the path prefix that marks it current."""


GROUPS: list[tuple[str, str | Promise]] = [
    ("work", _("Công việc")),
    ("documents", _("Văn bản")),
    ("insights", _("Tổng hợp, đánh giá")),
    ("oversight", _("Kiểm tra, giám sát")),
    ("admin", _("Tài khoản, quản trị")),
]


def can_enter_documents(user: Any) -> bool:
    return policy.allows(user, Action.DOCUMENT_CREATE)


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False))


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
    NavEntry("tasks:list", _("Danh sách nhiệm vụ")),
    NavEntry("reminders:notifications", _("Thông báo")),
    NavEntry("documents:entry", _("Nhập văn bản"), can_enter_documents, group="documents"),
    NavEntry("search", _("Tìm kiếm"), group="documents"),
    NavEntry("insights:dashboard", _("Tổng hợp"), group="insights"),
    NavEntry(
        "insights:evaluation_home",
        _("Đánh giá kết quả"),
        group="insights",
        current_prefix="/tong-hop/danh-gia/",
    ),
    NavEntry("admin:index", _("Trang quản trị"), is_staff, group="admin"),
    NavEntry("password_change", _("Đổi mật khẩu"), group="admin"),
    NavEntry("second_factor_manage", _("Xác thực hai lớp"), group="admin"),
    NavEntry("reminders:preferences", _("Cài đặt nhắc việc"), group="admin"),
    NavEntry("reminders:calendars", _("Lịch nhiệm vụ"), group="admin"),
]


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The groups that have an entry for the user, in ``GROUPS`` order, each with its
    entries (``url``, ``label``, whether it is the current page) and whether it holds the
    current page. The current page is the entry with the longest URL the path starts with
    (home only on itself), so one entry at most is marked."""
    path = request.path
    user = getattr(request, "user", None)
    found: list[tuple[NavEntry, dict[str, Any], str]] = []
    for entry in NAVIGATION:
        if entry.shown_to is not None and not entry.shown_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        item: dict[str, Any] = {"url": url, "label": entry.label, "current": False}
        if entry.badge is not None:
            # Called by the template only if it renders the top bar, and then once.
            item["badge"] = functools.cache(functools.partial(entry.badge, request))
            item["badge_id"] = entry.url_name.split(":")[0] + "-badge"
        found.append((entry, item, entry.current_prefix or url))
    matches = [
        (len(prefix), item)
        for _entry, item, prefix in found
        if (path == prefix if prefix == "/" else path.startswith(prefix))
    ]
    if matches:
        max(matches, key=lambda m: m[0])[1]["current"] = True
    groups = []
    for key, label in GROUPS:
        items = [item for entry, item, _prefix in found if entry.group == key]
        if items:
            current = any(i["current"] for i in items)
            # An entry with a count stays in sight when a phone folds the navigation.
            pinned = any("badge" in i for i in items)
            groups.append(
                {"key": key, "label": label, "items": items, "current": current, "pinned": pinned}
            )
    return groups


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` for base.html (only for signed-in users who have finished
    signing in; ``signing_in`` while a step of the sign-in is left)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    if factor.pending(request):
        return {"nav": [], "signing_in": True}
    return {"nav": nav_items(request)}
