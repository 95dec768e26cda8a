from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "hublocal.pilots"
    verbose_name = _("Convenios y pilotos")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from hublocal.core import registry

        from . import demo, selectors

        registry.register_stat("pilots.running", _("Pilotos en curso"), selectors.running_pilot_count)
        registry.register_seeder("pilots", 60, demo.seed)
        registry.register_profile_panel("pilots", 40, "pilots/_profile_panel.html", selectors.profile_panel)
        # Agreements (funding, framework) that a pilot executes link to it without importing pilots.
        registry.register_agreement_link_kind("pilots.pilot", _("Piloto"), selectors.pilots_for_agreement_links)
        registry.register_agreement_link_choices("pilots.pilot", selectors.pilots_for_agreement_choices)

        from . import open_data

        open_data.register()

        from . import personal_data

        personal_data.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()
        from . import search_types  # its public objects in the site-wide search (/buscar/)

        search_types.register()

        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
