from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "hublocal.projects"
    verbose_name = _("Proyectos colaborativos")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, labels, personal_data, search_types, sitemaps
        from . import demo as link_demo
        from . import selectors as link_selectors

        labels.register()  # audit actions in words
        personal_data.register()
        search_types.register()
        sitemaps.register()
        registry.register_seeder("projects", 85, demo.seed)

        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        # --- Issue 14: agreements link to this app's objects without importing it (core.registry),
        # and its demo links the demo agreements once both exist.
        registry.register_agreement_link_kind(
            "projects.project", _("Proyecto colaborativo"), link_selectors.projects_for_agreement_links
        )
        registry.register_agreement_link_choices("projects.project", link_selectors.projects_for_agreement_choices)
        registry.register_seeder("projects.agreement_links", 88, link_demo.seed_agreement_links)
        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
