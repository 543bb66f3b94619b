"""Every write to tasks: assignment, progress, completion, extension, delegation, cancellation.

Each service locks its row and asks the gate (``policy.require``) inside one transaction,
validates, writes, puts an entry on the task's timeline and an event in the audit log, and
returns the object. The actor ``None`` is the system and may do anything.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from namro.access import policy
from namro.access.policy import Action
from namro.audit.services import record, record_many, snapshot
from namro.core.actors import Actor
from namro.core.bulk import insert_rows, reserve_ids
from namro.core.files import check_uploads, stored_fields
from namro.core.text import fold
from namro.documents.models import Document
from namro.orgs.models import Person, Unit
from namro.tasks import tally
from namro.tasks.tally import (
    in_groups,
    tally_add,
    tally_created,
    tally_forget,
    tally_task,
    tally_tasks,
)

from . import rules, timeline
from .models import (
    Evidence,
    ExplanationRequest,
    ExplanationState,
    ExtensionRequest,
    ExtensionState,
    ImportStep,
    Recurrence,
    Task,
    TaskOccurrence,
    TaskUpdate,
    UpdateKind,
)

logger = logging.getLogger(__name__)

TRACKED_FIELDS = [
    "action",
    "lead_unit",
    "owner",
    "authority",
    "expected_output",
    "recurrence",
    "due_on",
    "original_due_on",
    "extended_on",
    "is_key",
    "is_breakthrough",
    "progress",
    "claimed_on",
    "confirmed_on",
    "cancelled_on",
    "section",
]


def _d(day: date) -> str:
    return date_format(day, "d/m/Y")


def _resolve_unit(value: Unit | int | None, field: str) -> Unit | None:
    if value is None or isinstance(value, Unit):
        return value
    unit = Unit.objects.filter(pk=value).first()
    if unit is None:
        raise ValidationError({field: _("Không tìm thấy đơn vị có mã %(id)s.") % {"id": value}})
    return unit


def _resolve_units(values: Iterable[Unit | int], field: str) -> list[Unit]:
    values = list(values)
    ids = [v.pk if isinstance(v, Unit) else v for v in values]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {field: _("Không tìm thấy đơn vị có mã %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    return [found[i] for i in ids]


def _resolve_person(value: Person | int | None) -> Person | None:
    if value is None or isinstance(value, Person):
        return value
    person = Person.objects.filter(pk=value).first()
    if person is None:
        raise ValidationError({"owner": _("Không tìm thấy cán bộ có mã %(id)s.") % {"id": value}})
    return person


def _status(task: Task, on: date) -> str:
    result = task.status_on(on)
    return result.status.value if result else ""


def _lock(task: Task) -> Task:
    """The task, locked, with what the gate's rules read."""
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("document__issuer", "lead_unit", "authority")
        .get(pk=task.pk)
    )


def _locked(task: Task, actor: Actor, action: Action) -> Task:
    """Lock ``task`` and refuse ``actor`` unless the gate allows ``action`` on the locked row.
    Call inside ``transaction.atomic``."""
    locked = _lock(task)
    policy.require(actor, action, locked)
    return locked


def _today() -> date:
    return timezone.localdate()


RECURRENCES = frozenset(Recurrence.values)
MIN_PROGRESS, MAX_PROGRESS = 0, 100
# The same limits as the API's fields, for every way a task is written (imports included).
MAX_ACTION = 5000
MAX_EXPECTED_OUTPUT = Task._meta.get_field("expected_output").max_length or 500
PROGRESS_ERROR = gettext_lazy("Tiến độ phải là số nguyên từ 0 đến 100.")
OUTPUT_REQUIRED = gettext_lazy("Phải nêu kết quả, sản phẩm đã hoàn thành.")
SEND_BACK_REASON_REQUIRED = gettext_lazy("Phải nêu lý do trả lại.")
EXTENSION_REASON_REQUIRED = gettext_lazy("Phải nêu lý do đề nghị gia hạn.")


def validate_progress(progress: object) -> None:
    """Refuse a progress that is not a whole percent from 0 to 100."""
    if (
        not isinstance(progress, int)
        or isinstance(progress, bool)
        or not MIN_PROGRESS <= progress <= MAX_PROGRESS
    ):
        raise ValidationError({"progress": str(PROGRESS_ERROR)})


def validate_evidence(files: Sequence[UploadedFile]) -> None:
    """Refuse a file of a type not accepted or over the size limit, before reading it."""
    check_uploads(files, "evidence")


def _add_update(
    task: Task,
    *,
    actor: Actor,
    kind: str,
    on: date,
    status_before: str,
    narrative: str = "",
    explanation: str = "",
    progress: int | None = None,
    changes: dict[str, Any] | None = None,
    evidence: Sequence[UploadedFile] = (),
) -> TaskUpdate:
    update = TaskUpdate.objects.create(
        task=task,
        kind=kind,
        on=on,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        progress=progress,
        narrative=narrative,
        explanation=explanation,
        status_before=status_before,
        status_after=_status(task, on),
        changes=changes,
    )
    for f in evidence:
        Evidence.objects.create(
            update=update,
            **stored_fields(f),
        )
    return update


def _update_payload(update: TaskUpdate) -> dict[str, Any]:
    """What a timeline entry says, for the audit chain: its narrative, explanation and the
    content hash of each evidence file."""
    return {
        "update": update.pk,
        "narrative": update.narrative,
        "explanation": update.explanation,
        "evidence": [
            {"name": e.name, "size": e.size, "sha256": e.sha256} for e in update.evidence.all()
        ],
    }


