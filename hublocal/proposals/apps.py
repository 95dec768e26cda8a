from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "hublocal.proposals"
    verbose_name = _("Propuestas y evaluación")

    def ready(self) -> None:
        # Registrations (home statistics, demo seeder, profile panels) go here; see core.registry.
        pass
