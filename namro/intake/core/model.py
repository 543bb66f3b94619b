"""What extraction returns: plain dataclasses with a ``to_dict`` giving the JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Task:
    """One assignment: an action, its lead unit, helpers, timing and expected output."""

    action: str
    lead: str | None
    coordinating: list[str]
    deadline: date | None
    deadline_text: str | None
    recurrence: str
    output: str | None
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "lead": self.lead,
            "coordinating": list(self.coordinating),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "recurrence": self.recurrence,
            "output": self.output,
            "span": [self.span[0], self.span[1]],
        }


@dataclass
class Person:
    """An official named in the text with the positions the text gives them."""

    name: str
    positions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "positions": list(self.positions)}


@dataclass
class DocumentRef:
    """A document number cited in the text (15-NQ/TW, 1234/QĐ-UBND) with its kind."""

    number: str
    kind: str
    issuer: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "kind": self.kind, "issuer": self.issuer}


@dataclass
class Recommendation:
    """A request a lower body raised at a working session, and the answer it got."""

    raised_by: str | None
    to: str | None
    subject: str
    answer: str | None
    state: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "raised_by": self.raised_by,
            "to": self.to,
            "subject": self.subject,
            "answer": self.answer,
            "state": self.state,
        }


@dataclass
class Visit:
    """A working session reported in the text: who visited whom, about what."""

    date_text: str | None
    visiting_body: str | None
    host: str | None
    subject_documents: list[str]
    chaired_by: list[str]
    recommendations: list[Recommendation]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date_text": self.date_text,
            "visiting_body": self.visiting_body,
            "host": self.host,
            "subject_documents": list(self.subject_documents),
            "chaired_by": list(self.chaired_by),
            "recommendations": [r.to_dict() for r in self.recommendations],
        }


@dataclass
class Extraction:
    """Everything drawn from one text."""

    tasks: list[Task] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    visit: Visit | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tasks": [t.to_dict() for t in self.tasks],
            "people": [p.to_dict() for p in self.people],
            "documents": [d.to_dict() for d in self.documents],
            "visit": self.visit.to_dict() if self.visit else None,
        }
