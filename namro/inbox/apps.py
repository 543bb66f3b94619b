from django.apps import AppConfig


class InboxConfig(AppConfig):
    """What waits for me: everything that waits for the signed-in person's action."""

    name = "namro.inbox"
    label = "inbox"
    verbose_name = "Việc cần xử lý"
