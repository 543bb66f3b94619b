"""Forms of the document pages: a document and a table of its tasks, entered together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from namro.core.forms import DateField, JudgedOnRequest
from namro.core.query import words_q
from namro.core.text import fold
from namro.orgs.forms import UnitNameField, resolve_unit
from namro.orgs.models import Person, Position, Unit
from namro.tasks.models import Recurrence

from .models import Document, DocumentKind

if TYPE_CHECKING:
    from .services import RowError

# Columns of a pasted line, separated by tabs (as copied from a spreadsheet) or " | ".
PASTE_COLUMNS = ["action", "lead_unit", "due_on", "expected_output", "owner", "section"]


class DocumentEntryForm(JudgedOnRequest, forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=64)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        error_messages={"required": _("Trích yếu không được để trống.")},
    )
    issuer = UnitNameField(
        label=_("Cơ quan ban hành"),
        error_messages={"required": _("Hãy nhập cơ quan ban hành.")},
    )
    issued_on = DateField(
        label=_("Ngày ban hành"), error_messages={"required": _("Hãy nhập ngày ban hành.")}
    )
    received_on = DateField(
        label=_("Ngày đến"),
        required=False,
        help_text=_("Ngày văn bản đến cơ quan; từ ngày này tính hạn nhập nhiệm vụ."),
    )
    implements = forms.ModelChoiceField(
        label=_("Cụ thể hóa văn bản"), queryset=Document.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        issuers: QuerySet[Unit] | None = None,
        higher: QuerySet[Document] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        issuer = self.fields["issuer"]
        assert isinstance(issuer, UnitNameField)
        issuer.pool = issuers if issuers is not None else Unit.objects.none()
        issuer.widget.attrs.update({"list": "unit-options", "autocomplete": "off"})
        implements = self.fields["implements"]
        assert isinstance(implements, forms.ModelChoiceField)
        if higher is not None:
            implements.queryset = higher


class ReceivedForm(forms.Form):
    """The day a document arrived, recorded on its page."""

    received_on = DateField(
        label=_("Ngày đến"),
        required=False,
        help_text=_("Ngày văn bản đến cơ quan; từ ngày này tính hạn nhập nhiệm vụ."),
    )


def resolve_person(text: str, pool: QuerySet[Person]) -> Person:
    """The one person of ``pool`` that ``text`` names (exact name first, then every word)."""
    q = words_q(text)
    if q is None:
        raise ValidationError(_("Hãy nhập họ và tên."))
    candidates = list(pool.filter(q).order_by("full_name", "pk")[:20])
    exact = [p for p in candidates if fold(p.full_name) == fold(text)]
    matches = exact or candidates
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(
            _("Không tìm thấy cán bộ «%(name)s».") % {"name": text}, code="not_found"
        )
    raise ValidationError(
        _("Có nhiều cán bộ khớp với «%(name)s»; hãy ghi đủ họ và tên.") % {"name": text}
    )


class TaskRowForm(JudgedOnRequest, forms.Form):
    """One row of the task table. A row left entirely blank is ignored."""

    section = forms.CharField(label=_("Mục"), required=False, max_length=32)
    action = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Nội dung nhiệm vụ không được để trống.")},
    )
    lead_unit = UnitNameField(
        label=_("Đơn vị chủ trì"),
        required=False,
    )
    coordinating_units = forms.CharField(
        label=_("Đơn vị phối hợp"),
        help_text=_("Nhiều đơn vị cách nhau bởi dấu chấm phẩy (;)."),
        required=False,
    )
    # Cleaned before the owner: ticked, an owner not yet recorded is added with the task.
    add_owner = forms.BooleanField(label=_("Thêm người này là cán bộ mới"), required=False)
    owner_title = forms.CharField(
        label=_("Chức vụ của cán bộ mới"),
        required=False,
        max_length=Position._meta.get_field("title").max_length,
        help_text=_("Không bắt buộc; ghi vào đơn vị chủ trì từ hôm nay."),
    )
    owner = forms.CharField(label=_("Người chịu trách nhiệm"), required=False, max_length=200)
    due_on = DateField(label=_("Thời hạn"), required=False)
    recurrence = forms.ChoiceField(
        label=_("Tính chất thời hạn"),
        # A one-off task is done by the date of «Thời hạn»; it does not "have a deadline"
        # until one is written there.
        choices=[(Recurrence.NONE.value, _("Theo thời hạn"))]
        + [c for c in Recurrence.choices if c[0] != Recurrence.NONE],
        initial=Recurrence.NONE,
    )
    expected_output = forms.CharField(label=_("Sản phẩm, kết quả"), required=False, max_length=500)
    is_key = forms.BooleanField(label=_("Trọng tâm"), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        people: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unknown_owner = False  # set by the owner's check: a name not recorded yet
        self.units = units if units is not None else Unit.objects.none()
        self.people = people if people is not None else Person.objects.none()
        lead = self.fields["lead_unit"]
        assert isinstance(lead, UnitNameField)
        lead.pool = self.units
        for name in ("lead_unit", "coordinating_units"):
            self.fields[name].widget.attrs.update({"list": "unit-options", "autocomplete": "off"})

    def clean_coordinating_units(self) -> list[Unit]:
        text = self.cleaned_data.get("coordinating_units") or ""
        found: list[Unit] = []
        errors: list[str] = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            try:
                found.append(resolve_unit(part, self.units))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return found

    def columns(self) -> list[forms.BoundField]:
        """The fields shown as the table's columns (adding an owner sits in the owner's)."""
        return [f for f in self.visible_fields() if f.name not in {"add_owner", "owner_title"}]

    def clean_owner(self) -> Person | str | None:
        """The person named; or, for a name not recorded yet with «add» ticked, the name,
        whom the save adds as a new person of the lead unit."""
        text = " ".join((self.cleaned_data.get("owner") or "").split())
        if not text:
            return None
        try:
            return resolve_person(text, self.people)
        except ValidationError as exc:
            if exc.code != "not_found":
                raise
            self.unknown_owner = True
            if self.cleaned_data.get("add_owner"):
                return text
            raise ValidationError(
                _(
                    "Không tìm thấy cán bộ «%(name)s». Chọn một người trong danh sách gợi ý, hoặc "
                    "đánh dấu «Thêm người này là cán bộ mới»."
                )
                % {"name": text},
                code="not_found",
            ) from None


class BaseTaskRowFormSet(forms.BaseFormSet):
    def __init__(
        self,
        *args: Any,
        units: Any = None,
        people: Any = None,
        judged: bool = True,
        **kwargs: Any,
    ) -> None:
        self.units = units
        self.people = people
        self.judged = judged
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"units": self.units, "people": self.people, "judged": self.judged}

    def filled_forms(self) -> list[TaskRowForm]:
        """The rows the user wrote something in."""
        return [f for f in self.forms if f.has_changed()]  # type: ignore[misc]


TaskRowFormSet = forms.formset_factory(
    TaskRowForm, formset=BaseTaskRowFormSet, extra=0, min_num=0, max_num=500, absolute_max=500
)


class EntryOptionsForm(forms.Form):
    paste = forms.CharField(
        label=_("Dán nhiều dòng"),
        help_text=_(
            "Mỗi dòng một nhiệm vụ; các cột cách nhau bởi phím Tab (chép từ Excel) hoặc «|»: "
            "nội dung | đơn vị chủ trì | thời hạn dd/mm/yyyy hoặc «05 ngày làm việc» | sản phẩm | "
            "người chịu trách nhiệm | mục."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    accept_unclear = forms.BooleanField(
        label=_("Vẫn lưu khi còn nhiệm vụ chưa đủ sáu rõ"), required=False
    )


def split_pasted(text: str) -> list[dict[str, str]]:
    """Rows from pasted lines: tab- or "|"-separated columns in ``PASTE_COLUMNS`` order."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = line.split("\t") if "\t" in line else line.split("|")
        values = [c.strip() for c in cells]
        rows.append({name: v for name, v in zip(PASTE_COLUMNS, values, strict=False) if v})
    return rows


def show_row_errors(forms: list[Any], errors: Iterable[RowError]) -> None:
    """Put each row error of ``document_with_tasks`` on its row's form (row n = form n-1)."""
    for error in errors:
        form = forms[error.row - 1]
        form.add_error(error.field if error.field in form.fields else None, error.message)
