"""Every write to documents, goals, indicators and measurements, and the one way a document
is created with its tasks (fast entry, text intake and Excel import all call it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.audit.services import record, snapshot
from namro.core.actors import Actor
from namro.core.text import clean_number, fold, number_key
from namro.orgs.models import Person, Unit
from namro.orgs.services import person_name_new
from namro.tasks.models import Recurrence, Task
from namro.tasks.services import task_create, task_errors

from .models import Document, DocumentKind, DocumentState, Goal, Indicator, Measurement


def _decimal(value: Any, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("«%(v)s» không phải là một số.") % {"v": value}}) from None


def document_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    issuer: Unit | int,
    issued_on: date,
    number: str = "",
    body: str = "",
    implements: Iterable[Document] = (),
    state: str = DocumentState.ISSUED,
    is_sample: bool = False,
    is_public: bool = False,
    received_on: date | None = None,
) -> Document:
    """Record a document; ``implements`` names the higher documents it concretises;
    ``received_on`` is the day it arrived (ngày đến), from which its tasks are due to be
    entered (``documents.clock``).

    Raises ``PermissionDenied`` unless the actor may create documents for ``issuer``.
    """
    errors: dict[str, str] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Loại văn bản «%(v)s» không hợp lệ.") % {"v": kind}
    if not title.strip():
        errors["title"] = _("Trích yếu không được để trống.")
    received_problem = received_error(received_on, issued_on)
    if received_problem:
        errors["received_on"] = received_problem
    if not isinstance(issuer, Unit):
        found = Unit.objects.filter(pk=issuer).first()
        if found is None:
            errors["issuer"] = _("Không tìm thấy cơ quan ban hành có mã %(id)s.") % {"id": issuer}
        else:
            issuer = found
    number = clean_number(number)
    key = number_key(number)
    if not errors and key and Document.objects.filter(issuer=issuer, number_key=key).exists():
        errors["number"] = str(_duplicate(number, issuer))
    if errors:
        raise ValidationError(errors)
    assert isinstance(issuer, Unit)
    with _number_race(number, issuer), transaction.atomic():
        policy.require(actor, Action.DOCUMENT_CREATE, issuer)
        document = Document(
            kind=kind,
            number=number,
            number_key=key,
            title=title.strip(),
            issuer=issuer,
            issued_on=issued_on,
            body=body,
            state=state,
            is_sample=is_sample,
            is_public=is_public,
            received_on=received_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            search_text=fold(f"{number} {title}"),
        )
        document.save()
        higher = list(implements)
        if any(h.pk == document.pk for h in higher):
            raise ValidationError({"implements": _("Văn bản không thể cụ thể hóa chính nó.")})
        document.implements.set(higher)
        record(
            actor=actor,
            action="document.create",
            obj=document,
            after={**snapshot(document), "implements": [h.pk for h in higher]},
        )
    return document


def _duplicate(number: str, issuer: Unit) -> str:
    return _("Văn bản số %(n)s của %(u)s đã có.") % {"n": number, "u": issuer}


@contextmanager
def _number_race(number: str, issuer: Unit) -> Iterator[None]:
    """Two writers checking the same new number at once both find it free; the database's
    unique index lets one through, and the other is told, like the check above, which field
    and why (a 400, not a 500)."""
    try:
        yield
    except IntegrityError as exc:
        if "number_key" in str(exc) or "document_number_key_unique" in str(exc):
            raise ValidationError({"number": _duplicate(number, issuer)}) from exc
        raise


def received_error(received_on: date | None, issued_on: date | None) -> str:
    """Why ``received_on`` cannot be the day a document issued on ``issued_on`` arrived, or
    "" when it can (no query)."""
    if received_on is None:
        return ""
    if issued_on is not None and received_on < issued_on:
        return _("Ngày đến %(r)s trước ngày ban hành %(i)s.") % {
            "r": f"{received_on:%d/%m/%Y}",
            "i": f"{issued_on:%d/%m/%Y}",
        }
    if received_on > timezone.localdate():
        return _("Ngày đến %(r)s chưa tới.") % {"r": f"{received_on:%d/%m/%Y}"}
    return ""


def document_receive(*, actor: Actor, document: Document, received_on: date | None) -> Document:
    """Record the day ``document`` arrived (or clear it with None).

    Raises ``PermissionDenied`` unless the actor may manage the document."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        policy.require(actor, Action.DOCUMENT_MANAGE, document)
        problem = received_error(received_on, document.issued_on)
        if problem:
            raise ValidationError({"received_on": problem})
        if document.received_on == received_on:
            return document
        before = snapshot(document, ["received_on"])
        document.received_on = received_on
        document.save(update_fields=["received_on"])
        record(
            actor=actor,
            action="document.receive",
            obj=document,
            before=before,
            after=snapshot(document, ["received_on"]),
        )
    return document


