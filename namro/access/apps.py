from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "namro.access"
    label = "access"
    verbose_name = "Phân quyền"
