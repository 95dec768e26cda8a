from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "hublocal.library"
    verbose_name = _("Biblioteca de conocimiento")

    def ready(self) -> None:
        from . import labels  # its audit actions in words

        labels.register()
        from hublocal.core import registry

        from . import demo, recommend, selectors

        registry.register_stat(
            "library.published", _("Recursos publicados en la biblioteca"), selectors.published_count
        )
        registry.register_seeder("library", 65, demo.seed)
        registry.register_search_type(
            registry.SearchType(
                key="library.resource",
                label=_("Recursos de la biblioteca"),
                documents=selectors.search_documents,
                watch=("library.Resource", "library.ResourceVersion", "library.ResourceFile"),
                ids_for=selectors.search_ids_for,
                order=10,
            )
        )
        registry.register_next_steps("library", 10, recommend.recommend)
        from . import open_data  # the open catalogue of published resources

        open_data.register()
        from . import personal_data

        personal_data.register()
        from . import home  # its sections of the personal home (/inicio/)

        home.register()
        from . import sitemaps  # its public pages in /sitemap.xml

        sitemaps.register()
        from . import object_actions  # "turn into a replicable model" on a finished pilot's page

        object_actions.register()

        from . import indicators  # its sources for the hub's indicators (hublocal.evaluation)

        indicators.register()
