from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "namro.reminders"
    label = "reminders"
    verbose_name = "Nhắc việc, thông báo"
