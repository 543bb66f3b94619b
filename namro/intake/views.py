"""Extraction pages: paste or upload a text, review the draft, save it in one transaction.

``draft_tasks``: a directive or plan → a table of draft tasks (units matched, clarity shown)
and the document's header → the document and its tasks. ``draft_visit``: a report of a
working session → the visit, its delegation and the recommendations raised → a held visit.
Every step is a plain form post (``do`` = extract, check, save); htmx is not needed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.forms import apply_errors
from namro.documents.forms import show_row_errors
from namro.documents.services import DocumentFields, TaskRow, document_with_tasks, rows_errors
from namro.intake.core import Extraction, ExtractionError, extract
from namro.orgs.models import Person, Unit
from namro.oversight.models import DelegationRole, RecommendationState
from namro.oversight.services import MemberInput
from namro.tasks.clarity import ClarityFacts, clarity
from namro.workdays.calendar import add_working_days

from .forms import (
    DraftHeaderForm,
    DraftMemberFormSet,
    DraftRecommendationFormSet,
    DraftTaskFormSet,
    DraftVisitForm,
    SourceForm,
    message_of,
)
from .selectors import (
    UnitPool,
    default_issuer,
    extraction_matches,
    match_people,
    unit_pool,
)
from .services import DraftRecommendation, DraftRejected, visit_record

_DAY_MONTH = re.compile(
    r"(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})(?:\s*(?:/|-|\.|\s+năm\s+)\s*(\d{4}))?"
)


def held_on_from(date_text: str | None, reference: date) -> date | None:
    """The day a report's dateline names ("Chiều 12/4", "ngày 12 tháng 4 năm 2024"); without
    a year, the last such day on or before ``reference`` (a held session is not in the
    future)."""
    match = _DAY_MONTH.search(date_text or "")
    if match is None:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else reference.year
    try:
        found = date(year, month, day)
        if not match.group(3) and found > reference:
            found = date(year - 1, month, day)
    except ValueError:
        return None
    return found


def _read(request: HttpRequest) -> tuple[SourceForm, Extraction | None]:
    """The source form and, when it is valid, what extraction drew from it."""
    form = SourceForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    try:
        result = extract(
            form.cleaned_data["source"],
            doc_date=form.cleaned_data.get("doc_date"),
            add_working_days=add_working_days,
        )
    except ExtractionError as exc:
        form.add_error("text", message_of(exc))
        return form, None
    return form, result


def _written(pool: UnitPool, name: str | None, unit_id: int | None) -> str:
    """What a unit field starts with: the matched unit as the picker writes it, else the
    name as the text gave it (so that it is seen, and must be fixed before saving)."""
    if unit_id is not None:
        return pool.label(unit_id)
    return name or ""


def _title_of(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if len(line) >= 12:
            return line[:500]
    return ""


def _resolve_units(form: Any, pool: UnitPool, name: str, *, many: bool = False) -> Any:
    """Turn the names written in ``form[name]`` into unit ids, errors next to the field."""
    text = (form.cleaned_data.get(name) or "").strip()
    parts = [p.strip() for p in text.split(";") if p.strip()] if many else [text] if text else []
    found: list[int] = []
    for part in parts:
        try:
            found.append(pool.resolve(part))
        except ValidationError as exc:
            form.add_error(name, exc)
    if many:
        return found
    return found[0] if found else None


def _people(user: Any, forms: list[Any], field: str) -> dict[str, int | None]:
    """Each person's name written in ``forms`` → the one visible person of that name."""
    names = [(f.cleaned_data.get(field) or "").strip() for f in forms]
    matches = match_people(user, [n for n in names if n])
    return {name: m.person_id for name, m in matches.items()}


def _missing(row: dict[str, Any]) -> list[Any]:
    return clarity(
        ClarityFacts(
            action=row.get("action") or "",
            has_owner=bool(row.get("owner")),
            has_deadline=row.get("due_on") is not None,
            recurrence=row.get("recurrence") or "none",
            has_lead_unit=bool(row.get("lead_unit")),
            expected_output=row.get("expected_output") or "",
            has_authority=True,  # the document's issuer holds it
        )
    )


# ---------------------------------------------------------------- tasks


