"""Insights in the admin: closed periods are audited, so the admin only shows them."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import ClosedPeriod, PeriodCorrection

admin.site.register(ClosedPeriod, ReadOnlyAdmin)
admin.site.register(PeriodCorrection, ReadOnlyAdmin)
