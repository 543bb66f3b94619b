from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "namro.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"
