from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "namro.reports"
    label = "reports"
    verbose_name = "Báo cáo"
