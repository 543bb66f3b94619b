"""Input and output schemas of the tasks API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from namro.api_support import (
    Day,
    Id,
    NonEmpty,
    Text10k,
    Text32,
    Text200,
    Text500,
    Text5000,
    page_of,
)
from namro.orgs.schemas import UnitRef
from namro.tasks.services import MAX_PROGRESS, MIN_PROGRESS

from .filters import STATUSES
from .models import Recurrence, TaskStatus

StatusFilter = Literal[STATUSES]  # type: ignore[valid-type]


class DocumentRef(Schema):
    id: int
    number: str
    title: str


class PersonRef(Schema):
    id: int
    full_name: str


class TaskOut(Schema):
    id: int
    document: DocumentRef
    section: str
    order: int
    action: str
    lead_unit: UnitRef | None
    coordinating_units: list[UnitRef]
    owner: PersonRef | None
    authority: UnitRef | None
    expected_output: str
    recurrence: Recurrence
    assigned_on: date
    due_on: date | None
    original_due_on: date | None
    extended_on: date | None
    is_key: bool
    is_breakthrough: bool
    progress: int
    claimed_on: date | None
    confirmed_on: date | None
    cancelled_on: date | None
    parent_id: int | None
    status: TaskStatus | None = Field(
        None, description="Trạng thái tính tại ngày as_of (null: chưa được giao vào ngày đó)."
    )
    due_soon: bool = False

    @staticmethod
    def resolve_coordinating_units(obj: Any) -> list[Any]:
        return list(obj.coordinating_units.all())


class TaskDetailOut(TaskOut):
    output_note: str
    cancel_reason: str
    missing_clears: list[str] = Field(..., description="Những «rõ» nhiệm vụ còn thiếu.")


class TaskFilterIn(Schema):
    unit: Id | None = Field(None, description="Đơn vị (và mọi cấp dưới) chủ trì hoặc phối hợp.")
    role: Literal["lead", "coordinating"] | None = Field(
        None, description="Chỉ chủ trì (lead) hoặc chỉ phối hợp (coordinating)."
    )
    status: StatusFilter | None = None
    as_of: Day | None = Field(None, description="Ngày tính trạng thái; mặc định hôm nay.")
    due_from: Day | None = None
    due_to: Day | None = None
    document: Id | None = None
    is_key: bool | None = None
    is_breakthrough: bool | None = None
    counted: bool | None = Field(
        None, description="true: chỉ các nhiệm vụ được tính khi đánh giá (không kể đã dừng)."
    )
    q: Text200 | None = Field(None, description="Tìm trong nội dung nhiệm vụ.")


class AsOfIn(Schema):
    as_of: Day | None = Field(None, description="Ngày tính trạng thái; mặc định hôm nay.")


class TaskIn(Schema):
    document_id: Id
    action: Annotated[Text5000, NonEmpty]
    lead_unit_id: Id | None = None
    coordinating_unit_ids: list[Id] = Field(default_factory=list, max_length=100)
    owner_id: Id | None = None
    authority_id: Id | None = None
    due_on: Day | None = None
    recurrence: Recurrence = Recurrence.NONE
    expected_output: Text500 = ""
    assigned_on: Day | None = None
    section: Text32 = ""
    is_key: bool = False
    is_breakthrough: bool = False


class ProgressIn(Schema):
    progress: int = Field(..., ge=MIN_PROGRESS, le=MAX_PROGRESS)
    narrative: Text10k = ""
    explanation: Text10k = Field("", description="Bắt buộc khi nhiệm vụ đã quá hạn.")


class ClaimIn(Schema):
    output_note: Annotated[Text10k, NonEmpty]
    explanation: Text10k = Field("", description="Bắt buộc khi nhiệm vụ đã quá hạn.")


class ConfirmIn(Schema):
    note: Text10k = ""


class ReasonIn(Schema):
    reason: Annotated[Text10k, NonEmpty]


class DelegateIn(Schema):
    lead_unit_id: Id
    action: Text5000 = ""
    due_on: Day | None = None
    owner_id: Id | None = None
    expected_output: Text500 = ""


class ExtensionIn(Schema):
    requested_due_on: Day
    reason: Annotated[Text10k, NonEmpty]


class DecideIn(Schema):
    grant: bool
    note: Text10k = ""


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class UpdateOut(Schema):
    id: int
    task_id: int
    kind: str
    on: date
    at: datetime
    author: str | None
    progress: int | None
    narrative: str
    explanation: str
    status_before: str
    status_after: str
    changes: dict[str, Any] | None
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return obj.author.get_username() if obj.author_id else None

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())


class ExtensionOut(Schema):
    id: int
    task_id: int
    requested_on: date
    requested_by: str | None
    previous_due_on: date
    requested_due_on: date
    reason: str
    state: str
    decided_on: date | None
    decided_by: str | None
    decision_note: str

    @staticmethod
    def resolve_requested_by(obj: Any) -> str | None:
        return obj.requested_by.get_username() if obj.requested_by_id else None

    @staticmethod
    def resolve_decided_by(obj: Any) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by_id else None


class ExtensionFilterIn(Schema):
    state: Literal["pending", "granted", "refused"] | None = None
    task: Id | None = None


class ExplanationAskIn(Schema):
    question: Text10k = Field(..., description="Nội dung yêu cầu giải trình.")
    answer_due_on: Day | None = Field(None, description="Hạn giải trình.")


class ExplanationAnswerIn(Schema):
    reason: Text10k = Field(..., description="Nguyên nhân chậm tiến độ.")
    remedy: Text10k = Field(..., description="Giải pháp khắc phục.")
    proposed_due_on: Day | None = Field(None, description="Thời hạn đề xuất hoàn thành.")


class ExplanationReviewIn(Schema):
    accept: bool = Field(..., description="true: chấp nhận; false: yêu cầu giải trình lại.")
    note: Text10k = Field("", description="Nội dung cần giải trình lại (bắt buộc khi false).")


class ExplanationOut(Schema):
    id: int
    task_id: int
    asked_on: date
    asked_by: str | None
    question: str
    answer_due_on: date | None
    state: str
    rounds: int
    answered_on: date | None
    answered_by: str | None
    reason: str
    remedy: str
    proposed_due_on: date | None
    closed_on: date | None

    @staticmethod
    def resolve_asked_by(obj: Any) -> str | None:
        return obj.asked_by.get_username() if obj.asked_by_id else None

    @staticmethod
    def resolve_answered_by(obj: Any) -> str | None:
        return obj.answered_by.get_username() if obj.answered_by_id else None


TaskPage = page_of(TaskOut, "TaskPage")
UpdatePage = page_of(UpdateOut, "UpdatePage")
ExtensionPage = page_of(ExtensionOut, "ExtensionPage")
ExplanationPage = page_of(ExplanationOut, "ExplanationPage")