def task_errors(
    *,
    action: str,
    lead_unit_id: int | None,
    coordinating_unit_ids: Iterable[int],
    recurrence: str,
    due_on: date | None,
    issued_on: date | None,
    assigned_on: date | None = None,
    expected_output: str = "",
) -> dict[str, list[str]]:
    """What is wrong with a task before it is written, by field (no queries): the rules every
    way of creating tasks shares (the page, the API, text intake, the Excel import)."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not action.strip():
        refuse("action", _("Nội dung nhiệm vụ không được để trống."))
    elif len(action) > MAX_ACTION:
        refuse(
            "action",
            _("Nội dung nhiệm vụ dài %(n)s ký tự, tối đa %(max)s.")
            % {
                "n": f"{len(action):,}".replace(",", "."),
                "max": f"{MAX_ACTION:,}".replace(",", "."),
            },
        )
    if len(expected_output) > MAX_EXPECTED_OUTPUT:
        refuse(
            "expected_output",
            _("Sản phẩm, kết quả dài %(n)s ký tự, tối đa %(max)s.")
            % {"n": f"{len(expected_output):,}".replace(",", "."), "max": MAX_EXPECTED_OUTPUT},
        )
    if lead_unit_id is not None and lead_unit_id in set(coordinating_unit_ids):
        refuse("coordinating_units", _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))
    if recurrence not in RECURRENCES:
        refuse("recurrence", _("Tính chất thời hạn «%(v)s» không hợp lệ.") % {"v": recurrence})
    elif recurrence != Recurrence.NONE and due_on is not None:
        refuse("due_on", _("Nhiệm vụ thường xuyên hoặc định kỳ không có một thời hạn duy nhất."))
    if due_on is not None and issued_on is not None and due_on < issued_on:
        refuse(
            "due_on",
            _("Thời hạn %(due)s trước ngày ban hành văn bản %(issued)s.")
            % {"due": _d(due_on), "issued": _d(issued_on)},
        )
    elif due_on is not None and assigned_on is not None and due_on < assigned_on:
        refuse(
            "due_on",
            _("Thời hạn %(due)s trước ngày giao nhiệm vụ %(assigned)s.")
            % {"due": _d(due_on), "assigned": _d(assigned_on)},
        )
    return errors


def task_create(
    *,
    actor: Actor,
    document: Document,
    action: str,
    lead_unit: Unit | int | None,
    coordinating_units: Iterable[Unit | int] = (),
    owner: Person | int | None = None,
    authority: Unit | int | None = None,
    due_on: date | None = None,
    recurrence: str = Recurrence.NONE,
    expected_output: str = "",
    assigned_on: date | None = None,
    section: str = "",
    order: int | None = None,
    is_key: bool = False,
    is_breakthrough: bool = False,
    parent: Task | None = None,
) -> Task:
    """Assign a new task under ``document`` (the tracker of its issuing body), or under
    ``parent`` as a delegation (whoever may delegate the parent: see ``task_delegate``)."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("issuer")
            .get(pk=document.pk)
        )
        if parent is None:
            policy.require(actor, Action.DOCUMENT_MANAGE, document)
        else:
            policy.require(actor, Action.TASK_DELEGATE, parent)
        action = action.strip()
        lead = _resolve_unit(lead_unit, "lead_unit")
        coordinating = _resolve_units(coordinating_units, "coordinating_units")
        person = _resolve_person(owner)
        auth = _resolve_unit(authority, "authority")
        assigned = assigned_on if assigned_on is not None else document.issued_on
        errors = task_errors(
            action=action,
            lead_unit_id=lead.pk if lead is not None else None,
            coordinating_unit_ids=[u.pk for u in coordinating],
            recurrence=recurrence,
            due_on=due_on,
            issued_on=document.issued_on,
            assigned_on=assigned,
            expected_output=expected_output,
        )
        if errors:
            raise ValidationError(errors)
        if order is None:
            order = Task.objects.filter(document=document).count() + 1
        task = Task(
            document=document,
            section=section.strip(),
            order=order,
            action=action,
            lead_unit=lead,
            owner=person,
            authority=auth,
            expected_output=expected_output.strip(),
            recurrence=recurrence,
            assigned_on=assigned,
            due_on=due_on,
            original_due_on=due_on,
            is_key=is_key,
            is_breakthrough=is_breakthrough,
            parent=parent,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            search_text=fold(action),
        )
        task.save()
        task.coordinating_units.set(coordinating)
        if parent is None and document.tasks_entered_on is None:
            # The entry clock stops the day a document's first task is entered.
            document.tasks_entered_on = _today()
            document.save(update_fields=["tasks_entered_on"])
        _add_update(task, actor=actor, kind=UpdateKind.CREATED, on=assigned, status_before="")
        tally_task(task)
        record(
            actor=actor,
            action="task.create",
            obj=task,
            after={
                **snapshot(task, TRACKED_FIELDS),
                "coordinating_units": [u.pk for u in coordinating],
            },
        )
    return task


def task_report_progress(
    *,
    actor: Actor,
    task: Task,
    progress: int,
    narrative: str = "",
    explanation: str = "",
    on: date | None = None,
    evidence: Sequence[UploadedFile] = (),
) -> TaskUpdate:
    """Report progress (percent and narrative). A report on an overdue task must explain why."""
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_REPORT)
        validate_progress(progress)
        validate_evidence(evidence)
        if task.cancelled_on is not None:
            raise ValidationError(_("Nhiệm vụ đã dừng/hủy, không thể báo cáo tiến độ."))
        if task.confirmed_on is not None:
            raise ValidationError(
                _("Nhiệm vụ đã được xác nhận hoàn thành ngày %(day)s, không báo cáo tiến độ nữa.")
                % {"day": _d(task.confirmed_on)}
            )
        before_status = _status(task, on)
        if before_status == rules.Status.OVERDUE and not explanation.strip():
            raise ValidationError(
                {"explanation": _("Nhiệm vụ đã quá hạn: phải giải trình lý do chậm tiến độ.")}
            )
        before = snapshot(task, ["progress"])
        task.progress = progress
        task.save(update_fields=["progress", "updated_at"])
        update = _add_update(
            task,
            actor=actor,
            kind=UpdateKind.PROGRESS,
            on=on,
            status_before=before_status,
            progress=progress,
            narrative=narrative.strip(),
            explanation=explanation.strip(),
            evidence=evidence,
        )
        record(
            actor=actor,
            action="task.progress",
            obj=task,
            before=before,
            after={**snapshot(task, ["progress"]), **_update_payload(update)},
        )
    return update


def task_claim_done(
    *,
    actor: Actor,
    task: Task,
    output_note: str,
    on: date | None = None,
    explanation: str = "",
    evidence: Sequence[UploadedFile] = (),
) -> TaskUpdate:
    """The lead unit reports the task done with its output; it counts once confirmed.

    For a periodic task the claim completes the occurrence of the period containing ``on``.
    """
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_REPORT)
        if not output_note.strip():
            raise ValidationError({"output_note": str(OUTPUT_REQUIRED)})
        validate_evidence(evidence)
        if on < task.assigned_on:
            raise ValidationError({"on": _("Ngày hoàn thành trước ngày giao nhiệm vụ.")})
        before_status = _status(task, on)
        if task.cancelled_on is not None:
            raise ValidationError(_("Nhiệm vụ đã dừng/hủy."))
        if before_status == rules.Status.OVERDUE and not explanation.strip():
            raise ValidationError(
                {"explanation": _("Nhiệm vụ đã quá hạn: phải giải trình lý do chậm tiến độ.")}
            )
        before = snapshot(task, TRACKED_FIELDS)
        if task.recurrence in rules.PERIODIC:
            due = rules.period_bounds(rules.Recurrence(task.recurrence), on)[1]
            occurrence, _new = TaskOccurrence.objects.get_or_create(task=task, due_on=due)
            if occurrence.confirmed_on is not None:
                raise ValidationError(_("Kỳ này đã được xác nhận hoàn thành."))
            occurrence.claimed_on = on
            occurrence.save(update_fields=["claimed_on"])
        elif task.recurrence == Recurrence.ONGOING:
            raise ValidationError(
                _("Nhiệm vụ thường xuyên không có báo cáo hoàn thành; hãy báo cáo tiến độ.")
            )
        else:
            if task.confirmed_on is not None:
                raise ValidationError(_("Nhiệm vụ đã được xác nhận hoàn thành."))
            task.claimed_on = on
            task.progress = 100
        task.output_note = output_note.strip()
        task.save()
        update = _add_update(
            task,
            actor=actor,
            kind=UpdateKind.CLAIM,
            on=on,
            status_before=before_status,
            progress=100,
            narrative=output_note.strip(),
            explanation=explanation.strip(),
            evidence=evidence,
        )
        record(
            actor=actor,
            action="task.claim",
            obj=task,
            before=before,
            after={**snapshot(task, TRACKED_FIELDS), **_update_payload(update)},
        )
    return update