def goal_create(*, actor: Actor, document: Document, text: str, order: int = 0) -> Goal:
    if not text.strip():
        raise ValidationError({"text": _("Mục tiêu không được để trống.")})
    with transaction.atomic():
        goal = Goal.objects.create(document=document, text=text.strip(), order=order)
        record(actor=actor, action="goal.create", obj=goal, after=snapshot(goal))
    return goal


def indicator_create(
    *,
    actor: Actor,
    document: Document,
    name: str,
    target: Any,
    unit_of_measure: str = "",
    baseline: Any = None,
    target_on: date | None = None,
    goal: Goal | None = None,
    lead_unit: Unit | None = None,
) -> Indicator:
    """A measurable target of ``document`` (chỉ tiêu)."""
    if not name.strip():
        raise ValidationError({"name": _("Tên chỉ tiêu không được để trống.")})
    target_value = _decimal(target, "target")
    baseline_value = _decimal(baseline, "baseline") if baseline is not None else None
    if target_on is not None and target_on < document.issued_on:
        raise ValidationError(
            {"target_on": _("Thời hạn đạt chỉ tiêu trước ngày ban hành văn bản.")}
        )
    if goal is not None and goal.document_id != document.pk:
        raise ValidationError({"goal": _("Mục tiêu không thuộc văn bản này.")})
    with transaction.atomic():
        indicator = Indicator.objects.create(
            document=document,
            goal=goal,
            name=name.strip(),
            unit_of_measure=unit_of_measure.strip(),
            baseline=baseline_value,
            target=target_value,
            target_on=target_on,
            lead_unit=lead_unit,
        )
        record(actor=actor, action="indicator.create", obj=indicator, after=snapshot(indicator))
    return indicator


