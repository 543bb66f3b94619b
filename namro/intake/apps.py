from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "namro.intake"
    label = "intake"
    verbose_name = "Nhập liệu"