def _pending_claim(task: Task) -> tuple[date, TaskOccurrence | None]:
    if task.recurrence in rules.PERIODIC:
        occurrence = (
            task.occurrences.filter(claimed_on__isnull=False, confirmed_on__isnull=True)
            .order_by("due_on")
            .first()
        )
        if occurrence is None or occurrence.claimed_on is None:
            raise ValidationError(_("Không có báo cáo hoàn thành nào đang chờ xác nhận."))
        return occurrence.claimed_on, occurrence
    if task.claimed_on is None or task.confirmed_on is not None:
        raise ValidationError(_("Không có báo cáo hoàn thành nào đang chờ xác nhận."))
    return task.claimed_on, None


def task_confirm(*, actor: Actor, task: Task, on: date | None = None, note: str = "") -> TaskUpdate:
    """The tracker or the authority confirms a pending completion; it is dated by its claim."""
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_CONFIRM)
        claimed_on, occurrence = _pending_claim(task)
        if on < claimed_on:
            raise ValidationError({"on": _("Ngày xác nhận trước ngày báo cáo hoàn thành.")})
        before_status = _status(task, on)
        before = snapshot(task, TRACKED_FIELDS)
        if occurrence is not None:
            occurrence.confirmed_on = on
            occurrence.save(update_fields=["confirmed_on"])
        else:
            task.confirmed_on = on
            task.save(update_fields=["confirmed_on", "updated_at"])
        update = _add_update(
            task,
            actor=actor,
            kind=UpdateKind.CONFIRM,
            on=on,
            status_before=before_status,
            narrative=note.strip(),
        )
        tally_task(task)
        record(
            actor=actor,
            action="task.confirm",
            obj=task,
            before=before,
            after=snapshot(task, TRACKED_FIELDS),
        )
    return update


def task_send_back(*, actor: Actor, task: Task, reason: str, on: date | None = None) -> TaskUpdate:
    """Refuse a pending completion with a reason; the claim stays on the timeline only."""
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_CONFIRM)
        if not reason.strip():
            raise ValidationError({"reason": str(SEND_BACK_REASON_REQUIRED)})
        claimed_on, occurrence = _pending_claim(task)
        if on < claimed_on:
            raise ValidationError({"on": _("Ngày trả lại trước ngày báo cáo hoàn thành.")})
        before_status = _status(task, on)
        before = snapshot(task, TRACKED_FIELDS)
        if occurrence is not None:
            occurrence.claimed_on = None
            occurrence.save(update_fields=["claimed_on"])
        else:
            task.claimed_on = None
            task.save(update_fields=["claimed_on", "updated_at"])
        update = _add_update(
            task,
            actor=actor,
            kind=UpdateKind.SEND_BACK,
            on=on,
            status_before=before_status,
            narrative=reason.strip(),
            changes={"claimed_on": claimed_on.isoformat()},
        )
        tally_task(task)
        record(
            actor=actor,
            action="task.send_back",
            obj=task,
            before=before,
            after=snapshot(task, TRACKED_FIELDS),
        )
    return update


def extension_request_create(
    *, actor: Actor, task: Task, requested_due_on: date, reason: str, on: date | None = None
) -> ExtensionRequest:
    """Ask the authority for a later deadline."""
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_REPORT)
        if not reason.strip():
            raise ValidationError({"reason": str(EXTENSION_REASON_REQUIRED)})
        if task.due_on is None:
            raise ValidationError(_("Nhiệm vụ không có thời hạn cụ thể để gia hạn."))
        if task.confirmed_on is not None or task.cancelled_on is not None:
            raise ValidationError(_("Nhiệm vụ đã kết thúc, không thể gia hạn."))
        if requested_due_on <= task.due_on:
            raise ValidationError(
                {
                    "requested_due_on": _("Thời hạn đề nghị phải sau thời hạn hiện tại %(due)s.")
                    % {"due": _d(task.due_on)}
                }
            )
        if task.extension_requests.filter(state=ExtensionState.PENDING).exists():
            raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ quyết định."))
        request = ExtensionRequest.objects.create(
            task=task,
            requested_on=on,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            previous_due_on=task.due_on,
            requested_due_on=requested_due_on,
            reason=reason.strip(),
        )
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.EXTENSION_REQUESTED,
            on=on,
            status_before=_status(task, on),
            narrative=reason.strip(),
            changes={"requested_due_on": requested_due_on.isoformat()},
        )
        record(actor=actor, action="extension.request", obj=request, after=snapshot(request))
    return request


def extension_decide(
    *, actor: Actor, request: ExtensionRequest, grant: bool, note: str = "", on: date | None = None
) -> ExtensionRequest:
    """The authority grants or refuses an extension. Granting moves ``due_on``; the original
    deadline stays in ``original_due_on``."""
    on = on or _today()
    with transaction.atomic():
        request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        task = _locked(request.task, actor, Action.TASK_DECIDE_EXTENSION)
        if request.state != ExtensionState.PENDING:
            raise ValidationError(_("Đề nghị gia hạn này đã được quyết định."))
        if on < request.requested_on:
            raise ValidationError({"on": _("Ngày quyết định trước ngày đề nghị.")})
        before_status = _status(task, on)
        before = snapshot(task, TRACKED_FIELDS)
        request.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
        request.decided_on = on
        request.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        request.decision_note = note.strip()
        request.save()
        if grant:
            task.due_on = request.requested_due_on
            task.extended_on = on
            task.save(update_fields=["due_on", "extended_on", "updated_at"])
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.EXTENSION_GRANTED if grant else UpdateKind.EXTENSION_REFUSED,
            on=on,
            status_before=before_status,
            narrative=note.strip(),
            changes={
                "due_on": [
                    request.previous_due_on.isoformat(),
                    task.due_on.isoformat() if task.due_on else None,
                ]
            },
        )
        tally_task(task)
        record(
            actor=actor,
            action="extension.decide",
            obj=task,
            before=before,
            after=snapshot(task, TRACKED_FIELDS),
        )
    return request


