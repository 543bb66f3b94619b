"""Insights in the admin: closed periods and waivers are audited, so the admin only shows them."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import ClosedPeriod, PeriodCorrection, Waiver

admin.site.register(ClosedPeriod, ReadOnlyAdmin)
admin.site.register(PeriodCorrection, ReadOnlyAdmin)
admin.site.register(Waiver, ReadOnlyAdmin)
