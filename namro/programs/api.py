"""API of work programmes: the list, and one programme with its items' status and slippage."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from namro.access import policy
from namro.api_support import (
    ERRORS,
    Day,
    Id,
    NonEmpty,
    PageIn,
    Text16,
    Text24,
    Text500,
    get_or_404,
    keyset_page,
    page_of,
)

from . import services
from .models import ProgramItem
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


class ProgramIn(Schema):
    unit_id: Id
    kind: Text16 = Field(description="term (toàn khóa) hoặc annual (hằng năm)")
    title: Annotated[Text500, NonEmpty]
    starts_on: Day
    ends_on: Day
    document_id: Id | None = None


class ItemIn(Schema):
    kind: Text24 = Field(description="issue_document, hold_review, run_visit, other")
    title: Annotated[Text500, NonEmpty]
    period_kind: Text16 = Field(description="month, quarter, year")
    year: int = Field(ge=1900, le=2999)
    period_number: int = Field(1, ge=1, le=12)
    lead_unit_id: Id | None = None


class LinkIn(Schema):
    """Exactly one of the three: what was actually issued, reviewed or visited."""

    document_id: Id | None = None
    review_id: Id | None = None
    visit_id: Id | None = None


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
    qs = policy.visible_programs(request.user).select_related("unit")
    rows, cursor = keyset_page(qs, ("-starts_on", "id"), page.cursor, page.limit)
    return {"items": [_out(p) for p in rows], "next_cursor": cursor}


@router.get("/{program_id}", response={200: ProgramDetailOut, **ERRORS}, summary="Một chương trình")
def program_detail(
    request: HttpRequest, program_id: Id, when: Query[ProgramAsOfIn]
) -> dict[str, Any]:
    """Items with their status as of ``as_of`` (today by default), by the task rules."""
    program = get_or_404(policy.visible_programs(request.user).select_related("unit"), program_id)
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


def _detail(request: HttpRequest, program_id: int, as_of: Any = None) -> dict[str, Any]:
    return program_detail(request, program_id, ProgramAsOfIn(as_of=as_of))


@router.post("", response={201: ProgramDetailOut, **ERRORS}, summary="Lập chương trình công tác")
def program_create(request: HttpRequest, payload: ProgramIn) -> Status:
    user = request.user
    unit = get_or_404(policy.visible_units(user), payload.unit_id)
    document = (
        get_or_404(policy.visible_documents(user), payload.document_id)
        if payload.document_id
        else None
    )
    program = services.program_create(
        actor=user,
        unit=unit,
        kind=payload.kind,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        document=document,
    )
    return Status(201, _detail(request, program.pk))


@router.post(
    "/{program_id}/items",
    response={201: ProgramDetailOut, **ERRORS},
    summary="Thêm một nội dung vào chương trình",
)
def program_item_add(request: HttpRequest, program_id: Id, payload: ItemIn) -> Status:
    user = request.user
    program = get_or_404(policy.visible_programs(user).select_related("unit"), program_id)
    lead = None
    if payload.lead_unit_id:
        lead = policy.visible_units(user).filter(pk=payload.lead_unit_id).first()
        if lead is None:
            raise ValidationError(
                {
                    "lead_unit_id": _("Không tìm thấy đơn vị có mã %(id)s.")
                    % {"id": payload.lead_unit_id}
                }
            )
    services.program_item_add(
        actor=user,
        program=program,
        kind=payload.kind,
        title=payload.title,
        period_kind=payload.period_kind,
        year=payload.year,
        period_number=payload.period_number,
        lead_unit=lead,
    )
    return Status(201, _detail(request, program.pk))


@router.post(
    "/{program_id}/items/{item_id}/link",
    response={200: ProgramDetailOut, **ERRORS},
    summary="Gắn nội dung với kết quả thực hiện",
)
def program_item_link(
    request: HttpRequest, program_id: Id, item_id: Id, payload: LinkIn
) -> dict[str, Any]:
    """The item is done on the day the document was issued, the review held or the visit
    held; linked after its period, it shows as done late with its slippage."""
    user = request.user
    program = get_or_404(policy.visible_programs(user), program_id)
    item = get_or_404(ProgramItem.objects.filter(program=program), item_id)
    document = (
        get_or_404(policy.visible_documents(user), payload.document_id)
        if payload.document_id
        else None
    )
    review = (
        get_or_404(policy.visible_reviews(user), payload.review_id) if payload.review_id else None
    )
    visit = get_or_404(policy.visible_visits(user), payload.visit_id) if payload.visit_id else None
    services.program_item_link(actor=user, item=item, document=document, review=review, visit=visit)
    return _detail(request, program.pk)
