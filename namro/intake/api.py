"""``POST /api/v1/extract``: tasks, people, document numbers and a visit drawn from a text,
with the unit and person names matched within what the caller may see.

The body is JSON (``{"text": "…", "date": "YYYY-MM-DD" | null}``) or a multipart form with a
``file`` (.txt, .docx, .pdf, or a scan: .png, .jpg) — or ``text`` — and ``date``. Nothing is
written.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError
from pydantic import ValidationError as SchemaError

from namro.api_support import ERRORS, ErrorOut
from namro.intake.core import ExtractionError, extract
from namro.intake.core.readers import MAX_TEXT_CHARS, Reading
from namro.workdays.calendar import add_working_days

from .forms import check_upload, message_of, upload_limit, upload_reading
from .schemas import ExtractIn, ExtractOut
from .selectors import extraction_matches

router = Router(tags=["Trích xuất"])

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ExtractIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "text": {"type": "string"},
                        "date": {"type": "string", "format": "date"},
                    },
                }
            },
        },
    }
}


def _too_large(message: str) -> HttpError:
    return HttpError(413, message)


def _input_error(field: str, message: str, kind: str = "value_error") -> InputError:
    return InputError([{"loc": ("body", "payload", field), "msg": message, "type": kind}])


def _from_json(request: HttpRequest) -> tuple[str, date | None]:
    try:
        raw = request.body
    except RequestDataTooBig:
        raise _too_large("Nội dung gửi lên quá lớn.") from None
    try:
        payload = json.loads(raw or b"null")
    except ValueError:
        raise _input_error("__all__", "", "json_invalid") from None
    text = payload.get("text") if isinstance(payload, dict) else None
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise _too_large(f"Văn bản quá dài (tối đa {MAX_TEXT_CHARS:,} ký tự).")
    try:
        data = ExtractIn.model_validate(payload)
    except SchemaError as exc:
        raise InputError(
            [{**e, "loc": ("body", "payload", *e.get("loc", ()))} for e in exc.errors()]
        ) from None
    return data.text, data.date


def _from_form(request: HttpRequest) -> tuple[Reading, date | None]:
    try:
        upload = request.FILES.get("file")
        text = request.POST.get("text", "")
        day = request.POST.get("date") or None
    except RequestDataTooBig:
        raise _too_large("Nội dung gửi lên quá lớn.") from None
    doc_date = None
    if day:
        try:
            doc_date = date.fromisoformat(day)
        except ValueError:
            raise _input_error("date", "", "date_parsing") from None
    if upload is not None:
        if upload.size is not None and upload.size > upload_limit():
            raise _too_large(
                f"Tệp «{upload.name}» vượt quá dung lượng tối đa "
                f"{upload_limit() // (1024 * 1024)} MB."
            )
        try:
            check_upload(upload)
            return upload_reading(upload), doc_date
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        except ExtractionError as exc:
            raise ValidationError({"file": message_of(exc)}) from None
    if len(text) > MAX_TEXT_CHARS:
        raise _too_large(f"Văn bản quá dài (tối đa {MAX_TEXT_CHARS:,} ký tự).")
    if not text.strip():
        raise ValidationError({"file": "Hãy gửi tệp (file) hoặc nội dung văn bản (text)."})
    return Reading(text), doc_date


@router.post(
    "",
    response={200: ExtractOut, 413: ErrorOut, **ERRORS},
    summary="Trích xuất nhiệm vụ, cán bộ, số văn bản, buổi làm việc",
    openapi_extra=_BODY,
)
def extract_text(request: HttpRequest) -> dict[str, Any]:
    """Same JSON as ``namro extract --json``, plus ``matches``: each unit and person name with
    the unit or person it matched among those the caller may see (or null), and a confidence.
    """
    try:
        if (request.content_type or "").startswith("multipart/form-data"):
            reading, doc_date = _from_form(request)
        else:
            text, doc_date = _from_json(request)
            reading = Reading(text)
        result = extract(reading.text, doc_date=doc_date, add_working_days=add_working_days)
    except ExtractionError as exc:
        raise ValidationError({"text": message_of(exc)}) from None
    ocr = reading.ocr
    return {
        **result.to_dict(),
        "matches": extraction_matches(request.user, result).to_dict(),
        "ocr": None
        if ocr is None
        else {"pages": ocr.pages, "confidence": round(ocr.confidence, 1), "words": ocr.words},
    }