def task_delegate(
    *,
    actor: Actor,
    task: Task,
    lead_unit: Unit | int,
    action: str = "",
    due_on: date | None = None,
    owner: Person | int | None = None,
    expected_output: str = "",
    on: date | None = None,
) -> Task:
    """Pass part of ``task`` to a unit below its lead unit (phân cấp): a child task."""
    with transaction.atomic():
        parent = _locked(task, actor, Action.TASK_DELEGATE)
        lead = _resolve_unit(lead_unit, "lead_unit")
        assert lead is not None
        if parent.lead_unit is None or not parent.lead_unit.is_ancestor_of(lead):
            raise ValidationError(
                {"lead_unit": _("Chỉ phân cấp cho đơn vị trực thuộc đơn vị chủ trì.")}
            )
        if parent.cancelled_on is not None:
            raise ValidationError(_("Nhiệm vụ đã dừng/hủy."))
        due = due_on if due_on is not None else parent.due_on
        if due is not None and parent.due_on is not None and due > parent.due_on:
            raise ValidationError(
                {
                    "due_on": _(
                        "Thời hạn phân cấp không được sau thời hạn của nhiệm vụ gốc %(due)s."
                    )
                    % {"due": _d(parent.due_on)}
                }
            )
        child = task_create(
            actor=actor,
            document=parent.document,
            action=action or parent.action,
            lead_unit=lead,
            owner=owner,
            authority=parent.lead_unit,
            due_on=due,
            recurrence=parent.recurrence,
            expected_output=expected_output or parent.expected_output,
            assigned_on=max(on or _today(), parent.assigned_on),
            section=parent.section,
            parent=parent,
        )
        day = on or _today()
        _add_update(
            parent,
            actor=actor,
            kind=UpdateKind.DELEGATED,
            on=max(day, parent.assigned_on),
            status_before=_status(parent, day),
            narrative=lead.name,
            changes={"child": child.pk, "lead_unit": lead.pk},
        )
        record(
            actor=actor,
            action="task.delegate",
            obj=parent,
            after={"child": child.pk, "lead_unit_id": lead.pk},
        )
    return child


def task_cancel(*, actor: Actor, task: Task, reason: str, on: date | None = None) -> Task:
    """Stop a task (dừng/hủy/điều chỉnh); it stays on record with its history."""
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_CHANGE)
        if not reason.strip():
            raise ValidationError({"reason": _("Phải nêu lý do dừng/hủy nhiệm vụ.")})
        if task.cancelled_on is not None:
            raise ValidationError(_("Nhiệm vụ đã dừng/hủy."))
        before_status = _status(task, on)
        before = snapshot(task, TRACKED_FIELDS)
        task.cancelled_on = on
        task.cancel_reason = reason.strip()
        task.save(update_fields=["cancelled_on", "cancel_reason", "updated_at"])
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.CANCELLED,
            on=on,
            status_before=before_status,
            narrative=reason,
        )
        tally_task(task)
        record(
            actor=actor,
            action="task.cancel",
            obj=task,
            before=before,
            after=snapshot(task, TRACKED_FIELDS),
        )
    return task


def task_change(*, actor: Actor, task: Task, on: date | None = None, **changes: Any) -> Task:
    """Adjust what a task asks (action, lead, owner, output, flags). Deadlines move only
    through an extension."""
    allowed = {
        "action",
        "lead_unit",
        "owner",
        "authority",
        "expected_output",
        "is_key",
        "is_breakthrough",
        "section",
        "coordinating_units",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_CHANGE)
        before = {
            **snapshot(task, TRACKED_FIELDS),
            "coordinating_units": sorted(task.coordinating_units.values_list("pk", flat=True)),
        }
        coordinating = changes.pop("coordinating_units", None)
        if "lead_unit" in changes:
            changes["lead_unit"] = _resolve_unit(changes["lead_unit"], "lead_unit")
        if "authority" in changes:
            changes["authority"] = _resolve_unit(changes["authority"], "authority")
        if "owner" in changes:
            changes["owner"] = _resolve_person(changes["owner"])
        if "action" in changes:
            changes["action"] = str(changes["action"]).strip()
            if not changes["action"]:
                raise ValidationError({"action": _("Nội dung nhiệm vụ không được để trống.")})
            task.search_text = fold(changes["action"])
        for key, value in changes.items():
            setattr(task, key, value)
        task.save()
        if coordinating is not None:
            task.coordinating_units.set(_resolve_units(coordinating, "coordinating_units"))
        after = {
            **snapshot(task, TRACKED_FIELDS),
            "coordinating_units": sorted(task.coordinating_units.values_list("pk", flat=True)),
        }
        diff = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.CHANGED,
            on=max(on, task.assigned_on),
            status_before=_status(task, on),
            changes=diff,
        )
        tally_task(task)
        record(actor=actor, action="task.change", obj=task, before=before, after=after)
    return task


def tasks_transfer(*, actor: Actor, from_unit: Unit, to_unit: Unit, on: date) -> int:
    """Pass the open tasks led by ``from_unit`` to its successor, keeping each task's
    identity, original deadline and history (Resolution 190/2025/QH15).

    Part of reorganising the tree (``orgs.services.unit_dissolve``): the system or an
    administrator only."""
    policy.require_admin(actor)
    moved = 0
    open_tasks = (
        Task.objects.select_for_update()
        .filter(lead_unit=from_unit, cancelled_on__isnull=True, confirmed_on__isnull=True)
        .order_by("pk")
    )
    for task in open_tasks:
        before_status = _status(task, on)
        task.lead_unit = to_unit
        task.save(update_fields=["lead_unit", "updated_at"])
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.TRANSFERRED,
            on=max(on, task.assigned_on),
            status_before=before_status,
            narrative=_("Chuyển từ %(old)s sang %(new)s")
            % {"old": from_unit.name, "new": to_unit.name},
            changes={"lead_unit": [from_unit.pk, to_unit.pk]},
        )
        record(
            actor=actor,
            action="task.transfer",
            obj=task,
            before={"lead_unit_id": from_unit.pk},
            after={"lead_unit_id": to_unit.pk},
        )
        moved += 1
        tally_task(task)
    return moved


# --- requests for explanation (yêu cầu giải trình) -------------------------------------------

