"""API schemas of notifications."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from namro.api_support import page_of


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    task_id: int | None
    created_at: datetime
    read_at: datetime | None


NotificationPage = page_of(NotificationOut, "NotificationPage")
