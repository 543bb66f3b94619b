"""API of documents, their goals and indicators. Reads and writes go through
``namro.access.policy``; writes through ``documents.services``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from namro.access import policy
from namro.api_support import ERRORS, Id, PageIn, get_or_404, keyset_page
from namro.core.text import fold
from namro.orgs.models import Unit
from namro.tasks.models import Task

from . import services
from .clock import entry_clock
from .models import Document
from .schemas import (
    DocumentDetailOut,
    DocumentFilterIn,
    DocumentIn,
    DocumentPage,
    DocumentReceivedIn,
    GoalPage,
    IndicatorPage,
)

router = Router(tags=["Văn bản"])


def _documents(request: HttpRequest) -> Any:
    return (
        policy.visible_documents(request.user)
        .select_related("issuer")
        .prefetch_related("implements")
    )


@router.get("", response={200: DocumentPage, **ERRORS}, summary="Danh sách văn bản")
def document_list(
    request: HttpRequest, filters: Query[DocumentFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    qs = _documents(request)
    if filters.q:
        folded = fold(filters.q)
        qs = qs.filter(search_text__contains=folded) if folded else qs.none()
    if filters.issuer:
        issuer = get_or_404(policy.visible_units(request.user), filters.issuer)
        qs = qs.filter(issuer__in=Unit.objects.subtree(issuer))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.issued_from:
        qs = qs.filter(issued_on__gte=filters.issued_from)
    if filters.issued_to:
        qs = qs.filter(issued_on__lte=filters.issued_to)
    rows, cursor = keyset_page(qs, ("-issued_on", "-id"), page.cursor, page.limit)
    return {"items": rows, "next_cursor": cursor}


@router.post("", response={201: DocumentDetailOut, **ERRORS}, summary="Nhập một văn bản")
def document_create(request: HttpRequest, payload: DocumentIn) -> Status:
    """The tracker of the issuing body (or an admin) records a document."""
    issuer = policy.visible_units(request.user).filter(pk=payload.issuer_id).first()
    if issuer is None:
        raise ValidationError(
            {
                "issuer_id": _("Không tìm thấy cơ quan ban hành có mã %(id)s.")
                % {"id": payload.issuer_id}
            }
        )
    higher = list(policy.visible_documents(request.user).filter(pk__in=payload.implements))
    missing = set(payload.implements) - {d.pk for d in higher}
    if missing:
        raise ValidationError(
            {
                "implements": _("Không tìm thấy văn bản có mã %(ids)s.")
                % {"ids": ", ".join(map(str, sorted(missing)))}
            }
        )
    with transaction.atomic():
        document = services.document_create(
            actor=request.user,
            kind=payload.kind,
            title=payload.title,
            issuer=issuer,
            issued_on=payload.issued_on,
            number=payload.number,
            body=payload.body,
            implements=higher,
            state=payload.state,
            received_on=payload.received_on,
        )
    return Status(201, _detail(_documents(request).get(pk=document.pk)))


def _detail(document: Document) -> Document:
    """``document`` with its entry clock, for ``DocumentDetailOut``."""
    count = Task.objects.filter(document=document, parent=None).count()
    clock = entry_clock(
        document.received_on, document.tasks_entered_on, count, timezone.localdate()
    )
    document.entry_clock = (  # type: ignore[attr-defined]
        None if clock is None else {**asdict(clock), "waiting": clock.waiting}
    )
    return document


@router.get("/{document_id}", response={200: DocumentDetailOut, **ERRORS}, summary="Một văn bản")
def document_detail(request: HttpRequest, document_id: Id) -> Document:
    return _detail(get_or_404(_documents(request), document_id))


@router.patch(
    "/{document_id}", response={200: DocumentDetailOut, **ERRORS}, summary="Ghi ngày văn bản đến"
)
def document_received(request: HttpRequest, document_id: Id, payload: DocumentReceivedIn) -> Any:
    """The tracker of the issuing body records the day the document arrived (ngày đến)."""
    document = get_or_404(_documents(request), document_id)
    services.document_receive(
        actor=request.user, document=document, received_on=payload.received_on
    )
    return _detail(_documents(request).get(pk=document.pk))


@router.get(
    "/{document_id}/goals", response={200: GoalPage, **ERRORS}, summary="Mục tiêu của văn bản"
)
def goal_list(request: HttpRequest, document_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    document = get_or_404(policy.visible_documents(request.user), document_id)
    qs = policy.visible_goals(request.user).filter(document=document)
    rows, cursor = keyset_page(qs, ("order", "id"), page.cursor, page.limit)
    return {"items": rows, "next_cursor": cursor}


@router.get(
    "/{document_id}/indicators",
    response={200: IndicatorPage, **ERRORS},
    summary="Chỉ tiêu của văn bản",
)
def indicator_list(request: HttpRequest, document_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    document = get_or_404(policy.visible_documents(request.user), document_id)
    qs = policy.visible_indicators(request.user).filter(document=document)
    rows, cursor = keyset_page(qs, ("id",), page.cursor, page.limit)
    return {"items": rows, "next_cursor": cursor}
