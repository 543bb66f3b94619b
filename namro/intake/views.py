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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.forms import apply_errors
from namro.documents.forms import show_row_errors
from namro.documents.models import DocumentKind
from namro.documents.services import DocumentFields, TaskRow, rows_errors
from namro.intake.core import Extraction, ExtractionError, extract
from namro.intake.core.text import Doc
from namro.orgs.models import Person, Unit
from namro.oversight.models import DelegationRole, RecommendationState
from namro.oversight.services import MemberInput
from namro.tasks.clarity import ClarityFacts, clarity
from namro.tasks.models import Task
from namro.workdays.calendar import add_working_days

from . import excel
from .forms import (
    CarriesOcr,
    DraftHeaderForm,
    DraftMemberFormSet,
    DraftRecommendationFormSet,
    DraftTaskFormSet,
    DraftVisitForm,
    SourceForm,
    message_of,
)
from .selectors import (
    UnitGroup,
    UnitPool,
    default_issuer,
    extraction_matches,
    match_people,
    unit_pool,
)
from .services import (
    DraftRecommendation,
    DraftRejected,
    document_with_group_tasks,
    sheet_stage,
    sheet_staged,
    sheet_unstage,
    visit_record,
)

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


# The names documents give themselves on their title line, written in capitals.
TITLE_KINDS: dict[str, str] = {
    "NGHỊ QUYẾT": DocumentKind.RESOLUTION,
    "CHỈ THỊ": DocumentKind.DIRECTIVE,
    "KẾT LUẬN": DocumentKind.CONCLUSION,
    "THÔNG BÁO": DocumentKind.OTHER,
    "CHƯƠNG TRÌNH HÀNH ĐỘNG": DocumentKind.ACTION_PROGRAM,
    "CHƯƠNG TRÌNH": DocumentKind.ACTION_PROGRAM,
    "KẾ HOẠCH": DocumentKind.PLAN,
    "QUYẾT ĐỊNH": DocumentKind.DECISION,
    "ĐỀ ÁN": DocumentKind.SCHEME,
    "QUY CHẾ": DocumentKind.REGULATION,
    "QUY ĐỊNH": DocumentKind.OTHER,
    "HƯỚNG DẪN": DocumentKind.OTHER,
    "BÁO CÁO": DocumentKind.OTHER,
}
_TITLE_LINE = re.compile(
    r"(" + "|".join(sorted(TITLE_KINDS, key=len, reverse=True)) + r")(?![^\W_])[\s:.-]*(.*)"
)
_OWN_NUMBER = re.compile(r"^(?:Số|số)\s*:?\s*\S+\s*")
# Lines that end a title's subject: the legal basis, the addressee, a numbered part, a rule.
_AFTER_TITLE = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Kính\s+gửi|Thi\s+hành|Phần|Điều\s+\d|Chương\s+[IVXLC\d]"
    r"|[IVXLC]+[.)]|\d+[.)]|[a-zđ][.)]\s|[-_=*.…]{3,})"
)
# Lines of the heading block above the title: agency, motto, number, place and date.
_HEADING_LINE = re.compile(
    r"^(?:Số\s*:|CỘNG\s+HÒA|CỘNG\s+HOÀ|ĐẢNG\s+CỘNG\s+SẢN|Độc\s+lập|[-_=*.…]{3,}$)"
    r"|,\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}"
)
_TITLE_LINES = 3
_FALLBACK_CHARS = 200


