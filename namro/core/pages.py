"""Rendering helpers shared by the pages: full page or htmx partial, pagination."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

PAGE_SIZE = 25


def render_page(
    request: HttpRequest,
    template: str,
    partial: str | None,
    context: Mapping[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """The full page, or only ``partial`` when htmx asked for it (not for a boosted link or a
    history restore, which need the whole page)."""
    htmx = getattr(request, "htmx", None)
    wants_partial = (
        bool(htmx)
        and not getattr(htmx, "boosted", False)
        and not getattr(htmx, "history_restore_request", False)
    )
    name = partial if wants_partial and partial else template
    response = render(request, name, dict(context), status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def paginate(
    request: HttpRequest, qs: QuerySet[Any], *, param: str = "page", per_page: int = PAGE_SIZE
) -> Page:
    """One page of ``qs`` from ``?<param>=n``; an invalid or too-large number gives the last."""
    return Paginator(qs, per_page).get_page(request.GET.get(param))


def query_without(request: HttpRequest, *params: str) -> str:
    """The current query string without ``params`` (to build pagination links)."""
    query = request.GET.copy()
    for p in params:
        query.pop(p, None)
    return query.urlencode()
