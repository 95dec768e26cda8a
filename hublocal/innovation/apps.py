from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "hublocal.innovation"
    verbose_name = _("Innovación abierta")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from hublocal.core import registry

        from . import demo, selectors

        registry.register_stat("innovation.published", _("Desafíos publicados"), selectors.challenge_counts)
        registry.register_seeder("innovation", 40, demo.seed)
        registry.register_profile_panel("innovation", 20, "innovation/_profile_panel.html", selectors.profile_panel)

        from . import personal_data

        personal_data.register()
        from . import sitemaps  # its public pages in /sitemap.xml

        sitemaps.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()
        from . import search_types  # its public objects in the site-wide search (/buscar/)

        search_types.register()
        from . import open_data  # public challenges on the open-data portal (/datos/)

        open_data.register()