def _tasks_initial(
    user: Any, source: SourceForm, result: Extraction, pool: UnitPool
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    matches = extraction_matches(user, result, pool)
    text = source.cleaned_data["source"]
    doc_date = source.cleaned_data.get("doc_date")
    header: dict[str, Any] = {
        "kind": "other",
        "title": _title_of(text),
        "issuer": default_issuer(user, pool),
        "issued_on": doc_date or timezone.localdate(),
        "body": text,
        "doc_date": doc_date,
    }
    if result.documents:
        ref = result.documents[0]
        header.update(number=ref.number, kind=ref.kind)
        issuer = matches.unit(ref.issuer)
        if issuer is not None and issuer.unit_id is not None:
            header["issuer"] = pool.label(issuer.unit_id)
    rows = []
    for task in result.tasks:
        lead = matches.unit(task.lead)
        coordinating = [matches.units[n] for n in task.coordinating if n in matches.units]
        rows.append(
            {
                "include": True,
                "action": task.action,
                "lead_unit": _written(pool, task.lead, lead.unit_id if lead else None),
                "coordinating_units": "; ".join(
                    _written(pool, m.name, m.unit_id) for m in coordinating
                ),
                "due_on": task.deadline,
                "recurrence": task.recurrence,
                "expected_output": task.output or "",
                "source_lead": task.lead or "",
                "source_coordinating": "; ".join(task.coordinating),
                "source_deadline": task.deadline_text or "",
            }
        )
    return header, rows


def _task_rows(formset: Any, pool: UnitPool, missing: dict[int, list[Any]]) -> list[dict[str, Any]]:
    """What the table shows beside each row: how its units matched, and its clarity."""
    out = []
    for index, form in enumerate(formset.forms):
        lead_name = form["source_lead"].value() or ""
        helpers = [n.strip() for n in (form["source_coordinating"].value() or "").split(";")]
        found = pool.match([n for n in [lead_name, *helpers] if n])
        out.append(
            {
                "form": form,
                "match": found.get(lead_name),
                "coordinating": [found[n] for n in helpers if n],
                "missing": missing.get(index, []),
            }
        )
    return out


def _tasks_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "intake/draft_tasks.html", context, status=status)


@login_required
def draft_tasks(request: HttpRequest) -> HttpResponse:
    """Paste or upload a document; review its draft tasks; save the document with them."""
    user = request.user
    if not policy.allows(user, Action.DOCUMENT_CREATE):
        raise PermissionDenied
    step = request.POST.get("do", "") if request.method == "POST" else ""
    if step in ("check", "save"):
        return _review_tasks(request, step)
    if step != "extract":
        return _tasks_page(request, {"source": SourceForm()})
    source, result = _read(request)
    if result is None:
        return _tasks_page(request, {"source": source}, status=400)
    pool = unit_pool(user)
    header_initial, rows = _tasks_initial(user, source, result, pool)
    header = DraftHeaderForm(initial=header_initial)
    formset = DraftTaskFormSet(initial=rows, prefix="tasks")
    missing = {
        i: _missing({**row, "lead_unit": row["lead_unit"] and pool.lookup(row["lead_unit"])})
        for i, row in enumerate(rows)
    }
    context = {
        "header": header,
        "formset": formset,
        "rows": _task_rows(formset, pool, missing),
        "result": result,
        "has_visit": result.visit is not None,
        "source_text": source.cleaned_data["source"],
    }
    return _tasks_page(request, context)


def _review_tasks(request: HttpRequest, step: str) -> HttpResponse:
    user = request.user
    pool = unit_pool(user)
    header = DraftHeaderForm(request.POST)
    formset = DraftTaskFormSet(request.POST, prefix="tasks")
    header_ok = header.is_valid()
    formset.is_valid()
    included = [f for f in formset.forms if f.included()]
    issuer_id = _resolve_units(header, pool, "issuer") if header_ok else None
    resolved: dict[int, dict[str, Any]] = {}
    valid_rows = [f for f in included if not f.errors]
    owners = _people(user, valid_rows, "owner")
    for form in valid_rows:
        data = dict(form.cleaned_data)
        data["lead_unit"] = _resolve_units(form, pool, "lead_unit")
        data["coordinating_units"] = _resolve_units(form, pool, "coordinating_units", many=True)
        owner_name = (data.get("owner") or "").strip()
        data["owner"] = owners.get(owner_name) if owner_name else None
        if owner_name and data["owner"] is None:
            form.add_error("owner", _("Không tìm thấy cán bộ «%(name)s».") % {"name": owner_name})
        resolved[formset.forms.index(form)] = data
    ids = {issuer_id} if issuer_id else set()
    for data in resolved.values():
        ids |= {data["lead_unit"], *data["coordinating_units"]} - {None}
    units = Unit.objects.in_bulk(list(ids))
    issuer = units.get(issuer_id) if issuer_id else None
    people = Person.objects.in_bulk([d["owner"] for d in resolved.values() if d["owner"]])
    rows = [
        TaskRow(
            number=index + 1,
            section=str(position),
            action=resolved[index]["action"],
            lead_unit=units.get(resolved[index]["lead_unit"]),
            coordinating_units=tuple(units[u] for u in resolved[index]["coordinating_units"]),
            owner=people.get(resolved[index]["owner"]),
            authority=issuer,
            due_on=resolved[index]["due_on"],
            recurrence=resolved[index]["recurrence"],
            expected_output=resolved[index]["expected_output"],
        )
        for position, index in enumerate(sorted(resolved), start=1)
    ]
    issued_on = header.cleaned_data["issued_on"] if header_ok else None
    show_row_errors(formset.forms, rows_errors(rows, issued_on))
    missing = {i: _missing(d) for i, d in resolved.items()}
    notices: list[str] = []
    if not included:
        notices.append(_("Hãy chọn ít nhất một nhiệm vụ để lưu."))
    ok = header_ok and not header.errors and included and not any(f.errors for f in included)
    if step == "save" and ok:
        assert issuer is not None
        data = header.cleaned_data
        target = DocumentFields(
            kind=data["kind"],
            number=data["number"],
            title=data["title"],
            issuer=issuer,
            issued_on=data["issued_on"],
            body=data.get("body") or "",
            received_on=data.get("received_on"),
        )
        try:
            result = document_with_tasks(user, document=target, rows=rows)
        except PermissionDenied:
            header.add_error("issuer", _("Bạn không được giao theo dõi văn bản của đơn vị này."))
        else:
            if result.ok:
                assert result.document is not None
                messages.success(
                    request, _("Đã lưu văn bản và %(n)d nhiệm vụ.") % {"n": len(result.tasks)}
                )
                return redirect(reverse("documents:document", args=[result.document.pk]))
            if result.header:
                apply_errors(header, ValidationError(result.header))
            show_row_errors(formset.forms, result.errors)
    context = {
        "header": header,
        "formset": formset,
        "rows": _task_rows(formset, pool, missing),
        "checked": True,
        "notices": notices,
        "unclear": sum(1 for m in missing.values() if m),
        "clear_count": sum(1 for m in missing.values() if not m),
    }
    return _tasks_page(request, context, status=400 if step == "save" else 200)


