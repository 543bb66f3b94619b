"""API of reviews (sơ kết, tổng kết): open one for a document and a period, read its draft."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from namro.access import policy
from namro.api_support import ERRORS, Id, PageIn, get_or_404, keyset_page

from . import services
from .models import Review
from .review_data import review_draft
from .schemas import ReviewDetailOut, ReviewIn, ReviewPage

router = Router(tags=["Sơ kết, tổng kết"])


def _out(r: Review) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "title": r.title,
        "document_id": r.document_id,
        "unit_id": r.unit_id,
        "unit_name": r.unit.name,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "held_on": r.held_on,
        "is_sample": r.is_sample,
    }


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    review = get_or_404(policy.visible_reviews(request.user).select_related("unit", "document"), pk)
    draft = review_draft(review)
    return {
        **_out(review),
        "counting": draft.counting_note,
        "total_tasks": draft.total_tasks,
        "totals": draft.totals,
        "by_unit": draft.by_unit,
        "concretising_document_ids": [d.pk for d in draft.concretising],
        "not_concretised": draft.not_concretised,
        "recommendation_ids": [r.pk for r in draft.recommendations],
    }


@router.get("", response={200: ReviewPage, **ERRORS}, summary="Danh sách sơ kết, tổng kết")
def review_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    qs = policy.visible_reviews(request.user).select_related("unit")
    rows, cursor = keyset_page(qs, ("-period_end", "-id"), page.cursor, page.limit)
    return {"items": [_out(r) for r in rows], "next_cursor": cursor}


@router.get(
    "/{review_id}", response={200: ReviewDetailOut, **ERRORS}, summary="Dự thảo sơ kết, tổng kết"
)
def review_detail(request: HttpRequest, review_id: Id) -> dict[str, Any]:
    """The draft as of the period's end: tasks by status and unit (each piece of work counted
    once), the documents that concretised it, the recommendations of the period."""
    return _detail(request, review_id)


@router.post("", response={201: ReviewDetailOut, **ERRORS}, summary="Mở một sơ kết, tổng kết")
def review_create(request: HttpRequest, payload: ReviewIn) -> Status:
    document = get_or_404(policy.visible_documents(request.user), payload.document_id)
    unit = get_or_404(policy.visible_units(request.user), payload.unit_id)
    review = services.review_create(
        actor=request.user,
        kind=payload.kind,
        document=document,
        unit=unit,
        period_start=payload.period_start,
        period_end=payload.period_end,
        held_on=payload.held_on,
        title=payload.title,
    )
    return Status(201, _detail(request, review.pk))
