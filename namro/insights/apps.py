from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "namro.insights"
    label = "insights"
    verbose_name = "Tổng hợp, đánh giá"