QUESTION_REQUIRED = gettext_lazy("Phải nêu nội dung yêu cầu giải trình.")
EXPLANATION_REASON_REQUIRED = gettext_lazy("Phải nêu nguyên nhân chậm tiến độ.")
REMEDY_REQUIRED = gettext_lazy("Phải nêu giải pháp khắc phục.")


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked_request(request: ExplanationRequest) -> ExplanationRequest:
    return ExplanationRequest.objects.select_for_update().get(pk=request.pk)


def explanation_ask(
    *,
    actor: Actor,
    task: Task,
    question: str,
    answer_due_on: date | None = None,
    on: date | None = None,
) -> ExplanationRequest:
    """Ask the lead unit of an open task to explain why it is late or slipping: the reason,
    the remedy and the date it proposes."""
    on = on or _today()
    with transaction.atomic():
        task = _locked(task, actor, Action.TASK_ASK_EXPLANATION)
        if not question.strip():
            raise ValidationError({"question": str(QUESTION_REQUIRED)})
        if task.confirmed_on is not None or task.cancelled_on is not None:
            raise ValidationError(_("Nhiệm vụ đã kết thúc, không cần giải trình."))
        if on < task.assigned_on:
            raise ValidationError({"on": _("Ngày yêu cầu trước ngày giao nhiệm vụ.")})
        if answer_due_on is not None and answer_due_on < on:
            raise ValidationError({"answer_due_on": _("Hạn giải trình trước ngày yêu cầu.")})
        if task.explanation_requests.exclude(state=ExplanationState.ACCEPTED).exists():
            raise ValidationError(_("Nhiệm vụ đang có một yêu cầu giải trình chưa kết thúc."))
        request = ExplanationRequest.objects.create(
            task=task,
            asked_on=on,
            asked_by=_user(actor),
            question=question.strip(),
            answer_due_on=answer_due_on,
        )
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.EXPLANATION_ASKED,
            on=on,
            status_before=_status(task, on),
            narrative=request.question,
            changes={"explanation": request.pk},
        )
        record(actor=actor, action="explanation.ask", obj=request, after=snapshot(request))
    return request


def explanation_answer(
    *,
    actor: Actor,
    request: ExplanationRequest,
    reason: str,
    remedy: str,
    proposed_due_on: date | None = None,
    on: date | None = None,
) -> ExplanationRequest:
    """The lead unit explains: why, what it will do, and by when it proposes to finish."""
    on = on or _today()
    with transaction.atomic():
        request = _locked_request(request)
        task = _locked(request.task, actor, Action.TASK_REPORT)
        errors: dict[str, str] = {}
        if not reason.strip():
            errors["reason"] = str(EXPLANATION_REASON_REQUIRED)
        if not remedy.strip():
            errors["remedy"] = str(REMEDY_REQUIRED)
        if proposed_due_on is not None and proposed_due_on < on:
            errors["proposed_due_on"] = _("Thời hạn đề xuất phải từ ngày giải trình trở đi.")
        if errors:
            raise ValidationError(errors)
        if request.state != ExplanationState.ASKED:
            raise ValidationError(_("Yêu cầu giải trình này không chờ giải trình."))
        if on < request.asked_on:
            raise ValidationError({"on": _("Ngày giải trình trước ngày yêu cầu.")})
        before = snapshot(request)
        request.state = ExplanationState.ANSWERED
        request.answered_on = on
        request.answered_by = _user(actor)
        request.reason = reason.strip()
        request.remedy = remedy.strip()
        request.proposed_due_on = proposed_due_on
        request.save()
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.EXPLANATION_GIVEN,
            on=on,
            status_before=_status(task, on),
            narrative=request.remedy,
            explanation=request.reason,
            changes={
                "explanation": request.pk,
                "proposed_due_on": proposed_due_on.isoformat() if proposed_due_on else None,
            },
        )
        record(
            actor=actor,
            action="explanation.answer",
            obj=request,
            before=before,
            after=snapshot(request),
        )
    return request


def explanation_review(
    *,
    actor: Actor,
    request: ExplanationRequest,
    accept: bool,
    note: str = "",
    on: date | None = None,
) -> ExplanationRequest:
    """The asker accepts the explanation, or asks again with ``note`` as the new question."""
    on = on or _today()
    with transaction.atomic():
        request = _locked_request(request)
        task = _locked(request.task, actor, Action.TASK_ASK_EXPLANATION)
        if request.state != ExplanationState.ANSWERED:
            raise ValidationError(_("Yêu cầu giải trình này chưa được giải trình."))
        if not accept and not note.strip():
            raise ValidationError({"note": _("Phải nêu nội dung cần giải trình lại.")})
        if request.answered_on is not None and on < request.answered_on:
            raise ValidationError({"on": _("Ngày xem xét trước ngày giải trình.")})
        before = snapshot(request)
        if accept:
            request.state = ExplanationState.ACCEPTED
            request.closed_on = on
        else:
            request.state = ExplanationState.ASKED
            request.rounds += 1
            request.question = note.strip()
        request.save()
        _add_update(
            task,
            actor=actor,
            kind=UpdateKind.EXPLANATION_ACCEPTED if accept else UpdateKind.EXPLANATION_ASKED_AGAIN,
            on=on,
            status_before=_status(task, on),
            narrative=note.strip(),
            changes={"explanation": request.pk},
        )
        record(
            actor=actor,
            action="explanation.accept" if accept else "explanation.ask_again",
            obj=request,
            before=before,
            after=snapshot(request),
        )
    return request


# --- many tasks at once (an Excel import) ----------------------------------------------------

IMPORT_BATCH = 2000
# On SQLite, outside a transaction: new tasks a transaction, and counter rows a transaction.
STEP = 500
STEP_COUNTER_ROWS = 8000
IMPORT_FIELDS = {
    "section",
    "action",
    "lead_unit",
    "coordinating_units",
    "owner",
    "authority",
    "expected_output",
    "is_key",
}


@dataclass(frozen=True)
class NewTask:
    """One task to assign under a document, its units and person already resolved."""

    action: str
    lead_unit: Unit | None
    coordinating_units: tuple[Unit, ...] = ()
    owner: Person | None = None
    authority: Unit | None = None
    due_on: date | None = None
    recurrence: str = Recurrence.NONE
    expected_output: str = ""
    section: str = ""
    is_key: bool = False
    external_key: str = ""


@dataclass(frozen=True)
class TaskEdit:
    """What a re-import changes in an existing ``task`` (as read before the write, with its
    ``coordinating`` unit ids): ``changes`` maps fields of ``IMPORT_FIELDS`` to new values."""

    task: Task
    coordinating: tuple[int, ...]
    changes: dict[str, Any]


