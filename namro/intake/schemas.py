"""Input and output schemas of ``POST /api/v1/extract``."""

from __future__ import annotations

from datetime import date as Date

from ninja import Field, Schema

from namro.intake.core.readers import MAX_TEXT_CHARS


class ExtractIn(Schema):
    """A text to read, and the document's own date (for deadlines without a year)."""

    text: str = Field(..., max_length=MAX_TEXT_CHARS, description="Nội dung văn bản.")
    date: Date | None = Field(None, description="Ngày của văn bản, YYYY-MM-DD.")


class ExtractedTaskOut(Schema):
    action: str
    lead: str | None
    coordinating: list[str]
    deadline: Date | None
    deadline_text: str | None
    recurrence: str = Field(..., description="none|ongoing|yearly|semiannual|quarterly|monthly")
    output: str | None
    span: list[int] = Field(..., description="[đầu, cuối] trong văn bản (NFC).")


class ExtractedPersonOut(Schema):
    name: str
    positions: list[str]


class DocumentRefOut(Schema):
    number: str
    kind: str
    issuer: str | None


class ExtractedRecommendationOut(Schema):
    raised_by: str | None
    to: str | None
    subject: str
    answer: str | None
    state: str


class ExtractedVisitOut(Schema):
    date_text: str | None
    visiting_body: str | None
    host: str | None
    subject_documents: list[str]
    chaired_by: list[str]
    recommendations: list[ExtractedRecommendationOut]


class UnitMatchOut(Schema):
    name: str = Field(..., description="Tên đơn vị như trong văn bản.")
    unit_id: int | None = Field(..., description="Đơn vị khớp (trong phạm vi của bạn) hoặc null.")
    unit_name: str | None
    confidence: float
    matched_name: str | None = Field(..., description="Tên hoặc tên gọi khác đã khớp.")
    note: str = Field("", description="Ví dụ: đơn vị đã sắp xếp lại, chuyển sang đơn vị kế thừa.")


class PersonMatchOut(Schema):
    name: str
    person_id: int | None
    person_name: str | None
    confidence: float
    note: str = ""


class MatchesOut(Schema):
    units: list[UnitMatchOut]
    people: list[PersonMatchOut]


class OcrOut(Schema):
    """How a scanned file was read: a reader checks each task against the original."""

    pages: int = Field(description="Số trang đọc bằng nhận dạng chữ (OCR).")
    confidence: float = Field(description="Độ tin cậy trung bình của các chữ, 0–100.")
    words: int = Field(description="Số chữ nhận dạng được.")


class ExtractOut(Schema):
    """What ``namro extract --json`` prints, and how the names matched the caller's units."""

    tasks: list[ExtractedTaskOut]
    people: list[ExtractedPersonOut]
    documents: list[DocumentRefOut]
    visit: ExtractedVisitOut | None
    matches: MatchesOut
    ocr: OcrOut | None = Field(
        None, description="Có khi tệp gửi lên là bản quét đọc bằng OCR; null với văn bản có chữ."
    )
