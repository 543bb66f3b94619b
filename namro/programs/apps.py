from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "namro.programs"
    label = "programs"
    verbose_name = _("Chương trình công tác")

    def ready(self) -> None:
        from namro.web.navigation import NAVIGATION, NavEntry

        entry = NavEntry("programs:list", _("Chương trình công tác"), group="documents")
        if entry not in NAVIGATION:
            NAVIGATION.append(entry)
