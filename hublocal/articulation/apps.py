from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticulationConfig(AppConfig):
    name = "hublocal.articulation"
    verbose_name = _("Articulación institucional")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, home, labels, personal_data, search_types
        from . import demo as link_demo
        from . import selectors as link_selectors

        labels.register()
        # The tables before the diagnosis seeder, which plays the hourly escalation job once (so
        # Santiago's overdue commitment is escalated like any other silence); policy items after
        # the library, whose resources are their evidence.
        registry.register_seeder("articulation-tables", 19, demo.seed_tables)
        registry.register_seeder("articulation-policy", 90, demo.seed_policy)
        search_types.register()  # search types and sitemap sections
        personal_data.register()
        home.register()
        from . import panels_360  # its sections of the 360° pages (core.registry)

        panels_360.register()

        # --- Issue 14: agreements link to this app's objects without importing it (core.registry),
        # and its demo links the demo agreements once both exist.
        registry.register_agreement_link_kind(
            "articulation.roundtable", _("Mesa técnica"), link_selectors.tables_for_agreement_links
        )
        registry.register_agreement_link_choices("articulation.roundtable", link_selectors.tables_for_agreement_choices)
        registry.register_seeder("articulation.agreement_links", 88, link_demo.seed_agreement_links)
        from . import (
            indicators,  # its sources for the hub's indicators (hublocal.evaluation)
            tasks,  # noqa: F401 - registers the periodic overdue scan with the queue
        )

        indicators.register()
