"""API of the organisation tree: units (list, detail, subtree, tree), people, positions.

Every queryset passes through ``namro.access.policy``; a unit out of scope answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from ninja import Query, Router

from namro.access import policy
from namro.api_support import ERRORS, Id, PageIn, get_or_404, keyset_page
from namro.core.text import fold

from .models import Person, Position, Unit
from .schemas import (
    PeopleFilterIn,
    PersonOut,
    PersonPage,
    PositionFilterIn,
    PositionPage,
    TreeIn,
    UnitDetailOut,
    UnitFilterIn,
    UnitNode,
    UnitPage,
)

units = Router(tags=["Đơn vị"])
people = Router(tags=["Cán bộ"])
positions = Router(tags=["Chức vụ"])


def _page(rows_and_cursor: tuple[list[Any], str | None]) -> dict[str, Any]:
    rows, cursor = rows_and_cursor
    return {"items": rows, "next_cursor": cursor}


def _visible_unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_or_404(policy.visible_units(request.user), unit_id)


@units.get("", response={200: UnitPage, **ERRORS}, summary="Danh sách đơn vị trong phạm vi")
def unit_list(
    request: HttpRequest, filters: Query[UnitFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    qs = policy.visible_units(request.user)
    if filters.q:
        qs = qs.search(filters.q)
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return _page(keyset_page(qs, ("path", "id"), page.cursor, page.limit))


@units.get("/tree", response={200: list[UnitNode], **ERRORS}, summary="Cây đơn vị")
def unit_tree(request: HttpRequest, params: Query[TreeIn]) -> list[dict[str, Any]]:
    """The visible tree under ``root`` (or under each of the caller's roots), ``depth`` levels
    down, in one query."""
    visible = policy.visible_units(request.user)
    if params.root:
        roots = [_visible_unit(request, params.root)]
    else:
        roots = list(policy.root_units(request.user).order_by("path"))
    if not roots:
        return []
    within = Q()
    for root in roots:
        within |= root.subtree_q() & Q(depth__lte=root.depth + params.depth)
    nodes: dict[int, dict[str, Any]] = {}
    fields = ("id", "name", "kind", "level", "parent_id")
    for unit in visible.filter(within).order_by("path").only(*fields):
        nodes[unit.pk] = {f: getattr(unit, f) for f in fields} | {"children": []}
    for node in nodes.values():
        parent = nodes.get(node["parent_id"])
        if parent is not None:
            parent["children"].append(node)
    return [nodes[r.pk] for r in roots if r.pk in nodes]


@units.get("/{unit_id}", response={200: UnitDetailOut, **ERRORS}, summary="Một đơn vị")
def unit_detail(request: HttpRequest, unit_id: Id) -> dict[str, Any]:
    unit = _visible_unit(request, unit_id)
    visible = policy.visible_units(request.user)
    return {
        **{f: getattr(unit, f) for f in UnitDetailOut.model_fields if hasattr(unit, f)},
        "alias_list": unit.alias_list,
        "ancestors": list(visible.ancestors_of(unit)),
        "successors": list(visible.filter(predecessors=unit).order_by("path")),
    }


@units.get(
    "/{unit_id}/subtree", response={200: UnitPage, **ERRORS}, summary="Đơn vị và mọi cấp dưới"
)
def unit_subtree(request: HttpRequest, unit_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    unit = _visible_unit(request, unit_id)
    qs = policy.visible_units(request.user).subtree(unit)
    return _page(keyset_page(qs, ("path", "id"), page.cursor, page.limit))


def _people_qs(request: HttpRequest) -> Any:
    return policy.visible_people(request.user).prefetch_related(
        Prefetch(
            "positions",
            queryset=policy.visible_positions(request.user)
            .select_related("unit")
            .order_by("-is_head", "title", "id"),
        )
    )


@people.get("", response={200: PersonPage, **ERRORS}, summary="Danh sách cán bộ")
def person_list(
    request: HttpRequest, filters: Query[PeopleFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    qs = _people_qs(request)
    if filters.q:
        folded = fold(filters.q)
        qs = qs.filter(search_text__contains=folded) if folded else qs.none()
    if filters.unit:
        unit = _visible_unit(request, filters.unit)
        qs = qs.filter(
            pk__in=Position.objects.filter(unit__in=Unit.objects.subtree(unit)).values("person_id")
        )
    return _page(keyset_page(qs, ("full_name", "id"), page.cursor, page.limit))


@people.get("/{person_id}", response={200: PersonOut, **ERRORS}, summary="Một cán bộ")
def person_detail(request: HttpRequest, person_id: Id) -> Person:
    return get_or_404(_people_qs(request), person_id)


@positions.get("", response={200: PositionPage, **ERRORS}, summary="Danh sách chức vụ")
def position_list(
    request: HttpRequest, filters: Query[PositionFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    qs = policy.visible_positions(request.user).select_related("unit")
    if filters.unit:
        unit = _visible_unit(request, filters.unit)
        qs = qs.filter(unit__in=Unit.objects.subtree(unit))
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    return _page(keyset_page(qs, ("id",), page.cursor, page.limit))
