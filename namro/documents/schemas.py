"""Input and output schemas of the documents API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from namro.api_support import Day, Id, NonEmpty, Text64, Text100k, Text200, Text500, page_of
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
    received_on: date | None = Field(None, description="Ngày văn bản đến cơ quan.")
    tasks_entered_on: date | None = Field(
        None, description="Ngày nhiệm vụ đầu tiên của văn bản được nhập."
    )

    @staticmethod
    def resolve_implements(obj: object) -> list[int]:
        return [d.pk for d in obj.implements.all()]  # type: ignore[attr-defined]


class EntryClockOut(Schema):
    """The entry clock of a received document: its tasks are due to be entered within
    ``NAMRO_ENTRY_DAYS`` working days of its arrival (more when it holds many)."""

    received_on: date
    due_on: date = Field(..., description="Hạn nhập nhiệm vụ (ngày làm việc).")
    entered_on: date | None
    days_late: int = Field(
        ..., description="Số ngày làm việc nhập chậm (đến hôm nay nếu chưa nhập)."
    )
    waiting: bool = Field(..., description="Đã đến nhưng chưa nhập nhiệm vụ nào.")


class DocumentDetailOut(DocumentOut):
    body: str
    entry_clock: EntryClockOut | None = Field(
        None, description="Đồng hồ nhập nhiệm vụ; trống khi chưa ghi ngày đến."
    )


class DocumentFilterIn(Schema):
    q: Text200 | None = Field(None, description="Tìm theo số, ký hiệu và trích yếu.")
    issuer: Id | None = Field(None, description="Cơ quan ban hành: đơn vị này và cấp dưới.")
    kind: DocumentKind | None = None
    state: DocumentState | None = None
    issued_from: Day | None = None
    issued_to: Day | None = None


class DocumentIn(Schema):
    kind: DocumentKind
    title: Annotated[Text500, NonEmpty]
    issuer_id: Id
    issued_on: Day
    number: Text64 = ""
    body: Text100k = ""
    implements: list[Id] = Field(default_factory=list, max_length=50)
    state: DocumentState = DocumentState.ISSUED
    received_on: Day | None = Field(None, description="Ngày văn bản đến cơ quan.")


class DocumentReceivedIn(Schema):
    received_on: Day | None = Field(
        ..., description="Ngày văn bản đến cơ quan (null: xóa); từ ngày này tính hạn nhập."
    )


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
