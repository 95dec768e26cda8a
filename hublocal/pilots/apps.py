from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "hublocal.pilots"
    verbose_name = _("Convenios y pilotos")

    def ready(self) -> None:
        # Registrations (home statistics, demo seeder, profile panels) go here; see core.registry.
        pass
