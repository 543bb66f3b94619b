"""Forms of the task pages: the list filter and every action a role allows on a task.

The forms render the fields and turn text into values; the rules (the progress range, the
evidence checks, the required reasons) are the services' own, and their messages come from
there (``tasks.services``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from namro.core.forms import DateField, MultipleFileField
from namro.orgs.models import Unit
from namro.tasks.labels import DUE_SOON, STATUS_LABELS
from namro.tasks.services import (
    EXPLANATION_REASON_REQUIRED,
    EXTENSION_REASON_REQUIRED,
    MAX_PROGRESS,
    MIN_PROGRESS,
    OUTPUT_REQUIRED,
    PROGRESS_ERROR,
    QUESTION_REQUIRED,
    REMEDY_REQUIRED,
    SEND_BACK_REASON_REQUIRED,
    validate_evidence,
)

from .models import TaskStatus


def status_choices() -> list[tuple[str, Any]]:
    keys = [DUE_SOON, *TaskStatus.values]
    return [("", _("Tất cả trạng thái")), *[(k, STATUS_LABELS[k]) for k in keys]]


class TaskFilterForm(forms.Form):
    """Renders the task-list filter; ``tasks.filters`` checks and applies the values."""

    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=status_choices)
    document = forms.ChoiceField(label=_("Văn bản"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    role = forms.ChoiceField(
        label=_("Vai trò"),
        required=False,
        choices=[
            ("", _("Chủ trì hoặc phối hợp")),
            ("lead", _("Chủ trì")),
            ("coordinating", _("Phối hợp")),
        ],
    )
    is_key = forms.BooleanField(label=_("Nhiệm vụ trọng tâm"), required=False)
    is_breakthrough = forms.BooleanField(label=_("Đột phá"), required=False)
    q = forms.CharField(label=_("Nội dung có chứa"), required=False)

    def __init__(
        self,
        *args: Any,
        documents: Sequence[tuple[int, str]] = (),
        units: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", _("Tất cả văn bản")), *documents]
        if units:
            self.fields["unit"].choices = [("", _("Tất cả đơn vị của tôi")), *units]
        else:
            del self.fields["unit"]
            del self.fields["role"]


PROGRESS_MESSAGES = {
    "invalid": PROGRESS_ERROR,
    "min_value": PROGRESS_ERROR,
    "max_value": PROGRESS_ERROR,
    "required": _("Hãy nhập tiến độ (0–100%)."),
}


class EvidenceMixin(forms.Form):
    evidence = MultipleFileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, Word, Excel, ảnh hoặc văn bản; mỗi tệp không quá %(mb)s MB.")
        % {"mb": settings.NAMRO_UPLOAD_MAX_BYTES // (1024 * 1024)},
    )

    def clean_evidence(self) -> list[Any]:
        files = self.cleaned_data.get("evidence") or []
        try:
            validate_evidence(files)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["evidence"]) from None
        return files


class ProgressForm(EvidenceMixin):
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=MIN_PROGRESS,
        max_value=MAX_PROGRESS,
        error_messages=PROGRESS_MESSAGES,
    )
    narrative = forms.CharField(
        label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    explanation = forms.CharField(
        label=_("Giải trình chậm tiến độ"),
        help_text=_("Bắt buộc khi nhiệm vụ đã quá hạn."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["progress", "narrative", "explanation", "evidence"]


class ClaimForm(EvidenceMixin):
    output_note = forms.CharField(
        label=_("Kết quả, sản phẩm đã hoàn thành"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": OUTPUT_REQUIRED},
    )
    explanation = forms.CharField(
        label=_("Giải trình chậm tiến độ"),
        help_text=_("Bắt buộc khi nhiệm vụ đã quá hạn."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["output_note", "explanation", "evidence"]


class ExtensionRequestForm(forms.Form):
    requested_due_on = DateField(label=_("Thời hạn đề nghị"))
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": EXTENSION_REASON_REQUIRED},
    )


class ExtensionDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Đồng ý gia hạn")), ("0", _("Không đồng ý"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến xác nhận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": SEND_BACK_REASON_REQUIRED},
    )


class ExplanationAskForm(forms.Form):
    question = forms.CharField(
        label=_("Nội dung yêu cầu giải trình"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": QUESTION_REQUIRED},
    )
    answer_due_on = DateField(label=_("Hạn giải trình"), required=False)


class ExplanationAnswerForm(forms.Form):
    reason = forms.CharField(
        label=_("Nguyên nhân"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": EXPLANATION_REASON_REQUIRED},
    )
    remedy = forms.CharField(
        label=_("Giải pháp khắc phục"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": REMEDY_REQUIRED},
    )
    proposed_due_on = DateField(label=_("Thời hạn đề xuất hoàn thành"), required=False)


class ExplanationReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Ý kiến"),
        choices=[("1", _("Chấp nhận giải trình")), ("0", _("Yêu cầu giải trình lại"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn chấp nhận hoặc yêu cầu giải trình lại.")},
    )
    note = forms.CharField(
        label=_("Nội dung cần giải trình lại"),
        help_text=_("Bắt buộc khi yêu cầu giải trình lại."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DelegateForm(forms.Form):
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị cấp dưới chủ trì"),
        queryset=Unit.objects.none(),
        error_messages={
            "required": _("Hãy chọn đơn vị cấp dưới."),
            "invalid_choice": _("Đơn vị không thuộc đơn vị chủ trì."),
        },
    )
    action = forms.CharField(
        label=_("Phần việc giao"),
        help_text=_("Để trống để giao toàn bộ nội dung nhiệm vụ."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = DateField(label=_("Thời hạn"), required=False)
    expected_output = forms.CharField(label=_("Sản phẩm, kết quả"), required=False)

    def __init__(self, *args: Any, lead_unit: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        if lead_unit is not None:
            # Two levels down keeps the list short even under a province's root.
            field.queryset = (
                Unit.objects.subtree(lead_unit, include_self=False)
                .filter(depth__lte=lead_unit.depth + 2)
                .order_by("path")
            )
