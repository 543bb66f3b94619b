"""Form pieces every app's pages share: dd/mm/yyyy dates, several files, service errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class JudgedOnRequest(forms.BaseForm):
    """A bound form judged only when the user asks for it (``judged=False`` on a step that
    merely rebuilds the page, such as adding a row): no error shows on fields the user has
    not finished."""

    def __init__(self, *args: Any, judged: bool = True, **kwargs: Any) -> None:
        self.judged = judged
        super().__init__(*args, **kwargs)

    def full_clean(self) -> None:
        if self.judged:
            super().full_clean()
        else:
            self._errors = ErrorDict()
            self.cleaned_data = {}


class DateInput(forms.DateInput):
    """A native date picker; the value travels as yyyy-mm-dd, typed dd/mm/yyyy is accepted."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "error_messages", {"invalid": _("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")}
        )
        super().__init__(**kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files, as a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: next to the named field when the form
    has it, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, list(errors))
    else:
        form.add_error(None, list(error.messages))


def submit(form: forms.BaseForm, call: Callable[[], Any], *, refused_on: str, refusal: Any) -> Any:
    """Run a service for a valid ``form``: its result, or ``None`` with the errors on the form
    — a refusal from the gate (``PermissionDenied``) on ``refused_on`` with ``refusal``, a
    ``ValidationError`` next to its fields."""
    try:
        return call()
    except PermissionDenied:
        form.add_error(refused_on, refusal)
    except ValidationError as exc:
        apply_errors(form, exc)
    return None
