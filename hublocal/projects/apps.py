from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "hublocal.projects"
    verbose_name = _("Proyectos colaborativos")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, labels, personal_data, search_types, sitemaps

        labels.register()  # audit actions in words
        personal_data.register()
        search_types.register()
        sitemaps.register()
        registry.register_seeder("projects", 85, demo.seed)

        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
