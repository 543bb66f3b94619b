from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "namro.programs"
    label = "programs"
    verbose_name = "Chương trình công tác"
