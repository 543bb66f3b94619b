"""Forms of the oversight pages: visits, delegation members, conclusions, recommendations and
their lifecycle, reviews. Services re-check everything; these forms only read the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from namro.core.forms import DateField, MultipleFileField
from namro.documents.forms import resolve_person
from namro.documents.models import Document
from namro.orgs.forms import UnitNameField, resolve_unit
from namro.orgs.models import Person, Unit

from .models import DelegationRole, RecommendationOutcome, ReviewKind, VisitKind, VisitState

FILE_HELP = _("PDF, Word, Excel, ảnh hoặc văn bản; kiểm tra loại và dung lượng trước khi lưu.")


def _checked_files(files: list[Any]) -> list[Any]:
    """The type and size of each file are checked before anything reads its content."""
    from .services import _check_files

    try:
        _check_files(files)
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None
    return files


class StepForm(forms.Form):
    on = forms.DateField(
        label=_("Ngày"), initial=timezone.localdate, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(StepForm):
    outcome = forms.ChoiceField(label=_("Kết quả xem xét"), choices=RecommendationOutcome.choices)
    note = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}))


# -- Forms of the pages that record visits, recommendations and reviews ----------------------


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=VisitKind.choices)
    title = forms.CharField(
        label=_("Nội dung buổi làm việc"),
        max_length=500,
        error_messages={"required": _("Nội dung buổi làm việc không được để trống.")},
    )
    visiting_unit = UnitNameField(
        label=_("Đoàn công tác (cơ quan đến làm việc)"),
        error_messages={"required": _("Hãy nhập đoàn công tác hoặc cơ quan đến làm việc.")},
    )
    host_unit = UnitNameField(
        label=_("Đơn vị làm việc"), error_messages={"required": _("Hãy nhập đơn vị làm việc.")}
    )
    held_on = DateField(
        label=_("Ngày làm việc"), error_messages={"required": _("Hãy nhập ngày làm việc.")}
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    state = forms.ChoiceField(
        label=_("Trạng thái"), choices=VisitState.choices, initial=VisitState.PLANNED
    )
    subject_documents = forms.ModelMultipleChoiceField(
        label=_("Văn bản được xem xét"), queryset=Document.objects.none(), required=False
    )
    agenda = forms.CharField(
        label=_("Chương trình làm việc"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(label=_("Tệp đính kèm"), help_text=FILE_HELP)

    def __init__(
        self, *args: Any, units: QuerySet[Unit], documents: QuerySet[Document], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("visiting_unit", "host_unit"):
            self.fields[name].pool = units  # type: ignore[attr-defined]
        self.fields["subject_documents"].queryset = documents  # type: ignore[attr-defined]

    def clean_attachments(self) -> list[Any]:
        return _checked_files(self.cleaned_data.get("attachments") or [])


class MemberForm(forms.Form):
    person = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        error_messages={"required": _("Hãy nhập họ và tên.")},
    )
    position_title = forms.CharField(
        label=_("Chức vụ khi đó"),
        max_length=500,
        required=False,
        help_text=_("Bỏ trống để lấy theo chức vụ của cán bộ vào ngày làm việc."),
    )
    role = forms.ChoiceField(
        label=_("Vai trò trong đoàn"),
        choices=[("", _("— Thành viên (cán bộ của đoàn) —")), *DelegationRole.choices],
        required=False,
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people

    def clean_person(self) -> Person:
        return resolve_person(self.cleaned_data["person"], self.people)


class HoldForm(forms.Form):
    held_on = DateField(
        label=_("Ngày làm việc"), error_messages={"required": _("Hãy nhập ngày làm việc.")}
    )
    minutes = forms.CharField(
        label=_("Biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConclusionForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        error_messages={"required": _("Trích yếu không được để trống.")},
    )
    issued_on = DateField(
        label=_("Ngày ban hành"), error_messages={"required": _("Hãy nhập ngày ban hành.")}
    )
    body = forms.CharField(
        label=_("Nội dung kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class AttachForm(forms.Form):
    attachments = MultipleFileField(label=_("Tệp đính kèm"), help_text=FILE_HELP)

    def clean_attachments(self) -> list[Any]:
        files = _checked_files(self.cleaned_data.get("attachments") or [])
        if not files:
            raise ValidationError(_("Hãy chọn ít nhất một tệp."))
        return files


class RecommendationForm(forms.Form):
    raised_by = UnitNameField(
        label=_("Đơn vị kiến nghị"), error_messages={"required": _("Hãy nhập đơn vị kiến nghị.")}
    )
    addressed_to = UnitNameField(
        label=_("Kiến nghị đến (cơ quan cấp trên)"),
        error_messages={"required": _("Hãy nhập cơ quan nhận kiến nghị.")},
    )
    # Resolved in ``clean``: it may be any body under the one addressed, seen or not.
    responsible_unit = forms.CharField(
        label=_("Cơ quan chịu trách nhiệm trả lời"),
        max_length=300,
        required=False,
        help_text=_("Bỏ trống nếu là cơ quan nhận kiến nghị."),
    )
    subject = forms.CharField(
        label=_("Nội dung kiến nghị"),
        max_length=500,
        error_messages={"required": _("Nội dung kiến nghị không được để trống.")},
    )
    detail = forms.CharField(
        label=_("Chi tiết"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    raised_on = DateField(label=_("Ngày kiến nghị"), initial=timezone.localdate)
    answer_due_on = DateField(label=_("Hạn trả lời"), required=False)
    subject_document = forms.ModelChoiceField(
        label=_("Văn bản liên quan"), queryset=Document.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], documents: QuerySet[Document], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for name in ("raised_by", "addressed_to"):
            self.fields[name].pool = units  # type: ignore[attr-defined]
        self.fields["subject_document"].queryset = documents  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("responsible_unit") or ""
        addressed = data.get("addressed_to")
        data["responsible_unit"] = None
        if text.strip() and addressed is not None:
            below = Unit.objects.filter(addressed.subtree_q())
            try:
                data["responsible_unit"] = resolve_unit(text, self.units | below)
            except ValidationError as exc:
                self.add_error("responsible_unit", exc)
        return data


class SpawnTaskForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Giao theo văn bản"),
        queryset=Document.objects.none(),
        error_messages={"required": _("Hãy chọn văn bản giao nhiệm vụ.")},
    )
    action = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Nội dung nhiệm vụ không được để trống.")},
    )
    lead_unit = UnitNameField(
        label=_("Đơn vị chủ trì"), error_messages={"required": _("Hãy nhập đơn vị chủ trì.")}
    )
    due_on = DateField(label=_("Thời hạn"), required=False)
    expected_output = forms.CharField(label=_("Sản phẩm"), max_length=2000, required=False)

    def __init__(
        self, *args: Any, units: QuerySet[Unit], documents: QuerySet[Document], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].pool = units  # type: ignore[attr-defined]
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ReviewKind.choices)
    document = forms.ModelChoiceField(
        label=_("Văn bản được sơ kết, tổng kết"),
        queryset=Document.objects.none(),
        error_messages={"required": _("Hãy chọn văn bản.")},
    )
    unit = UnitNameField(
        label=_("Đơn vị sơ kết, tổng kết"), error_messages={"required": _("Hãy nhập đơn vị.")}
    )
    period_start = DateField(
        label=_("Từ ngày"), error_messages={"required": _("Hãy nhập ngày bắt đầu kỳ.")}
    )
    period_end = DateField(
        label=_("Đến ngày"), error_messages={"required": _("Hãy nhập ngày kết thúc kỳ.")}
    )
    held_on = DateField(label=_("Ngày hội nghị"), required=False)
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=500,
        required=False,
        help_text=_("Bỏ trống để đặt theo loại và văn bản."),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], documents: QuerySet[Document], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].pool = units  # type: ignore[attr-defined]
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]
