"""Input and output schemas of the visits and recommendations API."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Field, Schema

from namro.api_support import (
    Day,
    Id,
    NonEmpty,
    Text16,
    Text20k,
    Text24,
    Text32,
    Text50k,
    Text64,
    Text100k,
    Text255,
    Text500,
    Text2000,
    page_of,
)


class MemberIn(Schema):
    person_id: Id
    role: Text16 = Field(
        "", description="head, deputy, member, secretary, invited; bỏ trống nếu là cán bộ của đoàn"
    )
    position_title: Text500 = ""


class VisitIn(Schema):
    kind: Text32
    title: Annotated[Text500, NonEmpty]
    visiting_unit_id: Id
    host_unit_id: Id
    held_on: Day
    place: Text255 = ""
    state: Text16 = "planned"
    members: list[MemberIn] = Field(default_factory=list, max_length=100)
    subject_document_ids: list[Id] = Field(default_factory=list, max_length=50)
    agenda: Text20k = ""


class HoldIn(Schema):
    held_on: Day | None = None
    minutes: Text50k = ""


class MemberOut(Schema):
    person_id: int
    full_name: str
    position_title: str
    role: str


class VisitOut(Schema):
    id: int
    kind: str
    title: str
    visiting_unit_id: int
    visiting_unit_name: str
    host_unit_id: int
    host_unit_name: str
    held_on: date
    place: str
    state: str
    conclusion_id: int | None
    is_sample: bool


class VisitDetailOut(VisitOut):
    members: list[MemberOut]
    subject_document_ids: list[int]
    agenda: str
    minutes: str
    recommendation_ids: list[int]


VisitPage = page_of(VisitOut, "VisitPage")


class RecommendationIn(Schema):
    raised_by_id: Id
    addressed_to_id: Id
    responsible_unit_id: Id | None = None
    subject: Annotated[Text500, NonEmpty]
    detail: Text20k = ""
    visit_id: Id | None = None
    subject_document_id: Id | None = None
    raised_on: Day | None = None
    answer_due_on: Day | None = None


class StepIn(Schema):
    on: Day | None = None
    note: Text20k = ""


class AnswerIn(Schema):
    on: Day | None = None
    outcome: Text24
    answer: Annotated[Text20k, NonEmpty]


class RecommendationFilterIn(Schema):
    state: Text24 | None = None
    responsible_unit: Id | None = None
    overdue: bool | None = None
    as_of: Day | None = None


class EventOut(Schema):
    state: str
    on: date
    actor: str | None
    outcome: str
    note: str


class RecommendationOut(Schema):
    id: int
    subject: str
    raised_by_id: int
    raised_by_name: str
    addressed_to_id: int
    responsible_unit_id: int
    responsible_unit_name: str
    visit_id: int | None
    raised_on: date
    answer_due_on: date | None
    state: str
    outcome: str
    answered_on: date | None
    answer_status: str | None = Field(None, description="Như trạng thái nhiệm vụ, tính đến as_of")
    is_sample: bool


class RecommendationDetailOut(RecommendationOut):
    detail: str
    answer: str
    events: list[EventOut]
    task_ids: list[int]


RecommendationPage = page_of(RecommendationOut, "RecommendationPage")


class AnswerCountsOut(Schema):
    in_progress: int
    overdue: int
    done_on_time: int
    done_late: int


class MemberRemovedOut(Schema):
    visit_id: int
    person_id: int


class ConclusionTaskIn(Schema):
    action: Annotated[Text2000, NonEmpty]
    lead_unit_id: Id
    due_on: Day | None = None
    recurrence: Text16 = "none"
    owner_id: Id | None = None
    expected_output: Text2000 = ""
    coordinating_unit_ids: list[Id] = Field(default_factory=list, max_length=50)


class ConcludeIn(Schema):
    issued_on: Day
    title: Annotated[Text500, NonEmpty]
    number: Text64 = ""
    body: Text100k = ""
    tasks: list[ConclusionTaskIn] = Field(default_factory=list, max_length=200)


class ConclusionOut(Schema):
    visit_id: int
    document_id: int
    number: str
    title: str
    issued_on: date
    task_ids: list[int]


class SpawnTaskIn(Schema):
    document_id: Id = Field(description="Văn bản giao nhiệm vụ (người gọi phải theo dõi văn bản)")
    action: Annotated[Text2000, NonEmpty]
    lead_unit_id: Id
    due_on: Day | None = None
    owner_id: Id | None = None
    expected_output: Text2000 = ""
    assigned_on: Day | None = None


class SpawnedTaskOut(Schema):
    recommendation_id: int
    task_id: int
    document_id: int
    action: str
    lead_unit_id: int | None
    due_on: date | None


class ReviewIn(Schema):
    kind: Text16
    document_id: Id
    unit_id: Id
    period_start: Day
    period_end: Day
    held_on: Day | None = None
    title: Text500 = ""


class ReviewOut(Schema):
    id: int
    kind: str
    title: str
    document_id: int
    unit_id: int
    unit_name: str
    period_start: date
    period_end: date
    held_on: date | None
    is_sample: bool


class ReviewUnitRowOut(Schema):
    name: str
    total: int
    overdue: int
    in_progress: int
    done_on_time: int
    done_late: int


class ReviewDetailOut(ReviewOut):
    counting: str = Field(description="Cách đếm: mỗi phần việc một lần (nhiệm vụ gốc)")
    total_tasks: int
    totals: dict[str, int]
    by_unit: list[ReviewUnitRowOut]
    concretising_document_ids: list[int]
    not_concretised: list[str]
    recommendation_ids: list[int]


ReviewPage = page_of(ReviewOut, "ReviewPage")
