"""Insights in the admin: the counters are derived data and closed periods are audited, so
the admin only shows them."""

from django.contrib import admin

from namro.core.admin import ReadOnlyAdmin

from .models import ClosedPeriod, PeriodCorrection, StatusTally, TaskTrail

admin.site.register(StatusTally, ReadOnlyAdmin)
admin.site.register(TaskTrail, ReadOnlyAdmin)
admin.site.register(ClosedPeriod, ReadOnlyAdmin)
admin.site.register(PeriodCorrection, ReadOnlyAdmin)
