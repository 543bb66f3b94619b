"""Template helpers: status badges, clear labels, pagination links, rates and numbers as
namro writes them."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from namro.core import formats
from namro.tasks.labels import CLEAR_HINTS, CLEAR_LABELS, STATUS_LABELS, status_key
from namro.tasks.models import Recurrence

register = template.Library()


@register.simple_tag
def status_badge(status: str | None, due_soon: bool = False) -> str:
    key = status_key(status, due_soon)
    if not key:
        return ""
    return format_html('<span class="badge status-{}">{}</span>', key, STATUS_LABELS.get(key, key))


@register.filter
def capped(n: int) -> str:
    """A waiting count as shown: above the inbox's counting limit, "1.000+"."""
    from django.utils.formats import number_format

    from namro.inbox.selectors import COUNT_CAP

    if n > COUNT_CAP:
        return number_format(COUNT_CAP, force_grouping=True) + "+"
    return number_format(n, force_grouping=True)


@register.filter
def status_label(key: str) -> Any:
    return STATUS_LABELS.get(key, key)


@register.filter
def clear_label(clear: Any) -> Any:
    return CLEAR_LABELS.get(clear, clear)


@register.filter
def clear_hint(clear: Any) -> Any:
    return CLEAR_HINTS.get(clear, "")


@register.inclusion_tag("core/_pager.html", takes_context=True)
def pager(context: Any, page: Any, param: str = "page") -> dict[str, Any]:
    """Previous/next links for ``page`` keeping the other query parameters."""
    request = context["request"]
    query = request.GET.copy()
    query.pop(param, None)
    base = query.urlencode()
    prefix = f"?{base}&" if base else "?"
    return {"page": page, "param": param, "prefix": prefix}


@register.filter
def get(mapping: Any, key: str) -> Any:
    """``mapping[key]``, or 0 when it is missing (counts)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0


@register.filter
def deadline(day: Any, recurrence: Any = None) -> Any:
    """A task's deadline as a list shows it: the date (dd/mm/yyyy); for a task without one,
    its recurrence ("Thường xuyên", "Hằng quý"), or "Chưa có thời hạn" when it has neither."""
    if day:
        return date_format(day, "d/m/Y")
    if recurrence and recurrence != Recurrence.NONE:
        try:
            return Recurrence(recurrence).label
        except ValueError:
            return recurrence
    return _("Chưa có thời hạn")


@register.filter
def rate(value: Any) -> str:
    """A rate held as a fraction (the on-time rate) the one way every page shows a rate: one
    decimal, the language's decimal mark, a % sign ("87,5%"); "—" when there is none."""
    return formats.rate(value)


@register.filter
def percent(value: Any) -> str:
    """A percentage (87.5) shown as ``rate`` shows a fraction: "87,5%"."""
    return formats.percent(value)
