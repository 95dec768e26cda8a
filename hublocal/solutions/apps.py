from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolutionsConfig(AppConfig):
    name = "hublocal.solutions"
    verbose_name = _("Catálogo de soluciones")

    def ready(self) -> None:
        from . import labels  # its codes in words: audit actions, engagement processes

        labels.register()
        from hublocal.core import registry

        from . import demo, selectors

        registry.register_stat(
            "solutions.published", _("Soluciones en el catálogo"), selectors.published_solution_count
        )
        registry.register_seeder("solutions", 30, demo.seed)
        from . import index

        # A web process loads the latest stored build before its first request (as that request would).
        registry.register_warmup("solutions.matcher_index", index.catalogue_index)

        from . import personal_data

        personal_data.register()
        from . import sitemaps  # its public pages in /sitemap.xml

        sitemaps.register()
        from . import search_types  # its public objects in the site-wide search (/buscar/)

        search_types.register()
        from . import open_data  # the published catalogue on the open-data portal (/datos/)

        open_data.register()
