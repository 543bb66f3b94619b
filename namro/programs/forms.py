"""Forms of the work programme pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from namro.core.forms import DateField
from namro.documents.models import Document
from namro.orgs.forms import UnitNameField
from namro.orgs.models import Unit
from namro.oversight.models import Review, Visit

from .models import ItemKind, PeriodKind, ProgramKind


class ProgramForm(forms.Form):
    unit = UnitNameField(label=_("Đơn vị"), error_messages={"required": _("Hãy nhập đơn vị.")})
    kind = forms.ChoiceField(label=_("Loại"), choices=ProgramKind.choices)
    title = forms.CharField(
        label=_("Tên chương trình"),
        max_length=500,
        error_messages={"required": _("Tên chương trình không được để trống.")},
    )
    starts_on = DateField(
        label=_("Từ ngày"), error_messages={"required": _("Hãy nhập ngày bắt đầu.")}
    )
    ends_on = DateField(
        label=_("Đến ngày"), error_messages={"required": _("Hãy nhập ngày kết thúc.")}
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].pool = units  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại công việc"), choices=ItemKind.choices)
    title = forms.CharField(
        label=_("Nội dung"),
        max_length=500,
        error_messages={"required": _("Nội dung không được để trống.")},
    )
    period_kind = forms.ChoiceField(label=_("Kỳ"), choices=PeriodKind.choices)
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=1900,
        max_value=2999,
        error_messages={"required": _("Hãy nhập năm."), "invalid": _("Năm phải là số.")},
    )
    period_number = forms.IntegerField(
        label=_("Tháng/quý"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("Tháng 1–12 hoặc quý 1–4; bỏ qua khi kỳ là năm."),
    )
    lead_unit = UnitNameField(label=_("Đơn vị chủ trì chuẩn bị"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].pool = units  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    """What was actually done: one document issued, one review held or one visit held."""

    document = forms.ModelChoiceField(
        label=_("Văn bản đã ban hành"), queryset=Document.objects.none(), required=False
    )
    review = forms.ModelChoiceField(
        label=_("Hội nghị sơ kết, tổng kết đã tổ chức"),
        queryset=Review.objects.none(),
        required=False,
    )
    visit = forms.ModelChoiceField(
        label=_("Buổi làm việc đã tổ chức"), queryset=Visit.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        documents: QuerySet[Document],
        reviews: QuerySet[Review],
        visits: QuerySet[Visit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]
        self.fields["review"].queryset = reviews  # type: ignore[attr-defined]
        self.fields["visit"].queryset = visits  # type: ignore[attr-defined]
