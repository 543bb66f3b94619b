"""Document pages: the document (links, goals, indicators, tasks by section) and fast entry
of a document with many tasks at once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from namro.access import policy
from namro.access.policy import Action
from namro.core.forms import DATE_INPUT_FORMATS, apply_errors
from namro.core.pages import paginate, render_page
from namro.documents.services import (
    DocumentFields,
    TaskRow,
    document_receive,
    document_with_tasks,
    rows_errors,
)
from namro.intake.core.deadlines import parse_days
from namro.orgs.models import Unit
from namro.tasks.aggregation import with_status
from namro.tasks.clarity import ClarityFacts, clarity
from namro.tasks.models import Task
from namro.tasks.selectors import task_clarity
from namro.workdays.calendar import add_working_days

from .clock import EntryClock, entry_clock
from .forms import (
    DocumentEntryForm,
    EntryOptionsForm,
    ReceivedForm,
    TaskRowFormSet,
    show_row_errors,
    split_pasted,
)
from .models import Document, DocumentKind, Measurement

TASKS_PER_PAGE = 50
BLANK_ROWS = 3
HIGHER_KINDS = [
    DocumentKind.RESOLUTION,
    DocumentKind.DIRECTIVE,
    DocumentKind.CONCLUSION,
    DocumentKind.CONCLUSION_NOTICE,
    DocumentKind.ACTION_PROGRAM,
    DocumentKind.PLAN,
]


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    document = get_object_or_404(policy.visible_documents(user).select_related("issuer"), pk=pk)
    tasks_qs = with_status(
        policy.visible_tasks(user, Task.objects.filter(document=document, parent__isnull=True)),
        today,
    ).select_related("lead_unit", "owner")
    page = paginate(request, tasks_qs.order_by("order", "pk"), per_page=TASKS_PER_PAGE)
    rows = [{"task": t, "missing": task_clarity(t)} for t in page.object_list]
    indicators = document.indicators.select_related("lead_unit").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("-measured_on"))
    )
    context = {
        "document": document,
        "today": today,
        "implements": policy.visible_documents(user, document.implements.all()).select_related(
            "issuer"
        ),
        "implemented_by": policy.visible_documents(
            user, document.implemented_by.all()
        ).select_related("issuer"),
        "goals": document.goals.all(),
        "indicators": indicators,
        "page": page,
        "rows": rows,
        "unclear": sum(1 for r in rows if r["missing"]),
        "can_manage": policy.allows(user, Action.DOCUMENT_MANAGE, document),
        "clock": _clock_of(document, today),
    }
    if context["can_manage"]:
        context["received_form"] = ReceivedForm(initial={"received_on": document.received_on})
    return render_page(request, "documents/document.html", None, context)


def _clock_of(document: Document, today: date) -> EntryClock | None:
    """The entry clock; one count of the document's tasks when it has a day of arrival."""
    if document.received_on is None:
        return None
    count = Task.objects.filter(document=document, parent__isnull=True).count()
    return entry_clock(document.received_on, document.tasks_entered_on, count, today)


