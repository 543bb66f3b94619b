"""API of tasks: the filtered list, detail, timeline, and every write of ``tasks.services``.

Reads pass through ``namro.access.policy`` (out of scope: 404). A write locks the task and
checks it is visible (404) inside a transaction, then calls the service, which asks the gate
on the locked row (403 with the gate's message): the same call as the task pages make.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from namro.access import policy
from namro.api_support import ERRORS, Id, PageIn, check_ids, get_or_404, keyset_page

from . import services
from .aggregation import with_status
from .filters import filter_tasks
from .models import ExplanationRequest, ExtensionRequest, Task, TaskUpdate
from .schemas import (
    AsOfIn,
    ClaimIn,
    ConfirmIn,
    DecideIn,
    DelegateIn,
    ExplanationAnswerIn,
    ExplanationAskIn,
    ExplanationOut,
    ExplanationPage,
    ExplanationReviewIn,
    ExtensionFilterIn,
    ExtensionIn,
    ExtensionOut,
    ExtensionPage,
    ProgressIn,
    ReasonIn,
    TaskDetailOut,
    TaskFilterIn,
    TaskIn,
    TaskOut,
    TaskPage,
    UpdateOut,
    UpdatePage,
)
from .selectors import task_clarity, warn_days

router = Router(tags=["Nhiệm vụ"])
extensions = Router(tags=["Gia hạn"])
explanations = Router(tags=["Giải trình"])

TASK_ORDER = ("document_id", "order", "id")


def _tasks(request: HttpRequest) -> Any:
    return policy.visible_tasks(
        request.user,
        Task.objects.select_related("document", "lead_unit", "owner", "authority").prefetch_related(
            "coordinating_units"
        ),
    )


def _task_out(request: HttpRequest, task_id: int, as_of: Any = None) -> Task:
    day = as_of or timezone.localdate()
    return get_or_404(with_status(_tasks(request), day, warn_days=warn_days()), task_id)


@router.get("", response={200: TaskPage, **ERRORS}, summary="Danh sách nhiệm vụ (có lọc)")
def task_list(
    request: HttpRequest, filters: Query[TaskFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Filters as in ``namro.tasks.filters`` (shared with the pages): ``unit`` means the unit
    and its whole subtree; ``status`` is computed as of ``as_of``."""
    qs = filter_tasks(
        _tasks(request),
        filters.dict(exclude_none=True),
        units=policy.visible_units(request.user),
    )
    rows, cursor = keyset_page(qs, TASK_ORDER, page.cursor, page.limit)
    return {"items": rows, "next_cursor": cursor}


@router.post("", response={201: TaskOut, **ERRORS}, summary="Giao một nhiệm vụ")
def task_create(request: HttpRequest, payload: TaskIn) -> Status:
    """The tracker of the document's issuing body assigns a task under it."""
    user = request.user
    document = get_or_404(policy.visible_documents(user), payload.document_id)
    units = policy.visible_units(user)
    check_ids(units, {"lead_unit_id": payload.lead_unit_id, "authority_id": payload.authority_id})
    check_ids(units, {"coordinating_unit_ids": payload.coordinating_unit_ids})
    check_ids(policy.visible_people(user), {"owner_id": payload.owner_id})
    with transaction.atomic():
        task = services.task_create(
            actor=user,
            document=document,
            action=payload.action,
            lead_unit=payload.lead_unit_id,
            coordinating_units=payload.coordinating_unit_ids,
            owner=payload.owner_id,
            authority=payload.authority_id,
            due_on=payload.due_on,
            recurrence=payload.recurrence,
            expected_output=payload.expected_output,
            assigned_on=payload.assigned_on,
            section=payload.section,
            is_key=payload.is_key,
            is_breakthrough=payload.is_breakthrough,
        )
    return Status(201, _task_out(request, task.pk))


@router.get("/{task_id}", response={200: TaskDetailOut, **ERRORS}, summary="Một nhiệm vụ")
def task_detail(request: HttpRequest, task_id: Id, params: Query[AsOfIn]) -> Task:
    task = _task_out(request, task_id, params.as_of)
    task.missing_clears = [c.value for c in task_clarity(task)]  # type: ignore[attr-defined]
    return task


