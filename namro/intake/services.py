"""Writes from a reviewed extraction of a visit: the visit with the recommendations raised
at it, in one transaction: everything is kept, or nothing. (A document with its tasks is
``documents.services.document_with_tasks``.)

The writes themselves are the owning apps' services (``visit_create``,
``recommendation_raise``…); what this module adds is doing them together and saying which row
went wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from namro.access import policy
from namro.access.policy import Action
from namro.core.actors import Actor
from namro.documents.models import Document
from namro.orgs.models import Unit
from namro.oversight.models import RecommendationState, Visit, VisitState
from namro.oversight.services import (
    MemberInput,
    recommendation_consider,
    recommendation_raise,
    visit_create,
)


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
