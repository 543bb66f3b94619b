"""The HTTP API, version 1, under /api/v1/ (django-ninja).

Every router mounted here inherits the authentication below (a personal token,
``Authorization: Bearer <token>``, or the browser session with its CSRF token), so a handler
reads the caller from ``request.user`` and asks ``namro.access.policy``. The error handlers
turn what services and policy raise into JSON with a 4xx status:

- Django ``ValidationError`` (services, filters) → 400 with ``detail`` and per-field ``errors``;
- input that does not fit the schema → 422, naming the field;
- no credentials → 401; ``PermissionDenied`` → 403; ``Http404`` (out of scope) → 404.

To add an app's endpoints, write ``namro/<app>/api.py`` with ``router = Router(tags=[…])``,
declare ``response={200: Out, **ERRORS}`` (``namro.api_support``) on each operation, and add
one line at the end of this file::

    api.add_router("/visits", "namro.oversight.api.router")
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from namro.access.auth import SessionAuth, TokenAuth

api = NinjaAPI(
    title="namro API",
    version="1",
    description=(
        "Văn bản, nhiệm vụ, tiến độ, đơn vị — API của namro. Xác thực bằng mã truy cập cá nhân "
        "(`Authorization: Bearer <mã>`, tạo bằng `namro token create TÊN_ĐĂNG_NHẬP`) hoặc "
        "phiên đăng nhập của trình duyệt (kèm X-CSRFToken khi ghi)."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
)

# Pydantic's error types, said in Vietnamese; others fall back to pydantic's own message.
INPUT_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "date_from_datetime_parsing": "Phải là ngày dạng YYYY-MM-DD.",
    "date_parsing": "Phải là ngày dạng YYYY-MM-DD.",
    "date_type": "Phải là ngày dạng YYYY-MM-DD.",
    "string_too_long": "Quá dài.",
    "string_too_short": "Quá ngắn.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_pattern_mismatch": "Chứa ký tự không được phép.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "enum": "Không thuộc các giá trị cho phép.",
    "literal_error": "Không thuộc các giá trị cho phép.",
    "list_type": "Phải là một danh sách.",
    "json_invalid": "Nội dung không phải JSON hợp lệ.",
    "model_attributes_type": "Nội dung phải là một đối tượng JSON.",
}
# Where ninja puts a parameter; the field name a caller knows is what follows.
LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def _error(request: HttpRequest, status: int, detail: str, errors: Any = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in loc if str(p) not in LOCATIONS]
    # Ninja nests a body or query schema under its parameter name: drop that level.
    if len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        message = INPUT_MESSAGES.get(item.get("type", ""), item.get("msg", ""))
        errors.setdefault(_field_name(item.get("loc", ())), []).append(message)
    detail = "Dữ liệu không hợp lệ: " + "; ".join(
        f"trường «{field}»: {' '.join(msgs)}" for field, msgs in errors.items()
    )
    return _error(request, 422, detail, errors)


@api.exception_handler(ValidationError)
def service_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        detail = "; ".join(
            " ".join(msgs) if field == "__all__" else f"«{field}»: {' '.join(msgs)}"
            for field, msgs in errors.items()
        )
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
        detail = " ".join(errors["__all__"])
    return _error(request, 400, detail, errors)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "Chưa xác thực: đăng nhập, hoặc gửi tiêu đề Authorization: Bearer <mã truy cập>.",
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "Bạn không có quyền thực hiện thao tác này.")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "Không tìm thấy (hoặc không thuộc phạm vi của bạn).")


# Each app's router, mounted under its prefix. Add yours with one line.
api.add_router("/units", "namro.orgs.api.units")
api.add_router("/people", "namro.orgs.api.people")
api.add_router("/positions", "namro.orgs.api.positions")
api.add_router("/documents", "namro.documents.api.router")
api.add_router("/tasks", "namro.tasks.api.router")
api.add_router("/extension-requests", "namro.tasks.api.extensions")
api.add_router("/explanations", "namro.tasks.api.explanations")
api.add_router("/insights", "namro.insights.api.router")
api.add_router("/visits", "namro.oversight.api.visits")
api.add_router("/recommendations", "namro.oversight.api.recommendations")
api.add_router("/reviews", "namro.oversight.review_api.router")
api.add_router("/programs", "namro.programs.api.router")
api.add_router("/extract", "namro.intake.api.router")
api.add_router("/notifications", "namro.reminders.api.router")
api.add_router("/inbox", "namro.inbox.api.router")
api.add_router("/reports", "namro.reports.api.router")
