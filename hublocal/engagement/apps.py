from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "hublocal.engagement"
    verbose_name = _("Seguimiento y escalamiento")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
