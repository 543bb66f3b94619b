from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def may_report(user: Any) -> bool:
    """Whoever holds a role over some unit may draft that unit's reports."""
    from namro.access import policy

    return policy.is_admin(user) or bool(policy.scope_tops(user))


class ReportsConfig(AppConfig):
    name = "namro.reports"
    label = "reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from namro.web.navigation import NAVIGATION, NavEntry

        entry = NavEntry("reports:periodic", _("Báo cáo định kỳ"), may_report, group="insights")
        if entry not in NAVIGATION:
            NAVIGATION.append(entry)