@dataclass
class ImportWritten:
    """What ``tasks_import`` wrote, and how long it held the write transaction: in all
    (``seconds_in_transaction``) and at the longest stretch (``longest_transaction``, the
    longest any other writer waited on SQLite)."""

    created_ids: list[int] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    seconds_in_transaction: float = 0.0
    longest_transaction: float = 0.0
    transactions: int = 0

    def held(self, seconds: float) -> None:
        self.seconds_in_transaction += seconds
        self.longest_transaction = max(self.longest_transaction, seconds)
        self.transactions += 1


def _new_errors(item: NewTask, issued_on: date) -> dict[str, list[str]]:
    return task_errors(
        action=item.action,
        lead_unit_id=item.lead_unit.pk if item.lead_unit is not None else None,
        coordinating_unit_ids=[u.pk for u in item.coordinating_units],
        recurrence=item.recurrence,
        due_on=item.due_on,
        issued_on=issued_on,
        expected_output=item.expected_output,
    )


def tasks_import(
    *,
    actor: Actor,
    document: Document,
    new: Sequence[NewTask],
    edits: Sequence[TaskEdit] = (),
    batch: int = IMPORT_BATCH,
    then: Callable[[Document], Document] | None = None,
) -> ImportWritten:
    """Assign every task of ``new`` under ``document`` and apply every edit of ``edits``,
    all or nothing: what ``task_create`` and ``task_change`` do one by one (timeline entry,
    counters, audit event per task), written in batches. ``then``, when given, runs in the
    last transaction with the document (locked) and returns it (the day it was received).

    Everything that can be checked without the database is checked before anything is
    written, so the write lock is held only for the inserts. In one transaction, except on
    SQLite outside any transaction with more than one batch of new tasks: there each batch is
    its own short transaction, so that other writers wait for a batch rather than for the
    whole import, and a failure takes back the batches already written (``_import_in_steps``).
    Raises ``ValidationError`` naming the position of each refused item (``new[3].due_on``),
    ``PermissionDenied`` unless the actor may manage the document."""
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(new):
        for name, messages in _new_errors(item, document.issued_on).items():
            errors[f"new[{index}].{name}"] = messages
    for index, edit in enumerate(edits):
        if edit.task.document_id != document.pk:
            errors[f"edits[{index}]"] = [_("Nhiệm vụ không thuộc văn bản này.")]
        unknown = set(edit.changes) - IMPORT_FIELDS
        if unknown:
            errors[f"edits[{index}]"] = [
                _("Không thể sửa các trường: %(f)s.") % {"f": ", ".join(sorted(unknown))}
            ]
    if errors:
        raise ValidationError(errors)
    if (
        transaction.get_connection().vendor == "sqlite"
        and not transaction.get_connection().in_atomic_block
        and len(new) > STEP
    ):
        return _import_in_steps(actor, document, new, edits, then)
    worked: Worked = {}
    prepared = [
        _prepare(actor, document, new[i : i + batch], worked) for i in range(0, len(new), batch)
    ]
    written = ImportWritten()
    started = time.perf_counter()
    with transaction.atomic():
        document = _import_document(actor, document, edits)
        order = Task.objects.filter(document=document).count()
        trails: list[tuple[int, int | None, timeline.Trail, str]] = []
        for rows in prepared:
            ids = _write_prepared(actor, rows, order + len(written.created_ids))
            trails += _trails(ids, rows)
            written.created_ids += ids
        tally_created(trails)
        _finish_import(actor, document, bool(new), edits, batch, then, written)
    written.held(time.perf_counter() - started)
    return written


