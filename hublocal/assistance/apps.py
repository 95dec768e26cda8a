from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "hublocal.assistance"
    verbose_name = _("Asistencia técnica")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, home, labels, personal_data, recommend, selectors

        labels.register()
        registry.register_stat("assistance.engagements", _("Asistencias técnicas"), selectors.engagement_count)
        registry.register_seeder("assistance", 80, demo.seed)
        registry.register_profile_panel("assistance", 55, "assistance/_profile_panel.html", selectors.profile_panel)
        # Engagements are private to the municipality, its team and the hub: nothing goes to the
        # site-wide search or the sitemap; published outputs are found as library resources.
        registry.register_next_steps("assistance", 30, recommend.recommend)
        personal_data.register()
        home.register()

        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
