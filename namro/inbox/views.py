"""The inbox page (Việc cần xử lý) and the small actions its rows take in place.

A row's action finds its object among those the user may see (404 otherwise) and calls the
same service the task page calls, which locks the row and asks the gate (403 if refused).
Through htmx a done row disappears and the counts (on the page and in the top bar) are
swapped out of band; a refused value comes back as the row with the message by its field.
Without JavaScript the same forms post and the page is shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from namro.access import policy
from namro.core.forms import apply_errors
from namro.core.pages import render_page
from namro.tasks import services
from namro.tasks.forms import (
    ConfirmForm,
    ExplanationAnswerForm,
    ExplanationReviewForm,
    ExtensionDecisionForm,
    SendBackForm,
)
from namro.tasks.models import ExplanationRequest, ExtensionRequest, Task

from .selectors import Inbox, Item, Kind, counts, inbox, row


@dataclass(frozen=True)
class RowForm:
    """An action a row takes in place: its form, where it posts, what it says."""

    name: str
    form_class: type[forms.Form]
    url_name: str
    title: Any
    button: Any


ROW_FORMS: dict[Kind, list[RowForm]] = {
    Kind.CLAIM: [
        RowForm(
            "confirm",
            ConfirmForm,
            "inbox:confirm",
            gettext_lazy("Xác nhận hoàn thành"),
            gettext_lazy("Xác nhận"),
        ),
        RowForm(
            "send_back",
            SendBackForm,
            "inbox:send_back",
            gettext_lazy("Trả lại"),
            gettext_lazy("Trả lại"),
        ),
    ],
    Kind.EXTENSION: [
        RowForm(
            "decide",
            ExtensionDecisionForm,
            "inbox:decide",
            gettext_lazy("Quyết định gia hạn"),
            gettext_lazy("Ghi quyết định"),
        )
    ],
    Kind.EXPLANATION_TO_ANSWER: [
        RowForm(
            "answer",
            ExplanationAnswerForm,
            "inbox:answer",
            gettext_lazy("Giải trình"),
            gettext_lazy("Gửi giải trình"),
        )
    ],
    Kind.EXPLANATION_TO_REVIEW: [
        RowForm(
            "review",
            ExplanationReviewForm,
            "inbox:review",
            gettext_lazy("Xem xét giải trình"),
            gettext_lazy("Ghi ý kiến"),
        )
    ],
}

Bound = tuple[Kind, int, str, forms.Form]


def _prefix(name: str, item_id: int) -> str:
    return f"{name}-{item_id}"


def _row(item: Item, bound: Bound | None = None) -> dict[str, Any]:
    """An item with the forms its row shows (``bound`` replaces one of them)."""
    row_forms = []
    for spec in ROW_FORMS.get(item.kind, []):
        form = spec.form_class(prefix=_prefix(spec.name, item.id))
        if bound is not None and bound[:3] == (item.kind, item.id, spec.name):
            form = bound[3]
        row_forms.append(
            {
                "name": spec.name,
                "form": form,
                "url_name": spec.url_name,
                "title": spec.title,
                "button": spec.button,
            }
        )
    return {"item": item, "forms": row_forms}


def _sections(box: Inbox, bound: Bound | None = None) -> list[dict[str, Any]]:
    sections = box.sections()
    for section in sections:
        section["rows"] = [_row(item, bound) for item in section["items"]]
    return sections


def _remember(request: HttpRequest, waiting: dict[Kind, int]) -> None:
    """Keep the counts on the request so the top bar's badge does not count again."""
    request._namro_inbox_counts = waiting  # type: ignore[attr-defined]


