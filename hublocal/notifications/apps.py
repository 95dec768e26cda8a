from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "hublocal.notifications"
    verbose_name = _("Avisos")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, notification kinds

        labels.register()
        from . import personal_data

        personal_data.register()
