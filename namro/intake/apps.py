from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "namro.intake"
    label = "intake"
    verbose_name = _("Nhập liệu")

    def ready(self) -> None:
        from namro.web.navigation import NAVIGATION, NavEntry

        from .selectors import can_draft_documents, can_draft_visits

        for entry in (
            NavEntry(
                "intake:draft_tasks",
                _("Trích xuất văn bản"),
                can_draft_documents,
                group="documents",
            ),
            NavEntry(
                "intake:draft_visit",
                _("Dự thảo buổi làm việc"),
                can_draft_visits,
                group="oversight",
            ),
        ):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
