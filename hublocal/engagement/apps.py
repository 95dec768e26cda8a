from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "hublocal.engagement"
    verbose_name = _("Seguimiento y escalamiento")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from . import personal_data

        personal_data.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()
