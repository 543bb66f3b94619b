from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "namro.core"
    label = "core"
    verbose_name = "Chung"
