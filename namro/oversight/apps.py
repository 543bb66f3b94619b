from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "namro.oversight"
    label = "oversight"
    verbose_name = "Kiểm tra, giám sát"
