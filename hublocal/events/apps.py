from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "hublocal.events"
    verbose_name = _("Eventos y premios")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, exports, home, labels, open_data, panels_360, personal_data, search_types, sitemaps

        labels.register()
        personal_data.register()
        home.register()
        panels_360.register()
        sitemaps.register()
        exports.register()
        search_types.register()  # public events in site-wide search
        open_data.register()
        # After the solutions, pilots and library demos: pitches present the demo startups'
        # solutions and nominations may point at pilots and resources.
        registry.register_seeder("events", 87, demo.seed)
