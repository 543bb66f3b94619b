"""Writes from a reviewed extraction: a document with its tasks, or a visit with the
recommendations raised at it. Each is one transaction: everything is kept, or nothing.

The writes themselves are the owning apps' services (``document_create``, ``task_create``,
``visit_create``, ``recommendation_raise``…); what this module adds is doing them together and
saying which row went wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from namro.access import policy
from namro.documents.models import Document
from namro.documents.services import document_create
from namro.orgs.models import Person, Unit
from namro.oversight import access as oversight_access
from namro.oversight.models import RecommendationState, Visit, VisitState
from namro.oversight.services import (
    MemberInput,
    recommendation_consider,
    recommendation_raise,
    visit_create,
)
from namro.tasks.models import Recurrence
from namro.tasks.services import task_create


class DraftRejected(ValidationError):
    """A draft that could not be saved: errors of the header fields and of each row.

    ``rows`` maps a row's index (in the order given) to ``{field: [messages]}``.
    """

    def __init__(
        self, header: dict[str, list[str]], rows: dict[int, dict[str, list[str]]] | None = None
    ) -> None:
        self.header = header
        self.rows = rows or {}
        flat: dict[str, list[str]] = {k: list(v) for k, v in header.items()}
        for index, errors in self.rows.items():
            for name, messages in errors.items():
                flat.setdefault(f"rows.{index}.{name}", []).extend(messages)
        super().__init__(flat or {"__all__": [_("Không lưu được.")]})


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


@dataclass(frozen=True)
class DraftTask:
    """A reviewed row of the draft table: the arguments of ``task_create``."""

    action: str
    lead_unit: Unit | None
    coordinating_units: tuple[Unit, ...] = ()
    due_on: date | None = None
    recurrence: str = Recurrence.NONE
    expected_output: str = ""
    owner: Person | None = None


def document_with_tasks_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    issuer: Unit,
    issued_on: date,
    number: str = "",
    body: str = "",
    tasks: Sequence[DraftTask],
) -> Document:
    """Create the document and every task of ``tasks`` under it, or nothing at all.

    Raises ``DraftRejected`` naming the header field or the row that failed.
    """
    if not tasks:
        raise DraftRejected({"__all__": [_("Hãy chọn ít nhất một nhiệm vụ để lưu.")]})
    with transaction.atomic():
        if actor is not None and not policy.can_create_document(actor, issuer):
            raise PermissionDenied(_("Bạn không được giao theo dõi văn bản của đơn vị này."))
        try:
            document = document_create(
                actor=actor,
                kind=kind,
                number=number,
                title=title,
                issuer=issuer,
                issued_on=issued_on,
                body=body,
            )
        except ValidationError as exc:
            raise DraftRejected(_messages(exc)) from None
        rows: dict[int, dict[str, list[str]]] = {}
        for index, task in enumerate(tasks):
            try:
                task_create(
                    actor=actor,
                    document=document,
                    action=task.action,
                    lead_unit=task.lead_unit,
                    coordinating_units=task.coordinating_units,
                    owner=task.owner,
                    authority=issuer,
                    due_on=task.due_on,
                    recurrence=task.recurrence,
                    expected_output=task.expected_output,
                    section=str(index + 1),
                    order=index + 1,
                )
            except ValidationError as exc:
                rows[index] = _messages(exc)
        if rows:
            raise DraftRejected({}, rows)  # leaves the transaction: the document goes too
    return document


@dataclass(frozen=True)
class DraftRecommendation:
    """A recommendation raised at the session, and the answer given there (if any)."""

    raised_by: Unit
    addressed_to: Unit
    subject: str
    answer: str = ""
    state: str = RecommendationState.RAISED


def visit_record(
    *,
    actor: Any,
    kind: str,
    title: str,
    visiting_unit: Unit,
    host_unit: Unit,
    held_on: date,
    place: str = "",
    members: Sequence[MemberInput] = (),
    subject_documents: Sequence[Document] = (),
    agenda: str = "",
    minutes: str = "",
    recommendations: Sequence[DraftRecommendation] = (),
) -> Visit:
    """Record a held working session with its recommendations, or nothing at all.

    An answer given at the session is kept with the recommendation; when it says the matter is
    under consideration and the actor acts for the body addressed, the recommendation moves
    to that step too.
    """
    with transaction.atomic():
        try:
            visit = visit_create(
                actor=actor,
                kind=kind,
                title=title,
                visiting_unit=visiting_unit,
                host_unit=host_unit,
                held_on=held_on,
                place=place,
                state=VisitState.HELD,
                members=members,
                subject_documents=subject_documents,
                agenda=agenda,
                minutes=minutes,
            )
        except ValidationError as exc:
            raise DraftRejected(_messages(exc)) from None
        rows: dict[int, dict[str, list[str]]] = {}
        for index, draft in enumerate(recommendations):
            detail = (
                _("Trả lời tại buổi làm việc: %(answer)s") % {"answer": draft.answer.strip()}
                if draft.answer.strip()
                else ""
            )
            try:
                rec = recommendation_raise(
                    actor=actor,
                    raised_by=draft.raised_by,
                    addressed_to=draft.addressed_to,
                    subject=draft.subject,
                    detail=detail,
                    visit=visit,
                    raised_on=held_on,
                )
                if draft.state == RecommendationState.UNDER_CONSIDERATION and (
                    actor is None or oversight_access.can_handle_recommendation(actor, rec)
                ):
                    recommendation_consider(
                        actor=actor, recommendation=rec, on=held_on, note=draft.answer
                    )
            except ValidationError as exc:
                rows[index] = _messages(exc)
        if rows:
            raise DraftRejected({}, rows)
    return visit
