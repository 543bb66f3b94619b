"""API of work programmes: the list, and one programme with its items' status and slippage."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from namro.api_support import ERRORS, Day, Id, PageIn, get_or_404, keyset_page, page_of

from .access import visible_programs
from .selectors import count_rows, item_rows, program_items

router = Router(tags=["Chương trình công tác"])


class ProgramOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str
    title: str
    starts_on: date
    ends_on: date
    is_sample: bool


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    period_kind: str
    year: int
    period_number: int
    due_on: date
    done_on: date | None
    document_id: int | None
    review_id: int | None
    visit_id: int | None
    status: str
    due_soon: bool
    slip_days: int | None
    is_sample: bool


class ProgramDetailOut(ProgramOut):
    as_of: date
    counts: dict[str, int]
    items: list[ItemOut]


class ProgramAsOfIn(Schema):
    as_of: Day | None = None


ProgramPage = page_of(ProgramOut, "ProgramPage")


def _out(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "unit_id": p.unit_id,
        "unit_name": p.unit.name,
        "kind": p.kind,
        "title": p.title,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "is_sample": p.is_sample,
    }


@router.get("", response={200: ProgramPage, **ERRORS}, summary="Danh sách chương trình công tác")
def program_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    qs = visible_programs(request.user).select_related("unit")
    rows, cursor = keyset_page(qs, ("-starts_on", "id"), page.cursor, page.limit)
    return {"items": [_out(p) for p in rows], "next_cursor": cursor}


@router.get("/{program_id}", response={200: ProgramDetailOut, **ERRORS}, summary="Một chương trình")
def program_detail(
    request: HttpRequest, program_id: Id, when: Query[ProgramAsOfIn]
) -> dict[str, Any]:
    """Items with their status as of ``as_of`` (today by default), by the task rules."""
    program = get_or_404(visible_programs(request.user).select_related("unit"), program_id)
    day = when.as_of or timezone.localdate()
    rows = item_rows(list(program_items(program)), day)
    return {
        **_out(program),
        "as_of": day,
        "counts": count_rows(rows),
        "items": [
            {
                "id": r.item.pk,
                "kind": r.item.kind,
                "title": r.item.title,
                "period_kind": r.item.period_kind,
                "year": r.item.year,
                "period_number": r.item.period_number,
                "due_on": r.item.due_on,
                "done_on": r.item.done_on,
                "document_id": r.item.document_id,
                "review_id": r.item.review_id,
                "visit_id": r.item.visit_id,
                "status": r.status,
                "due_soon": r.due_soon,
                "slip_days": r.slip_days,
                "is_sample": r.item.is_sample,
            }
            for r in rows
        ],
    }
