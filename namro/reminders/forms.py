"""The preferences form and the calendar feed form (the services check the values again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from namro.orgs.models import Unit

from .models import NotificationKind


class PreferenceForm(forms.Form):
    in_app = forms.BooleanField(label=_("Thông báo trong ứng dụng (chuông)"), required=False)
    email = forms.BooleanField(label=_("Gửi bản tin qua thư điện tử"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Nhận nhắc việc về"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Giờ gửi bản tin hằng ngày"),
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        coerce=int,
    )


class FeedForm(forms.Form):
    """A new feed: one's own deadlines (no unit) or those of a unit in one's scope."""

    unit = forms.ModelChoiceField(
        label=_("Lịch của"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Nhiệm vụ của tôi"),
        error_messages={"invalid_choice": _("Đơn vị không thuộc phạm vi của anh/chị.")},
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
