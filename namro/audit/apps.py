from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "namro.audit"
    label = "audit"
    verbose_name = "Nhật ký"
