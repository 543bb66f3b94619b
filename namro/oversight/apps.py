from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "namro.oversight"
    label = "oversight"
    verbose_name = _("Kiểm tra, giám sát")

    def ready(self) -> None:
        from namro.web.navigation import NAVIGATION, NavEntry

        for entry in (
            NavEntry("oversight:visits", _("Đoàn công tác"), group="oversight"),
            NavEntry("oversight:recommendations", _("Kiến nghị"), group="oversight"),
            NavEntry("oversight:reviews", _("Sơ kết, tổng kết"), group="oversight"),
        ):
            if entry not in NAVIGATION:
                NAVIGATION.append(entry)
