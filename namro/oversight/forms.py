"""Forms for the recommendation lifecycle actions."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import RecommendationOutcome


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
