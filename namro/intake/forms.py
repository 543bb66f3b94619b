"""Forms of the extraction pages: the text or file to read, the draft document and its task
rows, the draft visit with its members and recommendations.

Unit and person fields are text inputs (with the unit picker's suggestions); the view turns
the names into units and people with one lookup for the whole table (``resolve_rows``), so a
table of any length costs the same number of queries.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from namro.core.forms import DateField
from namro.documents.models import DocumentKind
from namro.intake.core import ExtractionError
from namro.intake.core.readers import MAX_TEXT_CHARS, Reading, decode_text, read_document
from namro.oversight.models import DelegationRole, RecommendationState, VisitKind
from namro.tasks.models import Recurrence

ACCEPTED_TYPES = (".txt", ".docx", ".pdf", ".png", ".jpg", ".jpeg")


def upload_limit() -> int:
    """Largest file accepted for extraction, in bytes."""
    return int(settings.NAMRO_UPLOAD_MAX_BYTES)


def message_of(exc: ExtractionError) -> str:
    """The extraction error in the language of the page."""
    return exc.message_en if (get_language() or "").startswith("en") else exc.message_vi


def check_upload(upload: Any) -> None:
    """Refuse a file of another type or over the size limit, before reading a byte of it."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_TYPES:
        raise ValidationError(
            _("Tệp «%(name)s» không đúng định dạng: chỉ nhận .txt, .docx, .pdf, .png, .jpg.")
            % {"name": name}
        )
    if upload.size is not None and upload.size > upload_limit():
        raise ValidationError(
            _("Tệp «%(name)s» vượt quá dung lượng tối đa %(mb)s MB.")
            % {"name": name, "mb": upload_limit() // (1024 * 1024)}
        )


def upload_reading(upload: Any) -> Reading:
    """The text of an uploaded .txt/.docx/.pdf or scan (.png/.jpg), already checked by
    ``check_upload``, and whether OCR read it."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix == ".txt":
        return Reading(decode_text(b"".join(upload.chunks())))
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return read_document(handle.name)


class SourceForm(forms.Form):
    """The text to read: pasted, or a file."""

    text = forms.CharField(
        label=_("Dán nội dung văn bản"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    file = forms.FileField(
        label=_("Hoặc chọn tệp"),
        required=False,
        help_text=_(
            "Tệp .txt, .docx, .pdf, hoặc bản quét .pdf, .png, .jpg (đọc bằng nhận dạng chữ)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_TYPES)}),
    )
    doc_date = DateField(
        label=_("Ngày của văn bản"),
        required=False,
        help_text=_("Dùng để tính thời hạn không ghi năm hoặc «trong N ngày kể từ ngày ký»."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        if self.errors:
            return data
        if upload:
            try:
                reading = upload_reading(upload)
                data["source"], data["ocr"] = reading.text, reading.ocr
            except ExtractionError as exc:
                self.add_error("file", message_of(exc))
        elif text.strip():
            data["source"] = text
        else:
            raise ValidationError(_("Hãy dán nội dung văn bản hoặc chọn một tệp."))
        return data


def _unit_input(**kwargs: Any) -> forms.CharField:
    field = forms.CharField(max_length=300, **kwargs)
    field.widget.attrs.update(
        {
            "list": "unit-options",
            "autocomplete": "off",
            # The unit picker's suggestions fill the shared <datalist> as one types (htmx).
            "hx-get": reverse_lazy("orgs:suggest"),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": "#unit-options",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
    )
    return field


@dataclass(frozen=True)
class OcrNote:
    """What the page says of a scan read by OCR, carried from step to step."""

    pages: int
    confidence: float


class CarriesOcr(forms.Form):
    """A draft's header that carries, in hidden fields, how its text was read by OCR (when it
    was), so that every step of the review still says so."""

    ocr_pages = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    ocr_confidence = forms.FloatField(
        required=False, min_value=0, max_value=100, widget=forms.HiddenInput
    )

    @staticmethod
    def ocr_initial(reading: Any) -> dict[str, Any]:
        """The hidden fields' values for ``reading`` (an ``OcrReport``, or None)."""
        if reading is None:
            return {}
        return {"ocr_pages": reading.pages, "ocr_confidence": round(reading.confidence, 1)}

    def ocr_note(self) -> OcrNote | None:
        """The note the posted form carries; None for typed text or a note tampered with."""
        field_pages, field_confidence = self["ocr_pages"], self["ocr_confidence"]
        try:
            pages = self.fields["ocr_pages"].clean(field_pages.value())
            confidence = self.fields["ocr_confidence"].clean(field_confidence.value())
        except ValidationError:
            return None
        if pages is None or confidence is None:
            return None
        return OcrNote(pages, confidence)


