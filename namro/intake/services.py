"""Writes from a reviewed extraction: the visit with the recommendations raised at it; a
document with its tasks, a task given to a group ("UBND các xã, phường") delegated to each
unit of the group. Each in one transaction: everything is kept, or nothing.

The writes themselves are the owning apps' services (``visit_create``,
``recommendation_raise``…); what this module adds is doing them together and saying which row
went wrong.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.actors import Actor
from namro.documents.models import Document
from namro.documents.services import DocumentFields, Result, RowError, TaskRow, document_with_tasks
from namro.orgs.models import Unit
from namro.oversight.models import RecommendationState, Visit, VisitState
from namro.oversight.services import (
    MemberInput,
    recommendation_consider,
    recommendation_raise,
    visit_create,
)
from namro.tasks.services import task_delegate


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
class DraftRecommendation:
    """A recommendation raised at the session, and the answer given there (if any)."""

    raised_by: Unit
    addressed_to: Unit
    subject: str
    answer: str = ""
    state: str = RecommendationState.RAISED


def visit_record(
    *,
    actor: Actor,
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
                    policy.allows(actor, Action.RECOMMENDATION_HANDLE, rec)
                ):
                    recommendation_consider(
                        actor=actor, recommendation=rec, on=held_on, note=draft.answer
                    )
            except ValidationError as exc:
                rows[index] = _messages(exc)
        if rows:
            raise DraftRejected({}, rows)
    return visit


# --- a document whose tasks may go to groups of units ---------------------------------------


class _Refused(Exception):
    """Leaves the transaction of ``document_with_group_tasks`` so that nothing is kept."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__()
        self.errors = errors


def document_with_group_tasks(
    actor: Actor,
    *,
    document: Document | DocumentFields,
    rows: Sequence[TaskRow],
    groups: Mapping[int, Sequence[Unit]],
) -> Result:
    """``document_with_tasks``, then each row numbered in ``groups`` delegated to every unit
    of its group (``task_delegate``: one sub-task each, the row's own task staying with its
    lead unit, the body that assigns it); all in one transaction, or nothing. The sub-tasks
    are given on the day the task is (the document gives them, not a later step).

    A delegation refused (a unit not below the row's lead unit, a deadline after the
    task's, an actor who may not delegate) comes back in ``Result.errors`` on the row's
    lead unit, naming the unit; nothing is then written.
    """
    try:
        with transaction.atomic():
            result = document_with_tasks(actor, document=document, rows=rows)
            if not result.ok:
                return result  # nothing was written
            errors: list[RowError] = []
            for row, task in zip(rows, result.tasks, strict=True):
                for unit in groups.get(row.number, ()):
                    try:
                        task_delegate(actor=actor, task=task, lead_unit=unit, on=task.assigned_on)
                    except ValidationError as exc:
                        errors += [
                            RowError(row.number, "lead_unit", f"{unit.name}: {message}")
                            for messages in _messages(exc).values()
                            for message in messages
                        ]
                    except PermissionDenied as exc:
                        errors.append(RowError(row.number, "lead_unit", f"{unit.name}: {exc}"))
            if errors:
                raise _Refused(errors)
    except _Refused as refused:
        return Result(errors=refused.errors)
    return result


# --- an uploaded sheet kept between its preview and the confirmation ------------------------

STAGE_SALT = "namro.intake.excel-stage"
STAGE_SECONDS = 3600


def _stage_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def sheet_stage(*, actor: Actor, document: Document, data: bytes) -> str:
    """Keep an uploaded sheet (already read once for its preview) until it is confirmed;
    return the signed token that names it. The file's name is random, never the upload's;
    the token binds it to the actor, the document and the content's hash. Sheets older
    than ``STAGE_SECONDS`` are removed."""
    folder = _stage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STAGE_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    name = secrets.token_hex(16)
    (folder / f"{name}.xlsx").write_bytes(data)
    return signing.dumps(
        {
            "f": name,
            "d": document.pk,
            "u": getattr(actor, "pk", None),
            "h": hashlib.sha256(data).hexdigest(),
        },
        salt=STAGE_SALT,
    )


def _staged_path(token: str, actor: Actor, document: Document) -> tuple[Path, str]:
    try:
        facts = signing.loads(token, salt=STAGE_SALT, max_age=STAGE_SECONDS)
    except signing.BadSignature as exc:
        raise ValidationError(
            _("Phiên xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.")
        ) from exc
    name = str(facts.get("f", ""))
    if (
        facts.get("d") != document.pk
        or facts.get("u") != getattr(actor, "pk", None)
        or not name.isalnum()
    ):
        raise ValidationError(_("Phiên xem trước không thuộc văn bản này; hãy tải tệp lên lại."))
    return _stage_dir() / f"{name}.xlsx", str(facts.get("h", ""))


def sheet_staged(*, actor: Actor, document: Document, token: str) -> bytes:
    """The sheet ``sheet_stage`` kept under ``token``, if the token is this actor's for this
    document, not expired, and the file is unchanged; else ``ValidationError``."""
    path, digest = _staged_path(token, actor, document)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(_("Tệp đã xem trước không còn; hãy tải tệp lên lại.")) from exc
    if hashlib.sha256(data).hexdigest() != digest:
        raise ValidationError(_("Tệp đã xem trước bị thay đổi; hãy tải tệp lên lại."))
    return data


def sheet_unstage(*, actor: Actor, document: Document, token: str) -> None:
    """Remove the sheet kept under ``token`` (after it is imported)."""
    path, _digest = _staged_path(token, actor, document)
    path.unlink(missing_ok=True)
