from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "hublocal.innovation"
    verbose_name = _("Innovación abierta")

    def ready(self) -> None:
        # Registrations (home statistics, demo seeder, profile panels) go here; see core.registry.
        pass
