"""Output schema of the inbox API."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from namro.api_support import MAX_LIMIT

from .selectors import DEFAULT_LIMIT


class InboxIn(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số việc tối đa của mỗi loại."
    )


class InboxItemOut(Schema):
    kind: str = Field(..., description="Loại việc (claim, extension, explanation_to_answer, …).")
    id: int = Field(
        ...,
        description="Mã của đối tượng cần xử lý: nhiệm vụ, đề nghị gia hạn, yêu cầu giải "
        "trình, kiến nghị hoặc văn bản.",
    )
    task_id: int | None
    title: str
    url: str = Field(..., description="Trang xử lý việc này.")
    since: date | None = Field(..., description="Ngày việc bắt đầu chờ.")
    due_on: date | None
    unit: str
    detail: str


class InboxOut(Schema):
    items: list[InboxItemOut]
    counts: dict[str, int] = Field(
        ...,
        description="Số việc đang chờ theo từng loại; đếm đến counts_limit + 1 "
        "(giá trị counts_limit + 1 nghĩa là «nhiều hơn counts_limit»).",
    )
    counts_limit: int = Field(..., description="Ngưỡng đếm của mỗi loại.")