class DraftHeaderForm(CarriesOcr):
    """The document the tasks belong to, prefilled from the numbers found in the text."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=64)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        error_messages={"required": _("Trích yếu không được để trống.")},
    )
    issuer = _unit_input(
        label=_("Cơ quan ban hành"), error_messages={"required": _("Hãy nhập cơ quan ban hành.")}
    )
    issued_on = DateField(
        label=_("Ngày ban hành"), error_messages={"required": _("Hãy nhập ngày ban hành.")}
    )
    received_on = DateField(
        label=_("Ngày đến"),
        required=False,
        help_text=_("Ngày văn bản đến cơ quan; từ ngày này tính hạn nhập nhiệm vụ."),
    )
    body = forms.CharField(required=False, max_length=MAX_TEXT_CHARS, widget=forms.HiddenInput)
    doc_date = forms.DateField(required=False, widget=forms.HiddenInput)


class DraftTaskForm(forms.Form):
    """One row of the review table. A row left unticked is neither checked nor saved."""

    include = forms.BooleanField(label=_("Lưu"), required=False, initial=True)
    action = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead_unit = _unit_input(label=_("Đơn vị chủ trì"), required=False)
    coordinating_units = _unit_input(
        label=_("Đơn vị phối hợp"),
        required=False,
        help_text=_("Nhiều đơn vị cách nhau bởi dấu chấm phẩy (;)."),
    )
    due_on = DateField(label=_("Thời hạn"), required=False)
    recurrence = forms.ChoiceField(
        label=_("Tính chất thời hạn"), choices=Recurrence.choices, initial=Recurrence.NONE
    )
    expected_output = forms.CharField(label=_("Sản phẩm, kết quả"), required=False, max_length=500)
    owner = forms.CharField(label=_("Người chịu trách nhiệm"), required=False, max_length=200)
    # What the text said, kept to show beside the row.
    source_lead = forms.CharField(required=False, widget=forms.HiddenInput)
    source_coordinating = forms.CharField(required=False, widget=forms.HiddenInput)
    source_deadline = forms.CharField(required=False, widget=forms.HiddenInput)

    def included(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("include")))

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and not self.included():
            self._errors = ErrorDict()


DraftTaskFormSet = forms.formset_factory(
    DraftTaskForm, extra=0, min_num=0, max_num=500, absolute_max=500
)


class DraftVisitForm(CarriesOcr):
    """The working session read from a report, to be recorded as a held visit."""

    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=VisitKind.choices, initial=VisitKind.WORKING_SESSION
    )
    title = forms.CharField(
        label=_("Nội dung buổi làm việc"),
        max_length=500,
        error_messages={"required": _("Nội dung buổi làm việc không được để trống.")},
    )
    visiting_unit = _unit_input(
        label=_("Đoàn công tác (cơ quan)"),
        error_messages={"required": _("Hãy chọn cơ quan của đoàn công tác.")},
    )
    host_unit = _unit_input(
        label=_("Đơn vị làm việc"), error_messages={"required": _("Hãy chọn đơn vị làm việc.")}
    )
    held_on = DateField(
        label=_("Ngày làm việc"), error_messages={"required": _("Hãy nhập ngày làm việc.")}
    )
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    agenda = forms.CharField(
        label=_("Văn bản, nội dung làm việc"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes = forms.CharField(required=False, max_length=MAX_TEXT_CHARS, widget=forms.HiddenInput)
    source_date = forms.CharField(required=False, widget=forms.HiddenInput)
    source_visiting = forms.CharField(required=False, widget=forms.HiddenInput)
    source_host = forms.CharField(required=False, widget=forms.HiddenInput)


class DraftMemberForm(forms.Form):
    """A person named in the report: a member of the delegation when ticked."""

    include = forms.BooleanField(label=_("Thành viên đoàn"), required=False)
    person = forms.CharField(label=_("Cán bộ"), required=False, max_length=200)
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=[("", "—"), *DelegationRole.choices], required=False
    )
    position_title = forms.CharField(label=_("Chức vụ"), required=False, max_length=255)
    source_name = forms.CharField(required=False, widget=forms.HiddenInput)

    def included(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("include")))


class DraftRecommendationForm(forms.Form):
    """A recommendation raised at the session and the answer given there."""

    include = forms.BooleanField(label=_("Lưu"), required=False, initial=True)
    raised_by = _unit_input(label=_("Đơn vị kiến nghị"), required=False)
    addressed_to = _unit_input(label=_("Gửi cơ quan"), required=False)
    subject = forms.CharField(
        label=_("Nội dung kiến nghị"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answer = forms.CharField(label=_("Trả lời tại buổi làm việc"), required=False, max_length=2000)
    state = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[
            (RecommendationState.RAISED, RecommendationState.RAISED.label),
            (
                RecommendationState.UNDER_CONSIDERATION,
                RecommendationState.UNDER_CONSIDERATION.label,
            ),
        ],
        initial=RecommendationState.RAISED,
    )
    source_raised_by = forms.CharField(required=False, widget=forms.HiddenInput)
    source_to = forms.CharField(required=False, widget=forms.HiddenInput)

    def included(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("include")))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.included() and not (data.get("subject") or "").strip():
            self.add_error("subject", _("Nội dung kiến nghị không được để trống."))
        return data


DraftMemberFormSet = forms.formset_factory(DraftMemberForm, extra=0, max_num=200, absolute_max=200)
DraftRecommendationFormSet = forms.formset_factory(
    DraftRecommendationForm, extra=0, max_num=200, absolute_max=200
)
