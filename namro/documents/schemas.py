"""Input and output schemas of the documents API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from namro.api_support import Day, Id, page_of, text
from namro.orgs.schemas import UnitRef

from .models import DocumentKind, DocumentState


class DocumentOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    issuer: UnitRef
    issued_on: date
    state: str
    is_public: bool
    is_sample: bool
    implements: list[int] = Field(
        ..., description="Các văn bản cấp trên mà văn bản này cụ thể hóa."
    )

    @staticmethod
    def resolve_implements(obj: object) -> list[int]:
        return [d.pk for d in obj.implements.all()]  # type: ignore[attr-defined]


class DocumentDetailOut(DocumentOut):
    body: str


class DocumentFilterIn(Schema):
    q: text(200) | None = Field(None, description="Tìm theo số, ký hiệu và trích yếu.")  # type: ignore[valid-type]
    issuer: Id | None = Field(None, description="Cơ quan ban hành: đơn vị này và cấp dưới.")
    kind: DocumentKind | None = None
    state: DocumentState | None = None
    issued_from: Day | None = None
    issued_to: Day | None = None


class DocumentIn(Schema):
    kind: DocumentKind
    title: text(500, min_length=1)  # type: ignore[valid-type]
    issuer_id: Id
    issued_on: Day
    number: text(64) = ""  # type: ignore[valid-type]
    body: text(100_000) = ""  # type: ignore[valid-type]
    implements: list[Id] = Field(default_factory=list, max_length=50)
    state: DocumentState = DocumentState.ISSUED


class GoalOut(Schema):
    id: int
    document_id: int
    order: int
    text: str


class IndicatorOut(Schema):
    id: int
    document_id: int
    goal_id: int | None
    name: str
    unit_of_measure: str
    baseline: Decimal | None
    target: Decimal
    target_on: date | None
    lead_unit_id: int | None


DocumentPage = page_of(DocumentOut, "DocumentPage")
GoalPage = page_of(GoalOut, "GoalPage")
IndicatorPage = page_of(IndicatorOut, "IndicatorPage")
