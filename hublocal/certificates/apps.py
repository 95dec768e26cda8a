from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "hublocal.certificates"
    verbose_name = _("Certificados")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, notification kinds

        labels.register()
        from . import personal_data

        personal_data.register()

        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
