from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "namro.access"
    label = "access"
    verbose_name = "Phân quyền"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from .checks import factor_keys
        from .factor import begin_sign_in
        from .middleware import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="namro.access.idle")
        user_logged_in.connect(begin_sign_in, dispatch_uid="namro.access.steps")
        checks.register(factor_keys)