@login_required
def document_received(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day the document arrived (ngày đến), which starts its entry clock."""
    if request.method != "POST":
        return redirect("documents:document", pk=pk)
    document = get_object_or_404(policy.visible_documents(request.user), pk=pk)
    form = ReceivedForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("documents:document", pk=pk)
    try:
        document_receive(
            actor=request.user, document=document, received_on=form.cleaned_data["received_on"]
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Đã ghi ngày văn bản đến."))
    return redirect("documents:document", pk=pk)
    for error in [*form.non_field_errors(), *form.errors.get("received_on", [])]:
        messages.error(request, error)
    if not policy.allows(request.user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied
    return redirect("documents:document", pk=pk)


def issuer_pool(user: Any) -> QuerySet[Unit]:
    """Units the user may issue documents for (all for an admin)."""
    return policy.units_where(user, Action.DOCUMENT_CREATE)


def default_issuer(user: Any) -> str:
    """The name of the top unit the user issues documents for, to start the form with."""
    root = policy.root_units(user, policy.OFFICE).order_by("path").first()
    return root.name if root is not None and not policy.is_admin(user) else ""


def _with_rows(
    data: QueryDict, rows: list[dict[str, str]], start: date | None = None, prefix: str = "tasks"
) -> QueryDict:
    """``data`` with pasted ``rows`` written after the last row that holds an action; a
    deadline written as a count of days ("05 ngày làm việc") is counted from ``start``."""
    data = data.copy()
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    used = max(
        (i + 1 for i in range(total) if data.get(f"{prefix}-{i}-action", "").strip()), default=0
    )
    for offset, row in enumerate(rows):
        index = used + offset
        for key in list(data):
            if key.startswith(f"{prefix}-{index}-"):
                del data[key]
        data[f"{prefix}-{index}-recurrence"] = "none"
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = iso_date(value, start) if name == "due_on" else value
    data[f"{prefix}-TOTAL_FORMS"] = str(max(total, used + len(rows)))
    data["paste"] = ""
    return data


def iso_date(text: str, start: date | None = None) -> str:
    """A pasted dd/mm/yyyy date as yyyy-mm-dd, which a date input can show; "05 ngày làm
    việc" or "trong 10 ngày" counted from ``start`` (working days on the holiday calendar);
    else unchanged."""
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    counted = parse_days(text, start, add_working_days)
    return counted.isoformat() if counted is not None else text


def _start_of(data: QueryDict, document: Document | None) -> date | None:
    """The date pasted day counts start from: the document's, or the one typed in the form."""
    if document is not None:
        return document.issued_on
    typed = (data.get("issued_on") or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(typed, fmt).date()
        except ValueError:
            continue
    return None


def _blank_rows(data: QueryDict, count: int, prefix: str = "tasks") -> QueryDict:
    data = data.copy()
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    data[f"{prefix}-TOTAL_FORMS"] = str(min(total + count, 500))
    return data


def _clarity_of(form: Any, issuer: Unit | None) -> list[Any]:
    data = form.cleaned_data
    facts = ClarityFacts(
        action=data.get("action", ""),
        has_owner=data.get("owner") is not None,
        has_deadline=data.get("due_on") is not None,
        recurrence=data.get("recurrence", "none"),
        has_lead_unit=data.get("lead_unit") is not None,
        expected_output=data.get("expected_output", ""),
        has_authority=issuer is not None,
    )
    return clarity(facts)


def _task_row(index: int, form: Any, authority: Unit | None) -> TaskRow:
    """The row of the service for a filled, valid row form (numbered from 1)."""
    data = form.cleaned_data
    return TaskRow(
        number=index + 1,
        section=data["section"],
        action=data["action"],
        lead_unit=data["lead_unit"],
        coordinating_units=tuple(data["coordinating_units"]),
        owner=None if isinstance(data["owner"], str) else data["owner"],
        new_owner=data["owner"] if isinstance(data["owner"], str) else "",
        new_owner_title=data["owner_title"] if isinstance(data["owner"], str) else "",
        authority=authority,
        due_on=data["due_on"],
        recurrence=data["recurrence"],
        expected_output=data["expected_output"],
        is_key=data["is_key"],
    )


@login_required
def task_entry(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A document and a table of its tasks (or more tasks for an existing document)."""
    user = request.user
    document = None
    if pk is not None:
        document = get_object_or_404(policy.visible_documents(user).select_related("issuer"), pk=pk)
    may = (
        policy.allows(user, Action.DOCUMENT_MANAGE, document)
        if document is not None
        else policy.allows(user, Action.DOCUMENT_CREATE)
    )
    if not may:
        raise PermissionDenied
    units = policy.visible_units(user)
    people = policy.visible_people(user)
    higher = (
        policy.visible_documents(user)
        .filter(kind__in=HIGHER_KINDS)
        .order_by("-issued_on", "pk")[:200]
    )
    higher_qs = Document.objects.filter(pk__in=list(higher.values_list("pk", flat=True)))
    action = request.POST.get("do", "check") if request.method == "POST" else ""
    data: QueryDict | None = request.POST if request.method == "POST" else None
    if data is not None and action == "paste":
        data = _with_rows(data, split_pasted(data.get("paste", "")), _start_of(data, document))
    elif data is not None and action == "add_row":
        data = _blank_rows(data, 1)
    # Only checking and saving judge what was typed; adding a row or splitting pasted lines
    # rebuilds the table without an error on what the user has not finished.
    judged = action in ("check", "save")
    doc_form = None
    if document is None:
        doc_form = DocumentEntryForm(
            data,
            issuers=issuer_pool(user),
            higher=higher_qs,
            initial={"issuer": default_issuer(user), "issued_on": timezone.localdate()},
            judged=judged,
        )
    formset = TaskRowFormSet(
        data,
        prefix="tasks",
        units=units,
        people=people,
        judged=judged,
    )
    if data is None:
        formset.extra = BLANK_ROWS
    options = EntryOptionsForm(data)
    checked = False
    notices: list[str] = []
    previews: list[dict[str, Any]] = []
    if data is not None and action in ("check", "save"):
        checked = True
        doc_ok = doc_form.is_valid() if doc_form is not None else True
        formset_ok = formset.is_valid()
        options.is_valid()
        filled = formset.filled_forms()
        target: Document | DocumentFields | None = document
        issuer: Unit | None = None
        if document is not None:
            issuer = document.issuer
        elif doc_ok and doc_form is not None:
            fields = doc_form.cleaned_data
            issuer = fields["issuer"]
            target = DocumentFields(
                kind=fields["kind"],
                number=fields["number"],
                title=fields["title"],
                issuer=fields["issuer"],
                issued_on=fields["issued_on"],
                implements=(fields["implements"],) if fields.get("implements") else (),
                received_on=fields.get("received_on"),
            )
        issued_on = target.issued_on if target is not None else None
        indexed = [(formset.forms.index(f), f) for f in filled if not f.errors]
        rows = [_task_row(i, f, issuer) for i, f in indexed]
        show_row_errors(formset.forms, rows_errors(rows, issued_on))
        if not filled:
            notices.append(_("Hãy nhập ít nhất một nhiệm vụ."))
        rows_ok = formset_ok and bool(filled) and not any(f.errors for f in filled)
        for index, form in enumerate(formset.forms):
            if form in filled and not form.errors:
                previews.append({"index": index, "missing": _clarity_of(form, issuer)})
        unclear = sum(1 for p in previews if p["missing"])
        saved = None
        if action == "save" and doc_ok and rows_ok and target is not None:
            if unclear and not options.cleaned_data.get("accept_unclear"):
                notices.append(
                    _("%(n)d nhiệm vụ chưa đủ sáu rõ. Bổ sung, hoặc chọn «Vẫn lưu» rồi lưu lại.")
                    % {"n": unclear}
                )
            else:
                result = document_with_tasks(user, document=target, rows=rows)
                if result.header and doc_form is not None:
                    apply_errors(doc_form, ValidationError(result.header))
                show_row_errors(formset.forms, result.errors)
                saved = result.document
        if saved is not None:
            messages.success(request, _("Đã lưu %(n)d nhiệm vụ của văn bản.") % {"n": len(rows)})
            url = reverse("documents:document", args=[saved.pk])
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(url)
            return redirect(url)
    missing_by_index = {p["index"]: p["missing"] for p in previews}
    context = {
        "document": document,
        "doc_form": doc_form,
        "formset": formset,
        "rows": [(form, missing_by_index.get(index)) for index, form in enumerate(formset.forms)],
        "options": options,
        "checked": checked,
        "notices": notices,
        "unclear": sum(1 for p in previews if p["missing"]),
        "clear_count": sum(1 for p in previews if not p["missing"]),
    }
    # A refused save answers 400 to a plain form post; htmx swaps only 2xx answers.
    refused = data is not None and action == "save" and not getattr(request, "htmx", False)
    return render_page(
        request,
        "documents/entry.html",
        "documents/_entry_form.html",
        context,
        status=400 if refused else 200,
    )
