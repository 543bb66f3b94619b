"""Document pages: the document (links, goals, indicators, tasks by section) and fast entry
of a document with many tasks at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from namro.access import policy
from namro.access.models import Role
from namro.core.forms import apply_errors
from namro.core.pages import paginate, render_page
from namro.documents.services import document_create
from namro.orgs.models import Unit
from namro.tasks.aggregation import with_status
from namro.tasks.clarity import ClarityFacts, clarity
from namro.tasks.models import Task
from namro.tasks.selectors import task_clarity
from namro.tasks.services import task_create

from .forms import DocumentEntryForm, EntryOptionsForm, TaskRowFormSet, split_pasted
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
        "can_manage": policy.can_manage_document(user, document),
    }
    return render_page(request, "documents/document.html", None, context)


def issuer_pool(user: Any) -> QuerySet[Unit]:
    """Units the user may issue documents for: their tracker subtrees (all for an admin)."""
    if policy.is_admin(user):
        return Unit.objects.all()
    scopes = [s for s in policy.scopes(user) if s.role is Role.TRACKER]
    if not scopes:
        return Unit.objects.none()
    q = scopes[0].q()
    for s in scopes[1:]:
        q |= s.q()
    return Unit.objects.filter(q)


def default_issuer(user: Any) -> str:
    scope = next((s for s in policy.scopes(user) if s.role is Role.TRACKER), None)
    if scope is None:
        return ""
    return Unit.objects.filter(pk=scope.unit_id).values_list("name", flat=True).first() or ""


def _with_rows(data: QueryDict, rows: list[dict[str, str]], prefix: str = "tasks") -> QueryDict:
    """``data`` with pasted ``rows`` written after the last row that holds an action."""
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
            data[f"{prefix}-{index}-{name}"] = iso_date(value) if name == "due_on" else value
    data[f"{prefix}-TOTAL_FORMS"] = str(max(total, used + len(rows)))
    data["paste"] = ""
    return data


def iso_date(text: str) -> str:
    """A pasted dd/mm/yyyy date as yyyy-mm-dd, which a date input can show; else unchanged."""
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return text


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


def _check_dates(rows: list[Any], issued_on: Any) -> None:
    """A deadline before the document's date is refused before anything is saved."""
    if issued_on is None:
        return
    for form in rows:
        due = form.cleaned_data.get("due_on")
        if due is not None and due < issued_on:
            form.add_error(
                "due_on",
                _("Thời hạn %(due)s trước ngày ban hành văn bản %(issued)s.")
                % {"due": date_format(due, "d/m/Y"), "issued": date_format(issued_on, "d/m/Y")},
            )


class _Rollback(Exception):
    """Raised inside the entry transaction when a row fails, so that nothing is kept."""


def _save(user: Any, document: Document | None, doc_form: Any, rows: list[Any]) -> Document | None:
    """Create the document (if new) and every row's task in ONE transaction, or nothing."""
    try:
        with transaction.atomic():
            if document is None:
                data = doc_form.cleaned_data
                try:
                    document = document_create(
                        actor=user,
                        kind=data["kind"],
                        number=data["number"],
                        title=data["title"],
                        issuer=data["issuer"],
                        issued_on=data["issued_on"],
                        implements=[data["implements"]] if data.get("implements") else [],
                    )
                except ValidationError as exc:
                    apply_errors(doc_form, exc)
                    raise _Rollback from None
            start = Task.objects.filter(document=document).count()
            failed = False
            for index, form in enumerate(rows, start=1):
                data = form.cleaned_data
                try:
                    task_create(
                        actor=user,
                        document=document,
                        section=data["section"],
                        action=data["action"],
                        lead_unit=data["lead_unit"],
                        coordinating_units=data["coordinating_units"],
                        owner=data["owner"],
                        authority=document.issuer,
                        due_on=data["due_on"],
                        recurrence=data["recurrence"],
                        expected_output=data["expected_output"],
                        is_key=data["is_key"],
                        order=start + index,
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                    failed = True
            if failed:
                raise _Rollback
    except _Rollback:
        return None
    return document


@login_required
def task_entry(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A document and a table of its tasks (or more tasks for an existing document)."""
    user = request.user
    document = None
    if pk is not None:
        document = get_object_or_404(policy.visible_documents(user).select_related("issuer"), pk=pk)
        if not policy.can_manage_document(user, document):
            raise PermissionDenied
    issuers = issuer_pool(user)
    if document is None and not policy.is_admin(user) and not issuers.exists():
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
        data = _with_rows(data, split_pasted(data.get("paste", "")))
    elif data is not None and action == "add_row":
        data = _blank_rows(data, 1)
    doc_form = None
    if document is None:
        doc_form = DocumentEntryForm(
            data,
            issuers=issuers,
            higher=higher_qs,
            initial={"issuer": default_issuer(user), "issued_on": timezone.localdate()},
        )
    formset = TaskRowFormSet(data, prefix="tasks", units=units, people=people)
    if data is None:
        formset.extra = BLANK_ROWS
    options = EntryOptionsForm(data)
    checked = False
    notices: list[str] = []
    previews: list[dict[str, Any]] = []
    if data is not None and action in ("check", "save"):
        checked = True
        doc_ok = doc_form.is_valid() if doc_form is not None else True
        rows_ok = formset.is_valid()
        options.is_valid()
        rows = formset.filled_forms()
        if document is not None:
            issuer, issued_on = document.issuer, document.issued_on
        elif doc_ok and doc_form is not None:
            issuer = doc_form.cleaned_data["issuer"]
            issued_on = doc_form.cleaned_data["issued_on"]
            if not policy.can_create_document(user, issuer):
                doc_form.add_error(
                    "issuer", _("Bạn không được giao theo dõi văn bản của đơn vị này.")
                )
                doc_ok = False
        else:
            issuer, issued_on = None, None
        _check_dates([f for f in rows if not f.errors], issued_on)
        if not rows:
            notices.append(_("Hãy nhập ít nhất một nhiệm vụ."))
        rows_ok = rows_ok and bool(rows) and not any(f.errors for f in rows)
        for index, form in enumerate(formset.forms):
            if form in rows and not form.errors:
                previews.append({"index": index, "missing": _clarity_of(form, issuer)})
        unclear = sum(1 for p in previews if p["missing"])
        saved = None
        if action == "save" and doc_ok and rows_ok:
            if unclear and not options.cleaned_data.get("accept_unclear"):
                notices.append(
                    _("%(n)d nhiệm vụ chưa đủ sáu rõ. Bổ sung, hoặc chọn «Vẫn lưu» rồi lưu lại.")
                    % {"n": unclear}
                )
            else:
                saved = _save(user, document, doc_form, rows)
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
