"""API of the inbox: what waits for the caller, by kind, oldest first, with the counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from namro.api_support import ERRORS

from .schemas import InboxIn, InboxOut
from .selectors import COUNT_CAP, Kind, inbox

router = Router(tags=["Việc cần xử lý"])


@router.get("", response={200: InboxOut, **ERRORS}, summary="Việc cần xử lý của tôi")
def my_inbox(request: HttpRequest, params: Query[InboxIn]) -> dict[str, Any]:
    """Everything that waits for the caller's action: each kind's oldest ``limit`` items
    (oldest first) and every kind's count, up to ``counts_limit`` + 1."""
    box = inbox(request.user, timezone.localdate(), limit_per_kind=params.limit)
    items = [item for kind in Kind for item in box.items[kind]]
    return {
        "items": items,
        "counts": {str(k): n for k, n in box.counts.items()},
        "counts_limit": COUNT_CAP,
    }
