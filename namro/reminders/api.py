"""API of notifications: a person's own, unread first; marking one read."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest
from ninja import Query, Router

from namro.api_support import ERRORS, Id, PageIn, get_or_404, keyset_page

from . import selectors, services
from .schemas import NotificationOut, NotificationPage

router = Router(tags=["Thông báo"])


def _own(request: HttpRequest) -> Any:
    return selectors.inbox(request.user).annotate(
        seen=Case(
            When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )


@router.get("", response={200: NotificationPage, **ERRORS}, summary="Thông báo của tôi")
def notification_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The caller's own notifications: unread first, then the newest."""
    rows, cursor = keyset_page(_own(request), ("seen", "-id"), page.cursor, page.limit)
    return {"items": rows, "next_cursor": cursor}


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    summary="Đánh dấu đã đọc",
)
def notification_read(request: HttpRequest, notification_id: Id) -> Any:
    notification = get_or_404(selectors.inbox(request.user), notification_id)
    services.notifications_mark_read(
        actor=request.user, notifications=selectors.inbox(request.user).filter(pk=notification.pk)
    )
    notification.refresh_from_db()
    return notification
