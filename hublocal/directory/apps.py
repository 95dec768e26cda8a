from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "hublocal.directory"
    verbose_name = _("Directorio")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from hublocal.core import registry

        from . import selectors

        registry.register_stat("directory.organizations", _("Organizaciones en la red"), selectors.organization_count)
        registry.register_stat("directory.people", _("Personas en la red"), selectors.person_count)

        from . import demo

        registry.register_seeder("directory", 10, demo.seed)

        from . import personal_data

        personal_data.register()
        from . import sitemaps  # its public pages in /sitemap.xml

        sitemaps.register()
        from . import search_types  # its public objects in the site-wide search (/buscar/)

        search_types.register()
