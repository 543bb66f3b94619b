"""The preferences form (the service checks the values again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
