"""Files a page hands over instead of itself: the response of an .xlsx export and the link
that asks a page for its export with the filters it shows."""

from __future__ import annotations

from typing import IO, Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone

from namro.core import xlsx

EXPORT_PARAM = "format"
EXPORT_VALUE = "xlsx"


def wants_xlsx(request: HttpRequest) -> bool:
    """Whether the page was asked for its .xlsx export (``?format=xlsx``)."""
    return request.GET.get(EXPORT_PARAM) == EXPORT_VALUE


def export_url(request: HttpRequest, **shown: Any) -> str:
    """The page's own query with ``format=xlsx``, without its page number; ``shown`` sets
    the values the page used where the query left them out (the date, the period)."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in shown.items():
        query[name] = str(value)
    query[EXPORT_PARAM] = EXPORT_VALUE
    return "?" + query.urlencode()


def xlsx_attachment(out: IO[bytes], name: str) -> FileResponse:
    """The .xlsx in ``out`` sent as ``<name>-<yyyymmdd>.xlsx`` (the response closes it)."""
    day = timezone.localdate().strftime("%Y%m%d")
    return FileResponse(
        out, as_attachment=True, filename=f"{name}-{day}.xlsx", content_type=xlsx.CONTENT_TYPE
    )