def measurement_record(
    *, actor: Actor, indicator: Indicator, measured_on: date, value: Any, note: str = ""
) -> Measurement:
    """Record (or correct) the value of ``indicator`` on ``measured_on``."""
    amount = _decimal(value, "value")
    with transaction.atomic():
        existing = (
            Measurement.objects.select_for_update()
            .filter(indicator=indicator, measured_on=measured_on)
            .first()
        )
        before = snapshot(existing) if existing else None
        measurement, _created = Measurement.objects.update_or_create(
            indicator=indicator,
            measured_on=measured_on,
            defaults={
                "value": amount,
                "note": note.strip(),
                "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        record(
            actor=actor,
            action="measurement.record",
            obj=measurement,
            before=before,
            after=snapshot(measurement),
        )
    return measurement


# --- a document with its tasks --------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFields:
    """What a new document is given: the arguments of ``document_create``."""

    kind: str
    title: str
    issuer: Unit
    issued_on: date
    number: str = ""
    body: str = ""
    implements: tuple[Document, ...] = ()
    received_on: date | None = None


@dataclass(frozen=True)
class TaskRow:
    """One task to create under a document, with the row number its source shows."""

    number: int
    action: str
    lead_unit: Unit | None
    coordinating_units: tuple[Unit, ...] = ()
    owner: Person | None = None
    new_owner: str = ""  # a person not recorded yet, added with the task (to its lead unit)
    new_owner_title: str = ""  # the post that person holds in the lead unit, when given
    authority: Unit | None = None
    due_on: date | None = None
    recurrence: str = Recurrence.NONE
    expected_output: str = ""
    section: str = ""
    is_key: bool = False


@dataclass(frozen=True)
class RowError:
    """What is wrong with one field of one row."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("Dòng %(row)d: %(msg)s") % {"row": self.row, "msg": self.message}


@dataclass
class Result:
    """The outcome of ``document_with_tasks``: what was written, or why nothing was."""

    document: Document | None = None
    tasks: list[Task] = field(default_factory=list)
    header: dict[str, list[str]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.header and not self.errors

    def by_row(self) -> dict[int, dict[str, list[str]]]:
        """The row errors as ``{row number: {field: [messages]}}``."""
        out: dict[int, dict[str, list[str]]] = {}
        for error in self.errors:
            out.setdefault(error.row, {}).setdefault(error.field, []).append(error.message)
        return out


def row_errors(row: TaskRow, issued_on: date | None) -> list[RowError]:
    """The rules every row must meet before anything is written (no queries)."""
    found = task_errors(
        action=row.action,
        lead_unit_id=row.lead_unit.pk if row.lead_unit is not None else None,
        coordinating_unit_ids=[u.pk for u in row.coordinating_units],
        recurrence=row.recurrence,
        due_on=row.due_on,
        issued_on=issued_on,
        expected_output=row.expected_output,
    )
    return [RowError(row.number, field, message) for field, ms in found.items() for message in ms]


def rows_errors(rows: Sequence[TaskRow], issued_on: date | None) -> list[RowError]:
    return [error for row in rows for error in row_errors(row, issued_on)]


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


def _new_owner(actor: Actor, row: TaskRow, added: dict[str, Person]) -> Person | None:
    """The person a row names who is not recorded yet: added once for every row naming them,
    as a person of the row's lead unit (refused without one), holding the post the first such
    row gives, if any."""
    if not row.new_owner:
        return None
    key = fold(row.new_owner)
    if key not in added:
        if row.lead_unit is None:
            raise ValidationError(
                {"owner": _("Hãy chọn đơn vị chủ trì trước khi thêm cán bộ mới.")}
            )
        try:
            added[key] = person_name_new(
                actor=actor,
                full_name=row.new_owner,
                unit=row.lead_unit,
                title=row.new_owner_title,
            )
        except PermissionDenied as exc:
            raise ValidationError({"owner": str(exc)}) from None
    return added[key]


class _Rollback(Exception):
    """Leaves the transaction of ``document_with_tasks`` so that nothing is kept."""


def document_with_tasks(
    actor: Actor, *, document: Document | DocumentFields, rows: Sequence[TaskRow]
) -> Result:
    """Create a document (given its fields) or take an existing one, and every row's task
    under it, in one transaction; or, if any row or the document is refused, nothing.

    Raises ``PermissionDenied`` unless the actor may create documents for the issuer (new)
    or manage the document (existing). Refused rows come back in ``Result.errors``.
    """
    result = Result()
    if not rows:
        result.header["__all__"] = [_("Hãy nhập ít nhất một nhiệm vụ.")]
    try:
        with transaction.atomic():
            if isinstance(document, DocumentFields):
                policy.require(actor, Action.DOCUMENT_CREATE, document.issuer)
                issued_on = document.issued_on
            else:
                document = (
                    Document.objects.select_for_update()
                    .select_related("issuer")
                    .get(pk=document.pk)
                )
                policy.require(actor, Action.DOCUMENT_MANAGE, document)
                issued_on = document.issued_on
            result.errors = rows_errors(rows, issued_on)
            if result.errors or result.header:
                raise _Rollback
            if isinstance(document, DocumentFields):
                try:
                    document = document_create(
                        actor=actor,
                        kind=document.kind,
                        title=document.title,
                        issuer=document.issuer,
                        issued_on=document.issued_on,
                        number=document.number,
                        body=document.body,
                        implements=document.implements,
                        received_on=document.received_on,
                    )
                except ValidationError as exc:
                    result.header = _messages(exc)
                    raise _Rollback from None
            start = Task.objects.filter(document=document).count()
            added: dict[str, Person] = {}
            for index, row in enumerate(rows, start=1):
                try:
                    owner = row.owner or _new_owner(actor, row, added)
                    task = task_create(
                        actor=actor,
                        document=document,
                        section=row.section,
                        action=row.action,
                        lead_unit=row.lead_unit,
                        coordinating_units=row.coordinating_units,
                        owner=owner,
                        authority=row.authority,
                        due_on=row.due_on,
                        recurrence=row.recurrence,
                        expected_output=row.expected_output,
                        is_key=row.is_key,
                        order=start + index,
                    )
                except ValidationError as exc:
                    result.errors += [
                        RowError(row.number, name, message)
                        for name, messages in _messages(exc).items()
                        for message in messages
                    ]
                else:
                    result.tasks.append(task)
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.tasks = []
        return result
    result.document = document
    return result
