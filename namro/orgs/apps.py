from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "namro.orgs"
    label = "orgs"
    verbose_name = "Tổ chức"
