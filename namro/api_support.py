"""What every router of the API shares: error schema, bounded input types, keyset pages.

Routers import from here (not from ``namro.api``, which imports the routers)::

    from namro.api_support import ERRORS, Id, PageIn, keyset_page, page_of
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Annotated, Any

from annotated_types import MaxLen, MinLen
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import create_model

# Ids fit a signed 64-bit column; larger numbers are refused as input, not crashed on.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Dates a person may mean; outside this range date arithmetic would overflow.
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]
NO_NUL = r"^[^\x00]*$"

Text = Annotated[str, Field(pattern=NO_NUL)]
"""A string the database can store: no NUL characters. The aliases below bound its length
as its column does; add ``NonEmpty`` for a required one: ``title: Annotated[Text500, NonEmpty]``."""
NonEmpty = MinLen(1)
Text16 = Annotated[Text, MaxLen(16)]
Text24 = Annotated[Text, MaxLen(24)]
Text32 = Annotated[Text, MaxLen(32)]
Text64 = Annotated[Text, MaxLen(64)]
Text200 = Annotated[Text, MaxLen(200)]
Text255 = Annotated[Text, MaxLen(255)]
Text500 = Annotated[Text, MaxLen(500)]
Text2000 = Annotated[Text, MaxLen(2000)]
Text5000 = Annotated[Text, MaxLen(5000)]
Text10k = Annotated[Text, MaxLen(10_000)]
Text20k = Annotated[Text, MaxLen(20_000)]
Text50k = Annotated[Text, MaxLen(50_000)]
Text100k = Annotated[Text, MaxLen(100_000)]


class ErrorOut(Schema):
    """Every 4xx answer: a message a person can act on, and per-field messages."""

    detail: str
    errors: dict[str, list[str]] = {}


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageIn(Schema):
    cursor: Text500 | None = Field(
        None, description="next_cursor của trang trước; bỏ trống để lấy trang đầu."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số dòng mỗi trang.")


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The page schema for ``item``: ``{"items": [...], "next_cursor": "…" | null}``."""
    return create_model(  # type: ignore[call-overload,no-any-return]
        name, __base__=Schema, items=(list[item], ...), next_cursor=(str | None, None)
    )


def _encode(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, qs: QuerySet[Any], fields: list[str]) -> list[Any]:
    invalid = ValidationError({"cursor": _("Con trỏ phân trang (cursor) không hợp lệ.")})
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid from None
    if not isinstance(values, list) or len(values) != len(fields):
        raise invalid
    result = []
    for name, value in zip(fields, values, strict=True):
        model_field = _model_field(qs.model, name)
        if value is None or isinstance(value, dict | list):
            raise invalid
        if model_field is not None:
            try:
                value = model_field.to_python(value)
            except (ValidationError, TypeError, OverflowError):
                raise invalid from None
            if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
                raise invalid
        result.append(value)
    return result


def _model_field(model: type[Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation: compared as given
        return None


def keyset_page(
    qs: QuerySet[Any], ordering: tuple[str, ...], cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """One page of ``qs`` ordered by ``ordering`` (which must end with a unique key, e.g.
    ``id``), after ``cursor``. Costs one query, whatever the page number."""
    fields = [o.lstrip("-") for o in ordering]
    qs = qs.order_by(*ordering)
    if cursor:
        values = _decode(cursor, qs, fields)
        after = Q()
        for i, (order, field) in enumerate(zip(ordering, fields, strict=True)):
            step = Q(**{f"{field}__{'lt' if order.startswith('-') else 'gt'}": values[i]})
            for prev, value in zip(fields[:i], values[:i], strict=True):
                step &= Q(**{prev: value})
            after |= step
        qs = qs.filter(after)
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, _encode([getattr(last, f) for f in fields])


def get_or_404(qs: QuerySet[Any], pk: int) -> Any:
    """The object ``pk`` of a policy-narrowed queryset; out of scope looks like missing."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def check_ids(qs: QuerySet[Any], fields: dict[str, Any]) -> None:
    """Refuse ids the caller cannot see, as a field error (it may not exist at all).

    ``qs`` is already narrowed to what the caller may see; ``fields`` maps a payload field
    to an id, a list of ids or None."""
    for field, value in fields.items():
        ids = value if isinstance(value, list) else [value] if value is not None else []
        found = set(qs.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise ValidationError(
                {
                    field: _("Không tìm thấy mã %(ids)s trong phạm vi của bạn.")
                    % {"ids": ", ".join(missing)}
                }
            )