def _locked(request: HttpRequest, task_id: int) -> Task:
    """Lock the task and check it is visible to the user (404). Call inside
    ``transaction.atomic``; the service asks the gate."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("document__issuer", "lead_unit", "authority")
        .filter(pk=task_id)
        .first()
    )
    if task is None or not policy.visible_tasks(request.user).filter(pk=task_id).exists():
        raise Http404
    return task


def _update_out(update: TaskUpdate) -> TaskUpdate:
    return (
        TaskUpdate.objects.select_related("author").prefetch_related("evidence").get(pk=update.pk)
    )


@router.post("/{task_id}/progress", response={201: UpdateOut, **ERRORS}, summary="Báo cáo tiến độ")
def task_progress(request: HttpRequest, task_id: Id, payload: ProgressIn) -> Status:
    with transaction.atomic():
        task = _locked(request, task_id)
        update = services.task_report_progress(
            actor=request.user,
            task=task,
            progress=payload.progress,
            narrative=payload.narrative,
            explanation=payload.explanation,
        )
    return Status(201, _update_out(update))


@router.post("/{task_id}/claim", response={201: UpdateOut, **ERRORS}, summary="Báo cáo hoàn thành")
def task_claim(request: HttpRequest, task_id: Id, payload: ClaimIn) -> Status:
    with transaction.atomic():
        task = _locked(request, task_id)
        update = services.task_claim_done(
            actor=request.user,
            task=task,
            output_note=payload.output_note,
            explanation=payload.explanation,
        )
    return Status(201, _update_out(update))


@router.post(
    "/{task_id}/confirm", response={201: UpdateOut, **ERRORS}, summary="Xác nhận hoàn thành"
)
def task_confirm(request: HttpRequest, task_id: Id, payload: ConfirmIn) -> Status:
    with transaction.atomic():
        task = _locked(request, task_id)
        update = services.task_confirm(actor=request.user, task=task, note=payload.note)
    return Status(201, _update_out(update))


@router.post(
    "/{task_id}/send-back",
    response={201: UpdateOut, **ERRORS},
    summary="Trả lại báo cáo hoàn thành",
)
def task_send_back(request: HttpRequest, task_id: Id, payload: ReasonIn) -> Status:
    with transaction.atomic():
        task = _locked(request, task_id)
        update = services.task_send_back(actor=request.user, task=task, reason=payload.reason)
    return Status(201, _update_out(update))


@router.post(
    "/{task_id}/delegate", response={201: TaskOut, **ERRORS}, summary="Phân cấp cho đơn vị cấp dưới"
)
def task_delegate(request: HttpRequest, task_id: Id, payload: DelegateIn) -> Status:
    with transaction.atomic():
        task = _locked(request, task_id)
        check_ids(policy.visible_units(request.user), {"lead_unit_id": payload.lead_unit_id})
        check_ids(policy.visible_people(request.user), {"owner_id": payload.owner_id})
        child = services.task_delegate(
            actor=request.user,
            task=task,
            lead_unit=payload.lead_unit_id,
            action=payload.action,
            due_on=payload.due_on,
            owner=payload.owner_id,
            expected_output=payload.expected_output,
        )
    return Status(201, _task_out(request, child.pk))


@router.post("/{task_id}/cancel", response={200: TaskOut, **ERRORS}, summary="Dừng / hủy nhiệm vụ")
def task_cancel(request: HttpRequest, task_id: Id, payload: ReasonIn) -> Task:
    with transaction.atomic():
        task = _locked(request, task_id)
        services.task_cancel(actor=request.user, task=task, reason=payload.reason)
    return _task_out(request, task_id)


@router.get(
    "/{task_id}/updates", response={200: UpdatePage, **ERRORS}, summary="Dòng thời gian (cập nhật)"
)
def update_list(request: HttpRequest, task_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    task = get_or_404(policy.visible_tasks(request.user), task_id)
    qs = (
        policy.visible_updates(request.user, TaskUpdate.objects.filter(task=task))
        .select_related("author")
        .prefetch_related("evidence")
    )
    rows, cursor = keyset_page(qs, ("id",), page.cursor, page.limit)
    return {"items": rows, "next_cursor": cursor}


def _extensions(request: HttpRequest) -> Any:
    return policy.visible_extension_requests(request.user).select_related(
        "requested_by", "decided_by"
    )


@router.get(
    "/{task_id}/extension-requests",
    response={200: ExtensionPage, **ERRORS},
    summary="Các đề nghị gia hạn của nhiệm vụ",
)
def task_extension_list(request: HttpRequest, task_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    task = get_or_404(policy.visible_tasks(request.user), task_id)
    rows, cursor = keyset_page(
        _extensions(request).filter(task=task), ("id",), page.cursor, page.limit
    )
    return {"items": rows, "next_cursor": cursor}


@router.post(
    "/{task_id}/extension-requests",
    response={201: ExtensionOut, **ERRORS},
    summary="Đề nghị gia hạn",
)
def extension_create(request: HttpRequest, task_id: Id, payload: ExtensionIn) -> Status:
    with transaction.atomic():
        task = _locked(request, task_id)
        extension = services.extension_request_create(
            actor=request.user,
            task=task,
            requested_due_on=payload.requested_due_on,
            reason=payload.reason,
        )
    return Status(201, _extensions(request).get(pk=extension.pk))


@extensions.get("", response={200: ExtensionPage, **ERRORS}, summary="Các đề nghị gia hạn")
def extension_list(
    request: HttpRequest, filters: Query[ExtensionFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    qs = _extensions(request)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.task:
        qs = qs.filter(task_id=filters.task)
    rows, cursor = keyset_page(qs, ("id",), page.cursor, page.limit)
    return {"items": rows, "next_cursor": cursor}


@extensions.get(
    "/{request_id}", response={200: ExtensionOut, **ERRORS}, summary="Một đề nghị gia hạn"
)
def extension_detail(request: HttpRequest, request_id: Id) -> ExtensionRequest:
    return get_or_404(_extensions(request), request_id)


@extensions.post(
    "/{request_id}/decide", response={200: ExtensionOut, **ERRORS}, summary="Quyết định gia hạn"
)
def extension_decide(request: HttpRequest, request_id: Id, payload: DecideIn) -> ExtensionRequest:
    with transaction.atomic():
        extension = get_or_404(
            policy.visible_extension_requests(request.user).select_for_update(of=("self",)),
            request_id,
        )
        _locked(request, extension.task_id)
        services.extension_decide(
            actor=request.user, request=extension, grant=payload.grant, note=payload.note
        )
    return _extensions(request).get(pk=request_id)


def _explanations(request: HttpRequest) -> Any:
    return policy.visible_explanation_requests(request.user).select_related(
        "asked_by", "answered_by"
    )


@router.get(
    "/{task_id}/explanations",
    response={200: ExplanationPage, **ERRORS},
    summary="Các yêu cầu giải trình của nhiệm vụ",
)
def task_explanation_list(request: HttpRequest, task_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    task = get_or_404(policy.visible_tasks(request.user), task_id)
    rows, cursor = keyset_page(
        _explanations(request).filter(task=task), ("id",), page.cursor, page.limit
    )
    return {"items": rows, "next_cursor": cursor}


@router.post(
    "/{task_id}/explanations",
    response={201: ExplanationOut, **ERRORS},
    summary="Yêu cầu giải trình",
)
def explanation_ask(request: HttpRequest, task_id: Id, payload: ExplanationAskIn) -> Status:
    """A tracker or leader over the task's authority asks its lead unit to explain."""
    with transaction.atomic():
        task = _locked(request, task_id)
        asked = services.explanation_ask(
            actor=request.user,
            task=task,
            question=payload.question,
            answer_due_on=payload.answer_due_on,
        )
    return Status(201, _explanations(request).get(pk=asked.pk))


