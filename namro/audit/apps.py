from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "namro.audit"
    label = "audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
