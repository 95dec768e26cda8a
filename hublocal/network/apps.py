from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "hublocal.network"
    verbose_name = _("Unidades, red y hoja de ruta")

    def ready(self) -> None:
        from hublocal.core import registry

        from . import demo, labels, selectors, sitemaps
        from . import demo as link_demo
        from . import selectors as link_selectors

        labels.register()  # audit actions in words
        sitemaps.register()
        registry.register_seeder("network", 86, demo.seed)
        # The about page summarises the roadmap without importing this app.
        registry.register_roadmap(selectors.roadmap_summary, "network:roadmap")
        # The municipality page says whether it is an AMUCH member, without directory importing us.
        registry.register_profile_panel(
            "network", 60, "network/_profile_panel.html", selectors.profile_panel, cache_namespaces=("network",)
        )

        # --- Issue 14: agreements link to this app's objects without importing it (core.registry),
        # and its demo links the demo agreements once both exist.
        registry.register_agreement_link_kind(
            "network.stage", _("Etapa de la hoja de ruta (evidencia)"), link_selectors.stages_for_agreement_links
        )
        registry.register_agreement_link_choices("network.stage", link_selectors.stages_for_agreement_choices)
        registry.register_seeder("network.agreement_links", 89, link_demo.seed_agreement_links)