def _import_document(actor: Actor, document: Document, edits: Sequence[TaskEdit]) -> Document:
    """The import's document, locked, once the actor may manage it and no task it edits was
    written since it was read."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .get(pk=document.pk)
    )
    policy.require(actor, Action.DOCUMENT_MANAGE, document)
    _check_unchanged(edits)
    return document


def _finish_import(
    actor: Actor,
    document: Document,
    created: bool,
    edits: Sequence[TaskEdit],
    batch: int,
    then: Callable[[Document], Document] | None,
    written: ImportWritten,
) -> None:
    """The import's last writes: the entry clock (when tasks were ``created``), the edits,
    ``then``."""
    if created and document.tasks_entered_on is None:
        # The entry clock stops the day a document's first task is entered.
        document.tasks_entered_on = _today()
        document.save(update_fields=["tasks_entered_on"])
    written.changed_ids = [task.pk for task in _apply_edits(actor, edits, _today(), batch)]
    if then is not None:
        then(document)


def _import_in_steps(
    actor: Actor,
    document: Document,
    new: Sequence[NewTask],
    edits: Sequence[TaskEdit],
    then: Callable[[Document], Document] | None,
) -> ImportWritten:
    """``tasks_import`` on SQLite, where a transaction that writes holds the one write lock of
    the whole database, in short transactions so that other writers wait a fraction of a
    second rather than the whole import: each ``STEP`` new tasks with their links, timeline
    entries and audit events; then their trails and counters, a group of lead units at a
    time (``tally.in_groups``); last the edits, the entry clock and ``then``.

    All or nothing is kept by compensation. Each step of tasks records what it wrote
    (``ImportStep``) in its own transaction, and the last transaction deletes those records.
    When any step fails (a code taken meanwhile, the document gone, the right to manage it
    withdrawn, the disk full), the steps recorded are taken back at once (``_take_back``: the
    tasks deleted with their counters, in short transactions too, the audit log recording each
    removal as ``task.import_undone``: the log only ever grows); when the process dies before
    it can (killed, timed out), ``imports_recover`` takes them back later. The permission, the
    document, the edited tasks and the import's own records are checked again in every
    transaction. While the import runs its tasks appear step by step, and their counters after
    them."""
    imports_recover()
    key = uuid.uuid4()
    process = _this_process()
    written = ImportWritten()
    done: list[list[int]] = []
    trails: list[tuple[int, int | None, timeline.Trail, str]] = []
    worked: Worked = {}
    order = 0
    entered_before = document.tasks_entered_on

    def step(write: Callable[[Document], None], check: Sequence[TaskEdit] = ()) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            locked = _import_document(actor, document, check)
            steps = ImportStep.objects.filter(import_key=key)
            if steps.count() != len(done):
                # Taken back by ``imports_recover`` while this process was stalled.
                raise ValidationError(
                    _("Lần nhập này đã bị hủy vì quá lâu không ghi tiếp. Hãy nhập lại tệp.")
                )
            write(locked)
            steps.update(written_at=timezone.now())
        written.held(time.perf_counter() - started)

    with connection.cursor() as cursor:
        # The write-ahead log is copied back into the database every 1000 pages by default:
        # after each step here, rewriting the same index pages many times. Once at the end.
        cursor.execute("PRAGMA wal_autocheckpoint")
        (checkpoint_every,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
        # The indexes written (the audit hashes in random order) fit in 64 MB of page cache.
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -65536")
    try:
        for start in range(0, len(new), STEP):
            rows = _prepare(actor, document, new[start : start + STEP], worked)

            def write_tasks(locked: Document, rows: _Prepared = rows) -> None:
                nonlocal order
                if not done:
                    order = Task.objects.filter(document=locked).count()
                ids = _write_prepared(actor, rows, order + len(written.created_ids))
                ImportStep.objects.create(
                    import_key=key,
                    document=locked,
                    process=process,
                    written_at=timezone.now(),
                    task_ids=ids,
                )
                done.append(ids)
                written.created_ids += ids
                trails.extend(_trails(ids, rows))

            step(write_tasks, () if done else edits)
        for group in in_groups(tally.created(trails), STEP_COUNTER_ROWS):
            step(lambda _locked, group=group: tally_add(group))

        def finish(locked: Document) -> None:
            _finish_import(actor, locked, bool(done), edits, IMPORT_BATCH, then, written)
            ImportStep.objects.filter(import_key=key).delete()

        step(finish, edits)
    except BaseException:
        _take_back(actor, key)
        if entered_before is None:
            # The entry clock goes back too, if this import's last step had stopped it.
            Document.objects.filter(pk=document.pk, tasks_entered_on=_today()).exclude(
                tasks__isnull=False
            ).update(tasks_entered_on=None)
        raise
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint_every)}")
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    return written


# An import on another host whose last step is older than this is taken to have died; on the
# same host a dead process is known at once.
IMPORT_ABANDONED_AFTER = timedelta(minutes=15)


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_gone(process: str) -> bool:
    """Whether ``process`` (host:pid) ran on this host and has ended."""
    host, _sep, pid = process.rpartition(":")
    if os.name != "posix" or host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


@dataclass(frozen=True)
class ImportRecovered:
    """An import taken back by ``imports_recover``: its document and how many tasks."""

    document_id: int
    tasks: int


def imports_recover(
    *, now: datetime | None = None, abandoned_after: timedelta = IMPORT_ABANDONED_AFTER
) -> list[ImportRecovered]:
    """Take back every import written in steps whose process died before its end: its
    process ran on this host and is gone, or its last step is older than ``abandoned_after``.
    The imports taken back; none costs one query."""
    cutoff = (now or timezone.now()) - abandoned_after
    pending = (
        ImportStep.objects.values("import_key", "document_id", "process")
        .annotate(last=Max("written_at"))
        .order_by("import_key")
    )
    recovered = []
    for row in pending:
        if row["last"] < cutoff or _process_gone(row["process"]):
            count = _take_back(None, row["import_key"])
            logger.warning(
                "import %s of document %s taken back: %d tasks",
                row["import_key"],
                row["document_id"],
                count,
            )
            recovered.append(ImportRecovered(row["document_id"], count))
    return recovered


def _take_back(actor: Actor, key: uuid.UUID) -> int:
    """Delete the tasks of each recorded step of import ``key`` (newest first), one short
    transaction a step with its record: what they added to the counters (by their stored
    trails), the tasks with their links and timeline entries, and an audit event
    ``task.import_undone`` for each. The number of tasks deleted."""
    deleted = 0
    for pk in (
        ImportStep.objects.filter(import_key=key).order_by("-pk").values_list("pk", flat=True)
    ):
        with transaction.atomic():
            found = ImportStep.objects.select_for_update().filter(pk=pk).first()
            if found is None:  # taken back meanwhile by another process
                continue
            labels = {
                task_id: Task.label_of(section, action)
                for task_id, section, action in Task.objects.filter(
                    pk__in=found.task_ids
                ).values_list("pk", "section", "action")
            }
            ids = [task_id for task_id in found.task_ids if task_id in labels]
            tally_forget(ids)
            Task.objects.filter(pk__in=ids).delete()
            record_many(
                actor=actor,
                action="task.import_undone",
                object_type="tasks.task",
                items=((task_id, labels[task_id], None, None) for task_id in ids),
            )
            found.delete()
            deleted += len(ids)
    return deleted


def _trails(
    ids: Sequence[int], rows: _Prepared
) -> list[tuple[int, int | None, timeline.Trail, str]]:
    return [(pk, *trail) for pk, trail in zip(ids, rows.trails, strict=True)]


TASK_COLUMNS = (
    "id",
    "order",
    "created_at",
    "updated_at",
    "created_by_id",
    "document_id",
    "section",
    "external_key",
    "action",
    "lead_unit_id",
    "owner_id",
    "authority_id",
    "expected_output",
    "recurrence",
    "assigned_on",
    "due_on",
    "original_due_on",
    "extended_on",
    "is_key",
    "is_breakthrough",
    "parent_id",
    "progress",
    "claimed_on",
    "confirmed_on",
    "output_note",
    "cancelled_on",
    "cancel_reason",
    "search_text",
)
UPDATE_COLUMNS = (
    "task_id",
    "kind",
    "on",
    "at",
    "author_id",
    "progress",
    "narrative",
    "explanation",
    "status_before",
    "status_after",
    "changes",
)


def _pk(obj: Any) -> int | None:
    return obj.pk if obj is not None else None


@dataclass
class _Prepared:
    """The rows of new tasks, worked out before the write transaction opens: inside it only
    their ids and order numbers are added (and the audit chain's hashes)."""

    tasks: list[tuple[Any, ...]] = field(default_factory=list)  # TASK_COLUMNS[2:]
    links: list[tuple[int, int]] = field(default_factory=list)  # (position, unit id)
    updates: list[tuple[Any, ...]] = field(default_factory=list)  # UPDATE_COLUMNS[1:]
    trails: list[tuple[int | None, Any, str]] = field(default_factory=list)
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


Worked = dict[tuple[date | None, str], tuple[str, timeline.Trail, str]]


def _prepare(
    actor: Actor, document: Document, items: Sequence[NewTask], worked: Worked | None = None
) -> _Prepared:
    """The rows ``task_create`` would write for each of ``items``, without their ids.
    ``worked`` keeps, from one batch of an import to the next, the status and trail of each
    deadline (the same for every task of that deadline under one document)."""
    user_id = _pk(actor if getattr(actor, "is_authenticated", False) else None)
    now = timezone.now()
    assigned = document.issued_on
    warn_days = settings.NAMRO_DUE_SOON_DAYS
    out = _Prepared()
    worked = {} if worked is None else worked
    for position, item in enumerate(items):
        action, section = item.action.strip(), item.section.strip()
        output = item.expected_output.strip()
        lead_id, owner_id, authority_id = _pk(item.lead_unit), _pk(item.owner), _pk(item.authority)
        due = item.due_on
        out.tasks.append(
            (
                now, now, user_id, document.pk, section, item.external_key, action, lead_id,
                owner_id, authority_id, output, item.recurrence, assigned, due, due, None,
                item.is_key, False, None, 0, None, None, "", None, "", fold(action),
            )
        )  # fmt: skip
        units = list(dict.fromkeys(u.pk for u in item.coordinating_units))
        out.links += [(position, unit) for unit in units]
        known = worked.get((due, item.recurrence))
        if known is None:
            facts = rules.TaskFacts(
                assigned_on=assigned,
                original_due_on=due,
                recurrence=rules.Recurrence(item.recurrence),
            )
            status = rules.status_detail(facts, assigned, warn_days=warn_days).status.value
            points = timeline.trail(facts)
            known = worked[(due, item.recurrence)] = (status, points, timeline.encode(points))
        status, points, encoded = known
        out.updates.append(
            (UpdateKind.CREATED.value, assigned, now, user_id, None, "", "", "", status, None)
        )
        out.trails.append((lead_id, points, encoded))
        day = f"{due:%Y-%m-%d}" if due is not None else None
        after = {  # what ``snapshot(task, TRACKED_FIELDS)`` gives, without a Task
            "action": action,
            "lead_unit_id": lead_id,
            "owner_id": owner_id,
            "authority_id": authority_id,
            "expected_output": output,
            "recurrence": item.recurrence,
            "due_on": day,
            "original_due_on": day,
            "extended_on": None,
            "is_key": item.is_key,
            "is_breakthrough": False,
            "progress": 0,
            "claimed_on": None,
            "confirmed_on": None,
            "cancelled_on": None,
            "section": section,
            "coordinating_units": units,
        }
        out.events.append((Task.label_of(section, action), after))
    return out


def _write_prepared(actor: Actor, rows: _Prepared, order: int) -> list[int]:
    """Insert prepared rows (numbered after ``order``) with their coordinating units,
    timeline entries and audit events, without an ORM object per row (``core.bulk``); the
    counters are the caller's (``tally_created`` of ``_trails``). Returns the new ids."""
    ids = reserve_ids(Task, len(rows.tasks))
    insert_rows(
        Task,
        TASK_COLUMNS,
        (
            (pk, order + n, *row)
            for n, (pk, row) in enumerate(zip(ids, rows.tasks, strict=True), start=1)
        ),
    )
    insert_rows(
        Task.coordinating_units.through,
        ("task_id", "unit_id"),
        ((ids[position], unit) for position, unit in rows.links),
    )
    insert_rows(
        TaskUpdate, UPDATE_COLUMNS, ((pk, *row) for pk, row in zip(ids, rows.updates, strict=True))
    )
    record_many(
        actor=actor,
        action="task.create",
        object_type="tasks.task",
        items=(
            (pk, label, None, after) for pk, (label, after) in zip(ids, rows.events, strict=True)
        ),
    )
    return ids


def _check_unchanged(edits: Sequence[TaskEdit]) -> None:
    """Refuse the import when a task it edits was written since it was read (optimistic:
    the edits were worked out before the transaction, from the rows read then)."""
    if not edits:
        return
    read = {edit.task.pk: edit.task.updated_at for edit in edits}
    ids = list(read)
    for start in range(0, len(ids), IMPORT_BATCH):
        for pk, updated_at in Task.objects.filter(
            pk__in=ids[start : start + IMPORT_BATCH]
        ).values_list("pk", "updated_at"):
            if read.pop(pk) != updated_at:
                raise ValidationError(
                    _("Nhiệm vụ đã được sửa trong lúc xem trước; hãy xem trước lại rồi nhập.")
                )
    if read:
        raise ValidationError(
            _("Nhiệm vụ đã bị xóa trong lúc xem trước; hãy xem trước lại rồi nhập.")
        )


def _apply_edits(actor: Actor, edits: Sequence[TaskEdit], today: date, batch: int) -> list[Task]:
    """``task_change`` of every edit, in batches (inside the import's transaction)."""
    if not edits:
        return []
    user = actor if getattr(actor, "is_authenticated", False) else None
    changed: list[Task] = []
    befores: list[dict[str, Any]] = []
    afters: list[dict[str, Any]] = []
    updates: list[TaskUpdate] = []
    fields: set[str] = set()
    new_links: dict[int, list[int]] = {}
    moved: list[int] = []
    for edit in edits:
        task = edit.task
        before = {**snapshot(task, TRACKED_FIELDS), "coordinating_units": sorted(edit.coordinating)}
        status_before = _status(task, max(today, task.assigned_on))
        changes = dict(edit.changes)
        coordinating = changes.pop("coordinating_units", None)
        if "lead_unit" in changes and changes["lead_unit"] != task.lead_unit:
            moved.append(task.pk)
        if "action" in changes:
            changes["action"] = str(changes["action"]).strip()
            task.search_text = fold(changes["action"])
            fields.add("search_text")
        for key, value in changes.items():
            setattr(task, key, value)
            fields.add(key)
        links = sorted(edit.coordinating)
        if coordinating is not None:
            links = sorted({u.pk for u in coordinating})
            new_links[task.pk] = links
        after = {**snapshot(task, TRACKED_FIELDS), "coordinating_units": links}
        diff = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
        on = max(today, task.assigned_on)
        updates.append(
            TaskUpdate(
                task=task,
                kind=UpdateKind.CHANGED,
                on=on,
                author=user,
                status_before=status_before,
                status_after=_status(task, on),
                changes=diff,
            )
        )
        changed.append(task)
        befores.append(before)
        afters.append(after)
    now = timezone.now()
    for task in changed:
        task.updated_at = now
    Task.objects.bulk_update(changed, sorted(fields | {"updated_at"}), batch_size=batch)
    if new_links:
        through = Task.coordinating_units.through
        ids = list(new_links)
        for start in range(0, len(ids), batch):
            through.objects.filter(task_id__in=ids[start : start + batch]).delete()
        through.objects.bulk_create(
            [through(task_id=t, unit_id=u) for t, units in new_links.items() for u in units],
            batch_size=batch,
        )
    TaskUpdate.objects.bulk_create(updates, batch_size=batch)
    for start in range(0, len(moved), batch):
        tally_tasks(moved[start : start + batch])
    record_many(
        actor=actor,
        action="task.change",
        object_type="tasks.task",
        items=(
            (task.pk, str(task), before, after)
            for task, before, after in zip(changed, befores, afters, strict=True)
        ),
    )
    return changed