# ---------------------------------------------------------------- visits


def _visit_initial(
    user: Any, source: SourceForm, result: Extraction, pool: UnitPool
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    assert result.visit is not None
    visit = result.visit
    matches = extraction_matches(user, result, pool)
    doc_date: date | None = source.cleaned_data.get("doc_date")
    visiting = matches.unit(visit.visiting_body)
    host = matches.unit(visit.host)
    header = {
        "kind": "working_session",
        "title": _("Làm việc với %(host)s") % {"host": visit.host} if visit.host else "",
        "visiting_unit": _written(pool, visit.visiting_body, visiting and visiting.unit_id),
        "host_unit": _written(pool, visit.host, host and host.unit_id),
        "held_on": held_on_from(visit.date_text, doc_date or timezone.localdate()),
        "agenda": "; ".join(visit.subject_documents),
        "minutes": source.cleaned_data["source"],
        "source_date": visit.date_text or "",
        "source_visiting": visit.visiting_body or "",
        "source_host": visit.host or "",
    }
    positions = {p.name: p.positions for p in result.people}
    names = list(dict.fromkeys([*visit.chaired_by, *positions]))
    members = []
    for name in names:
        person = matches.person(name)
        head = bool(visit.chaired_by) and name == visit.chaired_by[0]
        members.append(
            {
                "include": head and person is not None and person.person_id is not None,
                "person": person.person_name if person and person.person_id else name,
                "role": DelegationRole.HEAD if head else "",
                "position_title": ", ".join(positions.get(name, [])),
                "source_name": name,
            }
        )
    recommendations = []
    for rec in visit.recommendations:
        raised = matches.unit(rec.raised_by)
        to = matches.unit(rec.to)
        state = (
            RecommendationState.UNDER_CONSIDERATION
            if rec.state == RecommendationState.UNDER_CONSIDERATION
            else RecommendationState.RAISED
        )
        recommendations.append(
            {
                "include": True,
                "raised_by": _written(pool, rec.raised_by, raised and raised.unit_id),
                "addressed_to": _written(pool, rec.to, to and to.unit_id),
                "subject": rec.subject,
                "answer": rec.answer or "",
                "state": state,
                "source_raised_by": rec.raised_by or "",
                "source_to": rec.to or "",
            }
        )
    return header, members, recommendations


def _visit_context(
    form: Any, members: Any, recommendations: Any, pool: UnitPool, user: Any
) -> dict[str, Any]:
    def unit_match(name: str) -> Any:
        return pool.match([name])[name] if name else None

    people = match_people(user, [m["source_name"].value() or "" for m in members.forms])
    return {
        "form": form,
        "members": members,
        "recommendations": recommendations,
        "visiting_match": unit_match(form["source_visiting"].value() or ""),
        "host_match": unit_match(form["source_host"].value() or ""),
        "member_rows": [
            {"form": m, "match": people.get(m["source_name"].value() or "")} for m in members.forms
        ],
        "recommendation_rows": [
            {
                "form": r,
                "raised_match": unit_match(r["source_raised_by"].value() or ""),
                "to_match": unit_match(r["source_to"].value() or ""),
            }
            for r in recommendations.forms
        ],
    }


@login_required
def draft_visit(request: HttpRequest) -> HttpResponse:
    """Paste or upload a report of a working session; review the draft visit; record it."""
    user = request.user
    if not policy.allows(user, Action.VISIT_CREATE):
        raise PermissionDenied
    step = request.POST.get("do", "") if request.method == "POST" else ""
    template = "intake/draft_visit.html"
    if step == "save":
        return _save_visit(request)
    if step != "extract":
        return render(request, template, {"source": SourceForm()})
    source, result = _read(request)
    if result is not None and result.visit is None:
        source.add_error(None, _("Không thấy buổi làm việc nào trong văn bản này."))
        result = None
    if result is None:
        return render(request, template, {"source": source}, status=400)
    pool = unit_pool(user)
    header, members, recommendations = _visit_initial(user, source, result, pool)
    context = _visit_context(
        DraftVisitForm(initial=header),
        DraftMemberFormSet(initial=members, prefix="members"),
        DraftRecommendationFormSet(initial=recommendations, prefix="recs"),
        pool,
        user,
    )
    context["result"] = result
    return render(request, template, context)


def _save_visit(request: HttpRequest) -> HttpResponse:
    user = request.user
    pool = unit_pool(user)
    form = DraftVisitForm(request.POST)
    members = DraftMemberFormSet(request.POST, prefix="members")
    recommendations = DraftRecommendationFormSet(request.POST, prefix="recs")
    form_ok = form.is_valid()
    members.is_valid()
    recommendations.is_valid()
    visiting_id = _resolve_units(form, pool, "visiting_unit") if form_ok else None
    host_id = _resolve_units(form, pool, "host_unit") if form_ok else None
    chosen = [m for m in members.forms if m.included() and not m.errors]
    people_ids = _people(user, chosen, "person")
    for m in chosen:
        name = (m.cleaned_data.get("person") or "").strip()
        if not people_ids.get(name):
            m.add_error(
                "person",
                _(
                    "Không tìm thấy cán bộ «%(name)s»; thành viên đoàn phải có trong danh sách cán bộ."
                )
                % {"name": name},
            )
    recs = [r for r in recommendations.forms if r.included() and not r.errors]
    rec_units = [
        (r, _resolve_units(r, pool, "raised_by"), _resolve_units(r, pool, "addressed_to"))
        for r in recs
    ]
    for r, raised, to in rec_units:
        if raised is None and not r.errors:
            r.add_error("raised_by", _("Hãy chọn đơn vị kiến nghị."))
        if to is None and not r.errors:
            r.add_error("addressed_to", _("Hãy chọn cơ quan nhận kiến nghị."))
    bad = (
        not form_ok
        or bool(form.errors)
        or any(m.errors for m in members.forms if m.included())
        or any(r.errors for r in recommendations.forms if r.included())
    )
    if not bad:
        ids = {visiting_id, host_id} | {u for _r, a, b in rec_units for u in (a, b)}
        units = Unit.objects.in_bulk([i for i in ids if i])
        people = Person.objects.in_bulk(
            [people_ids[(m.cleaned_data["person"]).strip()] for m in chosen]
        )
        data = form.cleaned_data
        try:
            visit = visit_record(
                actor=user,
                kind=data["kind"],
                title=data["title"],
                visiting_unit=units[visiting_id],
                host_unit=units[host_id],
                held_on=data["held_on"],
                place=data.get("place") or "",
                agenda=data.get("agenda") or "",
                minutes=data.get("minutes") or "",
                members=[
                    MemberInput(
                        person=people[people_ids[m.cleaned_data["person"].strip()]],
                        role=m.cleaned_data.get("role") or "",
                        position_title=m.cleaned_data.get("position_title") or "",
                    )
                    for m in chosen
                ],
                recommendations=[
                    DraftRecommendation(
                        raised_by=units[a],
                        addressed_to=units[b],
                        subject=r.cleaned_data["subject"],
                        answer=r.cleaned_data.get("answer") or "",
                        state=r.cleaned_data.get("state") or RecommendationState.RAISED,
                    )
                    for r, a, b in rec_units
                ],
            )
        except DraftRejected as exc:
            if exc.header:
                apply_errors(form, ValidationError(exc.header))
            for index, errors in exc.rows.items():
                apply_errors(rec_units[index][0], ValidationError(errors))
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Bạn không có quyền ghi nhận buổi làm việc này."))
        else:
            messages.success(request, _("Đã ghi nhận buổi làm việc."))
            return redirect(reverse("oversight:visit", args=[visit.pk]))
    context = _visit_context(form, members, recommendations, pool, user)
    return render(request, "intake/draft_visit.html", context, status=400)
