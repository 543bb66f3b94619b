from django.apps import AppConfig


class WebConfig(AppConfig):
    """The top floor shared by every page: home, search, navigation, template tags."""

    name = "namro.web"
    label = "web"
    verbose_name = "Giao diện"
