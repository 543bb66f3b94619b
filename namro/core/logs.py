"""Log records as JSON lines, each with the request id and the signed-in actor."""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

current_actor: contextvars.ContextVar[str] = contextvars.ContextVar("actor", default="")


class RequestContext(logging.Filter):
    """Put the current request id and actor on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        from namro.audit.services import current_request_id

        request = getattr(record, "request", None)  # Django's request logger passes it
        record.request_id = getattr(request, "request_id", "") or current_request_id.get()
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            record.actor = user.get_username()
        else:
            record.actor = current_actor.get()
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
            "actor": getattr(record, "actor", ""),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