def _locked_explanation(request: HttpRequest, explanation_id: int) -> ExplanationRequest:
    """The request, if the user may see it (404), with its task locked; inside a
    transaction. The service asks the gate."""
    explanation = get_or_404(
        policy.visible_explanation_requests(request.user).select_for_update(of=("self",)),
        explanation_id,
    )
    _locked(request, explanation.task_id)
    return explanation


@explanations.get(
    "/{explanation_id}", response={200: ExplanationOut, **ERRORS}, summary="Một yêu cầu giải trình"
)
def explanation_detail(request: HttpRequest, explanation_id: Id) -> ExplanationRequest:
    return get_or_404(_explanations(request), explanation_id)


@explanations.post(
    "/{explanation_id}/answer", response={200: ExplanationOut, **ERRORS}, summary="Giải trình"
)
def explanation_answer(
    request: HttpRequest, explanation_id: Id, payload: ExplanationAnswerIn
) -> ExplanationRequest:
    """The lead unit explains: the reason, the remedy and the date it proposes."""
    with transaction.atomic():
        explanation = _locked_explanation(request, explanation_id)
        services.explanation_answer(
            actor=request.user,
            request=explanation,
            reason=payload.reason,
            remedy=payload.remedy,
            proposed_due_on=payload.proposed_due_on,
        )
    return _explanations(request).get(pk=explanation_id)


@explanations.post(
    "/{explanation_id}/review",
    response={200: ExplanationOut, **ERRORS},
    summary="Chấp nhận giải trình hoặc yêu cầu giải trình lại",
)
def explanation_review(
    request: HttpRequest, explanation_id: Id, payload: ExplanationReviewIn
) -> ExplanationRequest:
    with transaction.atomic():
        explanation = _locked_explanation(request, explanation_id)
        services.explanation_review(
            actor=request.user, request=explanation, accept=payload.accept, note=payload.note
        )
    return _explanations(request).get(pk=explanation_id)
