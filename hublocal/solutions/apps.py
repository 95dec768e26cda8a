from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolutionsConfig(AppConfig):
    name = "hublocal.solutions"
    verbose_name = _("Catálogo de soluciones")

    def ready(self) -> None:
        # Registrations (home statistics, demo seeder, profile panels) go here; see core.registry.
        pass
