from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "namro.workdays"
    label = "workdays"
    verbose_name = "Ngày làm việc"