def title_of(text: str) -> tuple[str, str | None]:
    """The title a document gives itself and the kind its title line names: "KẾ HOẠCH" (on
    its own line, below the number and date) with the subject on the lines after it, up to
    a blank line or the legal basis, "KẾ HOẠCH Triển khai …"; the document's own number is
    left out. Without a title line, the first line that is not the heading block, cut at its
    first sentence; never the whole text."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for index, line in enumerate(lines):
        match = _TITLE_LINE.fullmatch(line)
        if match is None:
            continue
        word, rest = match.group(1), _OWN_NUMBER.sub("", match.group(2)).strip()
        subject = [rest] if rest else []
        for following in lines[index + 1 : index + 1 + _TITLE_LINES]:
            if rest or not following or _AFTER_TITLE.match(following):
                break
            if _OWN_NUMBER.match(following) and not subject:
                continue
            subject.append(following)
        kind = TITLE_KINDS[word]
        if word == "THÔNG BÁO" and subject and subject[0].lower().startswith("kết luận"):
            kind = DocumentKind.CONCLUSION_NOTICE
        return " ".join([word, *subject])[:500], kind
    for line in lines:
        if len(line) < 12 or _HEADING_LINE.search(line) or line.isupper():
            continue
        sentence = re.split(r"(?<=[.;:!?])\s", line, maxsplit=1)[0]
        if len(sentence) > _FALLBACK_CHARS:
            sentence = sentence[:_FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"
        return sentence, None
    return "", None


_HEADING_LINES = 6


def heading_issuer(text: str, pool: UnitPool) -> int | None:
    """The unit the heading block names as the issuer ("UBND TỈNH BẮC NINH" on the first
    lines, in capitals), when exactly one unit the user sees bears that name or alias."""
    for line in text.splitlines()[:_HEADING_LINES]:
        line = " ".join(line.split())
        if not line or not line.isupper() or _TITLE_LINE.fullmatch(line):
            continue
        found = pool.lookup(line)
        if len(found) == 1:
            return found[0]
    return None


def as_written(doc: Doc, span: tuple[int, int], phrase: str | None) -> str | None:
    """``phrase`` (found lower-cased in the span of the text ``doc`` holds) with the text's
    own letters: "đề án" → "Đề án" when the text wrote it so. The phrase itself when it is
    not found."""
    if not phrase:
        return phrase
    words = [re.escape(w) for w in phrase.lower().split()]
    pattern = re.compile(r"(?<![^\W_])" + r"\s+".join(words) + r"(?![^\W_])")
    found = pattern.search(doc.low, span[0], span[1])
    if found is None:
        return phrase
    return " ".join(doc.orig[found.start() : found.end()].split())


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


def _group_of(pool: UnitPool, text: str, assigner_id: int | None, on: date) -> UnitGroup | None:
    """The group a unit field's text stands for: a collective name ("UBND các xã, phường")
    that names no unit of the pool; None for anything else."""
    text = text.strip()
    if not text or pool.lookup(text):
        return None
    return pool.group(text, assigner_id, on)


def _group_error(group: UnitGroup, pool: UnitPool) -> str | None:
    """Why ``group`` cannot be given the task, or None when it can."""
    if group.assigner_id is None:
        return _("Hãy chọn cơ quan ban hành để xác định các đơn vị của «%(name)s».") % {
            "name": group.name
        }
    if not group.members:
        return _("Không có đơn vị nào của «%(name)s» trực thuộc %(unit)s.") % {
            "name": group.name,
            "unit": pool.label(group.assigner_id),
        }
    return None


def _resolve_lead(
    form: Any, pool: UnitPool, assigner_id: int | None, on: date
) -> tuple[int | None, UnitGroup | None]:
    """The lead unit written in a row: one unit; or a group, the task then staying with the
    assigning body and a sub-task going to each unit of the group."""
    group = _group_of(pool, form.cleaned_data.get("lead_unit") or "", assigner_id, on)
    if group is None:
        return _resolve_units(form, pool, "lead_unit"), None
    error = _group_error(group, pool)
    if error:
        form.add_error("lead_unit", error)
        return None, None
    return assigner_id, group


def _resolve_helpers(
    form: Any, pool: UnitPool, assigner_id: int | None, on: date, lead: int | None
) -> list[int]:
    """The coordinating units written in a row; a collective name among them stands for
    every unit of its group (the lead left out)."""
    text = form.cleaned_data.get("coordinating_units") or ""
    found: list[int] = []
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        group = _group_of(pool, part, assigner_id, on)
        if group is not None:
            error = _group_error(group, pool)
            if error:
                form.add_error("coordinating_units", error)
            found += [u for u in group.members if u != lead and u not in found]
            continue
        try:
            unit_id = pool.resolve(part)
        except ValidationError as exc:
            form.add_error("coordinating_units", exc)
        else:
            if unit_id not in found:
                found.append(unit_id)
    return found


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
            has_lead_unit=bool(row.get("lead_unit")) or bool(row.get("group")),
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
    title, title_kind = title_of(text)
    today = timezone.localdate()
    doc = Doc.of(text)  # the form the tasks' spans refer to
    header: dict[str, Any] = {
        "kind": title_kind or "other",
        "title": title,
        "issuer": default_issuer(user, pool),
        "issued_on": doc_date or timezone.localdate(),
        "body": text,
        "doc_date": doc_date,
        **CarriesOcr.ocr_initial(source.cleaned_data.get("ocr")),
    }
    heading = heading_issuer(text, pool)
    if heading is not None:
        header["issuer"] = pool.label(heading)
    if result.documents:
        ref = result.documents[0]
        header.update(number=ref.number, kind=title_kind or ref.kind)
        issuer = matches.unit(ref.issuer)
        if issuer is not None and issuer.unit_id is not None:
            header["issuer"] = pool.label(issuer.unit_id)
    rows = []
    for task in result.tasks:
        lead = matches.unit(task.lead)
        if _group_of(pool, task.lead or "", None, today) is not None:
            lead = None  # a collective name stays as written, to be read as its group
        coordinating = [matches.units[n] for n in task.coordinating if n in matches.units]
        rows.append(
            {
                "include": True,
                "action": task.action,
                "lead_unit": _written(pool, task.lead, lead.unit_id if lead else None),
                "coordinating_units": "; ".join(
                    m.name
                    if _group_of(pool, m.name, None, today)
                    else _written(pool, m.name, m.unit_id)
                    for m in coordinating
                ),
                "due_on": task.deadline,
                "recurrence": task.recurrence,
                "expected_output": as_written(doc, task.span, task.output) or "",
                "source_lead": task.lead or "",
                "source_coordinating": "; ".join(task.coordinating),
                "source_deadline": task.deadline_text or "",
            }
        )
    return header, rows


GROUP_SHOWN = 8


def _group_view(
    group: UnitGroup | None, pool: UnitPool, *, lead: bool = True
) -> dict[str, Any] | None:
    """What a row shows of a group: who assigns, how many units, the first few by name;
    ``lead``: the group leads the task (else it coordinates)."""
    if group is None:
        return None
    return {
        "lead": lead,
        "name": group.name,
        "assigner": pool.label(group.assigner_id) if group.assigner_id is not None else "",
        "count": len(group.members),
        "shown": [pool.label(u) for u in group.members[:GROUP_SHOWN]],
        "more": max(0, len(group.members) - GROUP_SHOWN),
        "error": _group_error(group, pool),
    }


def _task_rows(
    formset: Any,
    pool: UnitPool,
    missing: dict[int, list[Any]],
    assigner_id: int | None,
    on: date,
) -> list[dict[str, Any]]:
    """What the table shows beside each row: how its units matched (a collective lead: the
    group it stands for under ``assigner_id``, the issuer), and its clarity."""
    out = []
    for index, form in enumerate(formset.forms):
        lead_name = form["source_lead"].value() or ""
        helpers = [n.strip() for n in (form["source_coordinating"].value() or "").split(";")]
        found = pool.match([n for n in [lead_name, *helpers] if n])
        group = _group_of(pool, form["lead_unit"].value() or "", assigner_id, on)
        out.append(
            {
                "form": form,
                "match": None if group else found.get(lead_name),
                "group": _group_view(group, pool),
                "coordinating": [
                    found[n] for n in helpers if n and _group_of(pool, n, None, on) is None
                ],
                "coordinating_groups": [
                    _group_view(_group_of(pool, n, assigner_id, on), pool, lead=False)
                    for n in helpers
                    if n and _group_of(pool, n, None, on) is not None
                ],
                "missing": missing.get(index, []),
            }
        )
    return out


def _one(ids: list[int]) -> int | None:
    return ids[0] if len(ids) == 1 else None


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
    assigner_id = _one(pool.lookup(header_initial["issuer"] or ""))
    on = header_initial["issued_on"]
    missing = {
        i: _missing(
            {
                **row,
                "lead_unit": row["lead_unit"] and pool.lookup(row["lead_unit"]),
                "group": _group_of(pool, row["lead_unit"], assigner_id, on),
            }
        )
        for i, row in enumerate(rows)
    }
    context = {
        "header": header,
        "formset": formset,
        "rows": _task_rows(formset, pool, missing, assigner_id, on),
        "result": result,
        "has_visit": result.visit is not None,
        "source_text": source.cleaned_data["source"],
        "ocr": source.cleaned_data.get("ocr"),
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
    on = (header.cleaned_data.get("issued_on") if header_ok else None) or timezone.localdate()
    resolved: dict[int, dict[str, Any]] = {}
    valid_rows = [f for f in included if not f.errors]
    owners = _people(user, valid_rows, "owner")
    groups: dict[int, UnitGroup] = {}
    for form in valid_rows:
        data = dict(form.cleaned_data)
        data["lead_unit"], data["group"] = _resolve_lead(form, pool, issuer_id, on)
        data["coordinating_units"] = _resolve_helpers(form, pool, issuer_id, on, data["lead_unit"])
        if data["group"] is not None:
            groups[formset.forms.index(form)] = data["group"]
        owner_name = (data.get("owner") or "").strip()
        data["owner"] = owners.get(owner_name) if owner_name else None
        if owner_name and data["owner"] is None:
            form.add_error("owner", _("Không tìm thấy cán bộ «%(name)s».") % {"name": owner_name})
        resolved[formset.forms.index(form)] = data
    ids = {issuer_id} if issuer_id else set()
    for data in resolved.values():
        ids |= {data["lead_unit"], *data["coordinating_units"]} - {None}
    if step == "save":
        ids |= {u for group in groups.values() for u in group.members}
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
            result = document_with_group_tasks(
                user,
                document=target,
                rows=rows,
                groups={
                    index + 1: [units[u] for u in group.members] for index, group in groups.items()
                },
            )
        except PermissionDenied:
            header.add_error("issuer", _("Bạn không được giao theo dõi văn bản của đơn vị này."))
        else:
            if result.ok:
                assert result.document is not None
                delegated = sum(len(group.members) for group in groups.values())
                messages.success(
                    request,
                    _("Đã lưu văn bản và %(n)d nhiệm vụ.") % {"n": len(result.tasks)}
                    if not delegated
                    else _(
                        "Đã lưu văn bản và %(n)d nhiệm vụ; đã phân cấp %(d)d nhiệm vụ cho các "
                        "đơn vị của nhóm."
                    )
                    % {"n": len(result.tasks), "d": delegated},
                )
                return redirect(reverse("documents:document", args=[result.document.pk]))
            if result.header:
                apply_errors(header, ValidationError(result.header))
            show_row_errors(formset.forms, result.errors)
    context = {
        "header": header,
        "formset": formset,
        "rows": _task_rows(formset, pool, missing, issuer_id, on),
        "checked": True,
        "notices": notices,
        "unclear": sum(1 for m in missing.values() if m),
        "clear_count": sum(1 for m in missing.values() if not m),
        "ocr": header.ocr_note(),
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
        **CarriesOcr.ocr_initial(source.cleaned_data.get("ocr")),
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
    context["ocr"] = source.cleaned_data.get("ocr")
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
    context["ocr"] = form.ocr_note()
    return render(request, "intake/draft_visit.html", context, status=400)


# --- Excel import: upload, preview, confirm --------------------------------------------------

SHOWN_ROW_ERRORS = 200


@login_required
def excel_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a sheet of tasks into a document: the upload is read and every row checked
    (preview: what will be created or changed, every error by sheet, row and column) before
    anything is written; confirming writes every row or none."""
    user = request.user
    document = get_object_or_404(policy.visible_documents(user).select_related("issuer"), pk=pk)
    if not policy.allows(user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied
    context: dict[str, Any] = {"document": document}
    step = request.POST.get("do", "") if request.method == "POST" else ""
    units = policy.visible_units(user)
    people = policy.visible_people(user)
    if step == "preview":
        upload = request.FILES.get("file")
        if upload is None:
            context["problems"] = [_("Hãy chọn một tệp Excel (.xlsx).")]
            return _excel_page(request, context, 400)
        if upload.size is not None and upload.size > excel.MAX_BYTES:
            context["problems"] = [
                _("Tệp vượt quá %(mb)d MB.") % {"mb": excel.MAX_BYTES // (1024 * 1024)}
            ]
            return _excel_page(request, context, 400)
        data = upload.read()
        try:
            plan = excel.plan_import(document=document, data=data, units=units, people=people)
        except ValidationError as exc:
            context["problems"] = exc.messages
            return _excel_page(request, context, 400)
        context.update(_plan_context(plan))
        if plan.ok and (plan.new or plan.edits):
            context["token"] = sheet_stage(actor=user, document=document, data=data)
        return _excel_page(request, context, 200 if plan.ok else 400)
    if step == "confirm":
        token = request.POST.get("token", "")
        try:
            data = sheet_staged(actor=user, document=document, token=token)
            plan = excel.plan_import(document=document, data=data, units=units, people=people)
            written = excel.write_plan(actor=user, document=document, plan=plan)
        except ValidationError as exc:
            context["problems"] = exc.messages[:SHOWN_ROW_ERRORS]
            return _excel_page(request, context, 400)
        sheet_unstage(actor=user, document=document, token=token)
        messages.success(
            request,
            _("Đã nhập: thêm %(new)s nhiệm vụ, sửa %(changed)s, giữ nguyên %(same)s.")
            % {
                "new": _number(len(written.created_ids)),
                "changed": _number(len(written.changed_ids)),
                "same": _number(plan.unchanged),
            },
        )
        return redirect(reverse("documents:document", args=[document.pk]))
    return _excel_page(request, context)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _plan_context(plan: excel.Plan) -> dict[str, Any]:
    return {
        "plan": plan,
        "sheet": plan.sheet,
        "columns": sorted(plan.sheet.columns.values(), key=lambda c: c.index),
        "row_errors": plan.errors[:SHOWN_ROW_ERRORS],
        "more_errors": max(0, len(plan.errors) - SHOWN_ROW_ERRORS),
        "counts": {
            "rows": _number(plan.rows),
            "new": _number(len(plan.new)),
            "changed": _number(len(plan.edits)),
            "same": _number(plan.unchanged),
            "errors": _number(len(plan.errors)),
        },
        "sample": [(number, item) for number, item in plan.new[:20]],
        "edit_sample": [
            (
                number,
                edit.task.external_key,
                ", ".join(str(Task._meta.get_field(k).verbose_name) for k in edit.changes),
            )
            for number, edit in plan.edits[:20]
        ],
    }


def _excel_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "intake/excel_import.html", context, status=status)
