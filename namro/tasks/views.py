"""Task pages: the task list (the shared filter, as of a date, with an Excel export), the task
card (six clears, timeline, children) and the actions a role allows.

Each action finds the task among those the user may see (404 otherwise) and calls one
service, which locks the task and asks the gate (403 if refused); on a ``ValidationError`` the
page is rendered again with the message next to the field, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from namro.access import policy
from namro.access.policy import Action
from namro.core import xlsx
from namro.core.actors import Actor
from namro.core.forms import apply_errors
from namro.core.pages import paginate, render_page
from namro.documents.models import Document
from namro.insights.scope_counts import list_total
from namro.orgs.models import Unit
from namro.tasks import rules, services
from namro.tasks.aggregation import with_status
from namro.tasks.clarity import Clear
from namro.tasks.excel import describe, write_tasks
from namro.tasks.filters import PARAMS, TaskFilter
from namro.tasks.models import (
    Evidence,
    ExplanationRequest,
    ExplanationState,
    ExtensionRequest,
    ExtensionState,
    Task,
    TaskUpdate,
    UpdateKind,
)
from namro.tasks.selectors import (
    UrgentTasks,
    task_clarity,
    task_rows,
    tasks_with_facts,
    urgency_order,
)

from .forms import (
    ClaimForm,
    ConfirmForm,
    DelegateForm,
    ExplanationAnswerForm,
    ExplanationAskForm,
    ExplanationReviewForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    SendBackForm,
    TaskFilterForm,
)

TIMELINE_PAGE = 20
CHOICES_LIMIT = 100  # units and documents offered in the filter's lists
EXPORT_LIMIT = 100_000  # tasks in one Excel export
EXPORT_CHUNK = 2000  # tasks read at a time (and one query for their coordinating units)


class TaskListForm(TaskFilterForm):
    """The task-list filter with the as-of date and the deadline range (``tasks.filters``
    checks and applies the values; the form only renders them)."""

    as_of = forms.DateField(
        label=gettext_lazy("Tình hình đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_from = forms.DateField(
        label=gettext_lazy("Hạn từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_to = forms.DateField(
        label=gettext_lazy("Hạn đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    counted = forms.BooleanField(label=gettext_lazy("Không kể nhiệm vụ đã dừng"), required=False)

    field_order = [
        "as_of", "unit", "role", "status", "due_from", "due_to", "document", "is_key",
        "is_breakthrough", "counted", "q",
    ]  # fmt: skip


def _filter_choices(
    user: Actor, chosen: TaskFilter
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Units (the tops of the user's scopes, and the one chosen) and documents (the latest,
    and the one chosen) to offer in the filter; two queries."""
    offered = policy.root_units(user)
    if chosen.unit is not None:
        offered = offered | Unit.objects.filter(pk=chosen.unit.pk)
    units = list(
        policy.visible_units(user, offered)
        .order_by("path")
        .values_list("pk", "name")[:CHOICES_LIMIT]
    )
    documents = list(
        policy.visible_documents(user, Document.objects.all())
        .order_by("-issued_on", "pk")
        .values_list("pk", "number", "title")[:CHOICES_LIMIT]
    )
    if chosen.document is not None and all(pk != chosen.document for pk, *_ in documents):
        documents += list(
            policy.visible_documents(user, Document.objects.filter(pk=chosen.document)).values_list(
                "pk", "number", "title"
            )
        )
    return units, [(pk, f"{number} {title}".strip()[:90]) for pk, number, title in documents]


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks in the user's scope through the filter the API uses (``tasks.filters``):
    unit subtree, role, status as of a date (``due_soon`` included), deadline range, document,
    key/breakthrough, text; the most urgent first. ``?format=xlsx`` exports the list."""
    user = request.user
    params = {k: v for k, v in request.GET.items() if k in PARAMS}
    errors: list[str] = []
    try:
        chosen = TaskFilter.from_params(params, units=policy.visible_units(user))
    except ValidationError as exc:
        errors = [str(m) for messages_ in exc.message_dict.values() for m in messages_]
        chosen = TaskFilter.from_params({})
    # A task assigned after the date has no status on it: it is not on the list of that day.
    visible = policy.visible_tasks(user, Task.objects.exclude(assigned_on__gt=chosen.as_of))
    applied = chosen.apply(visible)
    if request.GET.get("format") == "xlsx" and not errors:
        return _export(task_rows(urgency_order(applied)), chosen)
    total = list_total(user, chosen, applied)
    filtered = UrgentTasks(task_rows(applied), chosen.as_of, total, status=chosen.status)
    units, documents = _filter_choices(user, chosen)
    data = QueryDict(mutable=True)
    data.update({k: v for k, v in params.items()})
    if not data.get("as_of"):
        data["as_of"] = chosen.as_of.isoformat()
    form = TaskListForm(data, documents=documents, units=units)
    export = request.GET.copy()
    export.pop("page", None)
    export["format"] = "xlsx"
    context = {
        "as_of": chosen.as_of,
        "today": timezone.localdate(),
        "form": form,
        "filter_errors": errors,
        "page": paginate(request, filtered),
        "export_url": "?" + export.urlencode(),
        "export_limit": EXPORT_LIMIT,
    }
    return render_page(request, "tasks/task_list.html", "tasks/_task_list.html", context)


def _export(filtered: Any, chosen: TaskFilter) -> FileResponse:
    """The first ``EXPORT_LIMIT`` tasks of the list as .xlsx, in the import layout with the
    status on the list's date; read in chunks, written row by row to a temporary file."""
    tasks = (
        filtered.select_related("authority")
        .prefetch_related("coordinating_units")[:EXPORT_LIMIT]
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    out = write_tasks(tasks, notes=describe(chosen), with_status=True)
    day = timezone.localdate().strftime("%Y%m%d")
    return FileResponse(
        out, as_attachment=True, filename=f"nhiem-vu-{day}.xlsx", content_type=xlsx.CONTENT_TYPE
    )


def visible_task(request: HttpRequest, pk: int) -> Task:
    """The task if the user may see it; 404 otherwise (its existence does not leak)."""
    qs = tasks_with_facts(policy.visible_tasks(request.user)).select_related(
        "document__issuer", "lead_unit__parent"
    )
    return get_object_or_404(qs, pk=pk)


def pending_extension(task: Task) -> ExtensionRequest | None:
    return next(
        (e for e in task.extension_requests.all() if e.state == ExtensionState.PENDING), None
    )


def has_pending_claim(task: Task) -> bool:
    if task.recurrence in rules.PERIODIC:
        return any(o.claimed_on and not o.confirmed_on for o in task.occurrences.all())
    return task.claimed_on is not None and task.confirmed_on is None


EXPLANATION_KINDS = [
    UpdateKind.EXPLANATION_ASKED,
    UpdateKind.EXPLANATION_GIVEN,
    UpdateKind.EXPLANATION_ASKED_AGAIN,
    UpdateKind.EXPLANATION_ACCEPTED,
]


def open_explanation(task: Task) -> ExplanationRequest | None:
    """The task's request for explanation not yet accepted (there is at most one)."""
    return (
        ExplanationRequest.objects.filter(task=task)
        .exclude(state=ExplanationState.ACCEPTED)
        .select_related("asked_by", "answered_by")
        .first()
    )


def explanation_rounds(task: Task) -> tuple[list[TaskUpdate], TaskUpdate | None]:
    """Every step of the task's requests for explanation, oldest first (each answer with the
    date it proposed, ``proposed_due_on``), and the send-back that is the last word on its
    completion claim, if any: one query."""
    steps = list(
        TaskUpdate.objects.filter(
            task=task, kind__in=[*EXPLANATION_KINDS, UpdateKind.CLAIM, UpdateKind.SEND_BACK]
        )
        .select_related("author")
        .order_by("at", "pk")
    )
    claims = [u for u in steps if u.kind in (UpdateKind.CLAIM, UpdateKind.SEND_BACK)]
    last = max(claims, key=lambda u: u.pk, default=None)
    rounds = [u for u in steps if u.kind in EXPLANATION_KINDS]
    for update in rounds:
        proposed = (update.changes or {}).get("proposed_due_on")
        update.proposed_due_on = date.fromisoformat(proposed) if proposed else None  # type: ignore[attr-defined]
    return rounds, last if last is not None and last.kind == UpdateKind.SEND_BACK else None


def allowed_actions(
    user: Actor, task: Task, explanation: ExplanationRequest | None = None
) -> dict[str, bool]:
    """Which action forms the page shows to ``user`` (the services decide what is done)."""
    open_task = task.cancelled_on is None and task.confirmed_on is None
    state = explanation.state if explanation is not None else None
    reporter = open_task and policy.allows(user, Action.TASK_REPORT, task)
    pending = pending_extension(task)
    claim_pending = has_pending_claim(task)
    return {
        "progress": reporter,
        "claim": reporter and not claim_pending and task.recurrence != "ongoing",
        "extension": reporter and task.due_on is not None and pending is None,
        "decide": pending is not None and policy.allows(user, Action.TASK_DECIDE_EXTENSION, task),
        "confirm": claim_pending and policy.allows(user, Action.TASK_CONFIRM, task),
        "delegate": open_task
        and task.lead_unit_id is not None
        and policy.allows(user, Action.TASK_DELEGATE, task),
        "ask_explanation": open_task
        and explanation is None
        and policy.allows(user, Action.TASK_ASK_EXPLANATION, task),
        "answer_explanation": open_task
        and state == ExplanationState.ASKED
        and policy.allows(user, Action.TASK_REPORT, task),
        "review_explanation": open_task
        and state == ExplanationState.ANSWERED
        and policy.allows(user, Action.TASK_ASK_EXPLANATION, task),
    }


def task_page(
    request: HttpRequest,
    task: Task,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the task card with each allowed action's form (``bound`` replaces some)."""
    today = timezone.localdate()
    user = request.user
    explanation = open_explanation(task)
    actions = allowed_actions(user, task, explanation)
    bound = bound or {}
    forms_by_action: dict[str, forms.Form] = {
        "progress": ProgressForm(initial={"progress": task.progress}, prefix="progress"),
        "claim": ClaimForm(prefix="claim"),
        "extension": ExtensionRequestForm(prefix="extension"),
        "decide": ExtensionDecisionForm(prefix="decide"),
        "confirm": ConfirmForm(prefix="confirm"),
        "send_back": SendBackForm(prefix="send_back"),
        "delegate": DelegateForm(prefix="delegate", lead_unit=task.lead_unit),
        "ask_explanation": ExplanationAskForm(prefix="ask_explanation"),
        "answer_explanation": ExplanationAnswerForm(prefix="answer_explanation"),
        "review_explanation": ExplanationReviewForm(prefix="review_explanation"),
    }
    forms_by_action.update(bound)
    rounds, back = explanation_rounds(task)
    open_task = task.cancelled_on is None and task.confirmed_on is None
    # Everyone sees the completion as refused; those who report are told what to do.
    rejected = back if open_task else None
    if not (open_task and policy.allows(user, Action.TASK_REPORT, task)):
        back = None
    timeline = (
        policy.visible_updates(user, TaskUpdate.objects.filter(task=task))
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("-at", "-pk")
    )
    children = tasks_with_facts(
        with_status(policy.visible_tasks(user, Task.objects.filter(parent=task)), today)
    ).order_by("pk")
    detail = task.status_on(today)
    # A parent shows beside its own status how many of its delegated parts are overdue.
    late_parts = children.filter(status=rules.Status.OVERDUE.value).count()
    context = {
        "task": task,
        "today": today,
        "detail": detail,
        "missing": task_clarity(task),
        "clears": clear_rows(task),
        "timeline": paginate(request, timeline, param="tpage", per_page=TIMELINE_PAGE),
        "children": paginate(request, children, param="cpage"),
        "pending_extension": pending_extension(task),
        "claim_pending": has_pending_claim(task),
        "actions": actions,
        "forms": forms_by_action,
        "coordinating": list(task.coordinating_units.all()),
        "explanation": explanation,
        "explanation_rounds": rounds,
        "sent_back": back,
        "rejected": rejected,
        "late_parts": late_parts,
    }
    return render_page(request, "tasks/task.html", None, context, status=status)


def clear_rows(task: Task) -> list[dict[str, Any]]:
    """The six clears of ``task``: label, what the task says, and whether it is missing."""
    missing = set(task_clarity(task))
    coordinating = ", ".join(u.name for u in task.coordinating_units.all())
    if task.due_on:
        schedule = task.due_on.strftime("%d/%m/%Y")
        if task.original_due_on and task.original_due_on != task.due_on:
            schedule += (
                " (" + _("ban đầu %(d)s") % {"d": task.original_due_on.strftime("%d/%m/%Y")} + ")"
            )
    else:
        schedule = str(task.get_recurrence_display()) if task.recurrence != "none" else ""
    responsibility = task.lead_unit.name if task.lead_unit else ""
    if responsibility and coordinating:
        responsibility += " — " + _("phối hợp: %(units)s") % {"units": coordinating}
    values = {
        Clear.OWNER: task.owner.full_name if task.owner else "",
        Clear.ACTION: task.action,
        Clear.SCHEDULE: schedule,
        Clear.RESPONSIBILITY: responsibility,
        Clear.OUTPUT: task.expected_output,
        Clear.AUTHORITY: task.authority.name if task.authority else "",
    }
    return [
        {"clear": clear, "value": values[clear], "missing": clear in missing} for clear in Clear
    ]


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return task_page(request, visible_task(request, pk))


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, to those who may see its task only (404 to anyone else)."""
    evidence = get_object_or_404(
        Evidence.objects.filter(update__in=policy.visible_updates(request.user)), pk=pk
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type or "application/octet-stream",
    )


def _act(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    form_class: type[forms.Form],
    perform: Callable[[Task, dict[str, Any]], Any],
    done: str,
    form_kwargs: Callable[[Task], dict[str, Any]] | None = None,
) -> HttpResponse:
    """The shape every task action shares: scope (404), form, service (which locks the task
    and asks the gate: 403), message."""
    task = visible_task(request, pk)
    extra = form_kwargs(task) if form_kwargs else {}
    form = form_class(request.POST, request.FILES, prefix=name, **extra)
    if form.is_valid():
        try:
            perform(task, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("tasks:task", pk=task.pk)
    return task_page(request, task, bound={name: form}, status=400)


@login_required
@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="progress",
        form_class=ProgressForm,
        perform=lambda task, data: services.task_report_progress(
            actor=request.user,
            task=task,
            progress=data["progress"],
            narrative=data["narrative"],
            explanation=data["explanation"],
            evidence=data["evidence"],
        ),
        done=_("Đã ghi nhận báo cáo tiến độ."),
    )


@login_required
@require_POST
def task_claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="claim",
        form_class=ClaimForm,
        perform=lambda task, data: services.task_claim_done(
            actor=request.user,
            task=task,
            output_note=data["output_note"],
            explanation=data["explanation"],
            evidence=data["evidence"],
        ),
        done=_("Đã báo cáo hoàn thành; chờ xác nhận."),
    )


@login_required
@require_POST
def task_extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="extension",
        form_class=ExtensionRequestForm,
        perform=lambda task, data: services.extension_request_create(
            actor=request.user,
            task=task,
            requested_due_on=data["requested_due_on"],
            reason=data["reason"],
        ),
        done=_("Đã gửi đề nghị gia hạn."),
    )


@login_required
@require_POST
def task_extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(task: Task, data: dict[str, Any]) -> Any:
        pending = pending_extension(task)
        if pending is None:
            raise ValidationError(_("Không có đề nghị gia hạn nào đang chờ quyết định."))
        return services.extension_decide(
            actor=request.user, request=pending, grant=data["grant"], note=data["note"]
        )

    return _act(
        request,
        pk,
        name="decide",
        form_class=ExtensionDecisionForm,
        perform=perform,
        done=_("Đã quyết định đề nghị gia hạn."),
    )


@login_required
@require_POST
def task_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="confirm",
        form_class=ConfirmForm,
        perform=lambda task, data: services.task_confirm(
            actor=request.user, task=task, note=data["note"]
        ),
        done=_("Đã xác nhận hoàn thành."),
    )


@login_required
@require_POST
def task_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="send_back",
        form_class=SendBackForm,
        perform=lambda task, data: services.task_send_back(
            actor=request.user, task=task, reason=data["reason"]
        ),
        done=_("Đã trả lại báo cáo hoàn thành."),
    )


@login_required
@require_POST
def task_delegate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="delegate",
        form_class=DelegateForm,
        form_kwargs=lambda task: {"lead_unit": task.lead_unit},
        perform=lambda task, data: services.task_delegate(
            actor=request.user,
            task=task,
            lead_unit=data["lead_unit"],
            action=data["action"],
            due_on=data["due_on"],
            expected_output=data["expected_output"],
        ),
        done=_("Đã phân cấp cho đơn vị cấp dưới."),
    )


def _explanation_of(task: Task, state: str) -> ExplanationRequest:
    found = ExplanationRequest.objects.filter(task=task, state=state).first()
    if found is None:
        message = (
            _("Không có yêu cầu giải trình nào đang chờ giải trình.")
            if state == ExplanationState.ASKED
            else _("Không có giải trình nào đang chờ xem xét.")
        )
        raise ValidationError(message)
    return found


@login_required
@require_POST
def task_explanation_ask(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="ask_explanation",
        form_class=ExplanationAskForm,
        perform=lambda task, data: services.explanation_ask(
            actor=request.user,
            task=task,
            question=data["question"],
            answer_due_on=data["answer_due_on"],
        ),
        done=_("Đã gửi yêu cầu giải trình."),
    )


@login_required
@require_POST
def task_explanation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="answer_explanation",
        form_class=ExplanationAnswerForm,
        perform=lambda task, data: services.explanation_answer(
            actor=request.user,
            request=_explanation_of(task, ExplanationState.ASKED),
            reason=data["reason"],
            remedy=data["remedy"],
            proposed_due_on=data["proposed_due_on"],
        ),
        done=_("Đã gửi giải trình."),
    )


@login_required
@require_POST
def task_explanation_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="review_explanation",
        form_class=ExplanationReviewForm,
        perform=lambda task, data: services.explanation_review(
            actor=request.user,
            request=_explanation_of(task, ExplanationState.ANSWERED),
            accept=data["accept"],
            note=data["note"],
        ),
        done=_("Đã ghi ý kiến về giải trình."),
    )
