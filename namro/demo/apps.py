from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Hà Nội demo story and the `demo` command that loads it."""

    name = "namro.demo"
    label = "demo"
    verbose_name = "Minh họa"