def _page(request: HttpRequest, *, bound: Bound | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    box = inbox(request.user, today)
    _remember(request, box.counts)
    context = {"today": today, "box": box, "sections": _sections(box, bound)}
    return render_page(request, "inbox/inbox.html", None, context, status=status)


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Everything that waits for the signed-in person, by kind, oldest first."""
    return _page(request)


def _act(
    request: HttpRequest,
    *,
    kind: Kind,
    item_id: int,
    name: str,
    form_class: type[forms.Form],
    perform: Callable[[dict[str, Any]], Any],
    done: str | Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """The shape every row action shares: form, service, then the row gone (htmx) or the
    page again; a refused value keeps the row with the message by its field."""
    form = form_class(request.POST, prefix=_prefix(name, item_id))
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if callable(done):
                done = done(form.cleaned_data)
            if request.htmx:  # type: ignore[attr-defined]
                waiting = counts(request.user, timezone.localdate())
                _remember(request, waiting)
                context = {"counts": waiting, "total": sum(waiting.values()), "done": done}
                return render(request, "inbox/_done.html", context)
            messages.success(request, done)
            return redirect("inbox:inbox")
    bound: Bound = (kind, item_id, name, form)
    if request.htmx:  # type: ignore[attr-defined]
        today = timezone.localdate()
        item = row(request.user, kind, today, item_id)
        context = {
            "row": _row(item, bound) if item else None,
            "errors": form.non_field_errors(),
            "today": today,
        }
        # 200 so that htmx swaps the row with its messages in.
        return render(request, "inbox/_row.html", context)
    return _page(request, bound=bound, status=400)


def _task(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(policy.visible_tasks(request.user), pk=pk)


@login_required
@require_POST
def claim_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    return _act(
        request,
        kind=Kind.CLAIM,
        item_id=pk,
        name="confirm",
        form_class=ConfirmForm,
        perform=lambda data: services.task_confirm(
            actor=request.user, task=task, note=data["note"]
        ),
        done=_("Đã xác nhận hoàn thành."),
    )


@login_required
@require_POST
def claim_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    return _act(
        request,
        kind=Kind.CLAIM,
        item_id=pk,
        name="send_back",
        form_class=SendBackForm,
        perform=lambda data: services.task_send_back(
            actor=request.user, task=task, reason=data["reason"]
        ),
        done=_("Đã trả lại báo cáo hoàn thành."),
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(
        policy.visible_extension_requests(request.user, ExtensionRequest.objects.all()), pk=pk
    )
    return _act(
        request,
        kind=Kind.EXTENSION,
        item_id=pk,
        name="decide",
        form_class=ExtensionDecisionForm,
        perform=lambda data: services.extension_decide(
            actor=request.user, request=extension, grant=data["grant"], note=data["note"]
        ),
        done=_("Đã quyết định đề nghị gia hạn."),
    )


def _explanation(request: HttpRequest, pk: int) -> ExplanationRequest:
    return get_object_or_404(
        policy.visible_explanation_requests(request.user, ExplanationRequest.objects.all()), pk=pk
    )


@login_required
@require_POST
def explanation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    explanation = _explanation(request, pk)
    return _act(
        request,
        kind=Kind.EXPLANATION_TO_ANSWER,
        item_id=pk,
        name="answer",
        form_class=ExplanationAnswerForm,
        perform=lambda data: services.explanation_answer(
            actor=request.user,
            request=explanation,
            reason=data["reason"],
            remedy=data["remedy"],
            proposed_due_on=data["proposed_due_on"],
        ),
        done=_("Đã gửi giải trình."),
    )


@login_required
@require_POST
def explanation_review(request: HttpRequest, pk: int) -> HttpResponse:
    explanation = _explanation(request, pk)

    def perform(data: dict[str, Any]) -> Any:
        return services.explanation_review(
            actor=request.user, request=explanation, accept=data["accept"], note=data["note"]
        )

    return _act(
        request,
        kind=Kind.EXPLANATION_TO_REVIEW,
        item_id=pk,
        name="review",
        form_class=ExplanationReviewForm,
        perform=perform,
        done=lambda data: (
            _("Đã chấp nhận giải trình.") if data["accept"] else _("Đã yêu cầu giải trình lại.")
        ),
    )
